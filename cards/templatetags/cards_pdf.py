from django import template

from cards.constants import PDF_STATIC_SCHEME

register = template.Library()


@register.simple_tag
def pdf_static(path: str) -> str:
    """A static file for a PDF template: served by cards.pdf.PortalUrlFetcher, nothing else."""
    return f"{PDF_STATIC_SCHEME}{path.lstrip('/')}"
