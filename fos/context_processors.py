from typing import Any

from django.conf import settings
from django.http import HttpRequest


def portal(request: HttpRequest) -> dict[str, Any]:
    return {"FOS_NAME": settings.FOS_NAME, "FOS_SHORT_NAME": settings.FOS_SHORT_NAME}
