"""What the browser tests share: numbered screenshots, the member's and the staff's ways in, the
texts a page shows in a given language, small valid files, and the steps several journeys take
(joining the portal, acting on a dossier in the back office, paying a batch)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import mail
from django.template.defaultfilters import floatformat
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize

from accounts.models import TermsVersion, User
from accounts.roles import is_staff_user
from catalog.models import Campaign, Service
from payments.models import PaymentBatch
from registry.models import Member
from tests.dossiers.factories import open_campaign
from tests.factories import PASSWORD
from tests.helpers import login_staff

PHONE: ViewportSize = {"width": 360, "height": 740}
DESK: ViewportSize = {"width": 1280, "height": 800}
Shoot = Callable[[Page, str], Path]


# Screenshots ------------------------------------------------------------------------------------


@dataclass
class Camera:
    """Names a journey's screenshots in order: ``pattern`` uses {language}, {number}, {step}."""

    shoot: Shoot
    pattern: str
    language: str = ""
    names: list[str] = field(default_factory=list)

    def __call__(self, page: Page, step: str) -> Path:
        number = len(self.names) + 1
        name = self.pattern.format(language=self.language, number=number, step=step)
        self.names.append(name)
        return self.shoot(page, name)


# What a page says in a language ----------------------------------------------------------------


def direction(language: str) -> str:
    return "rtl" if translation.get_language_info(language)["bidi"] else "ltr"


def translated(language: str, text: str) -> str:
    """``text`` (a French msgid) as the portal shows it in ``language``; Arabic must differ."""
    with translation.override(language):
        result = gettext(text)
    assert language == settings.LANGUAGE_CODE or result != text, f"untranslated: {text!r}"
    return result


def in_language(language: str, value: Callable[[], Any]) -> str:
    """What ``value()`` renders to in ``language`` (catalogue names, localized numbers)."""
    with translation.override(language):
        return str(value())


def decimal_text(language: str, amount: str) -> str:
    """A Decimal as ``{{ amount }}`` renders it ("720,00")."""
    return in_language(language, lambda: formats.localize(Decimal(amount)))


def money_text(language: str, amount: str) -> str:
    """An amount as the payment pages render it (``floatformat:"2g"``)."""
    return in_language(language, lambda: floatformat(Decimal(amount), "2g"))


def heading(page: Page) -> str:
    return " ".join(page.inner_text("main h1").split())


def fits_the_screen(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def badges_fit_their_cards(page: Page) -> bool:
    """Every status badge stays inside its card (a long status on a narrow phone wraps)."""
    return bool(
        page.evaluate(
            """() => [...document.querySelectorAll('.card .status')].every(badge => {
                const card = badge.closest('.card').getBoundingClientRect();
                const box = badge.getBoundingClientRect();
                return box.left >= card.left - 0.5 && box.right <= card.right + 0.5;
            })"""
        )
    )


def assert_in_language(page: Page, language: str) -> None:
    assert page.get_attribute("html", "lang") == language
    assert page.get_attribute("html", "dir") == direction(language)


def facts(page: Page, scope: str = "main .dossier-facts") -> dict[str, str]:
    """A facts list (``<dl>``) as {term: description}, as the person reads it."""
    found = page.eval_on_selector(
        scope,
        """dl => Object.fromEntries([...dl.querySelectorAll(':scope > dt')].map(
            dt => [dt.innerText.trim(), dt.nextElementSibling.innerText.trim()]))""",
    )
    return {str(term): " ".join(str(text).split()) for term, text in found.items()}


def status_on(page: Page, scope: str = "main") -> str:
    return page.locator(f"{scope} .status").first.inner_text().strip()


# Files people upload ------------------------------------------------------------------------------


def jpeg_bytes(size: tuple[int, int] = (120, 80)) -> bytes:
    """A small valid JPEG photo (a boarding pass, as far as the tests care)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 93, 75)).save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


def a_file(folder: Path, name: str, content: bytes) -> str:
    path = folder / name
    path.write_bytes(content)
    return str(path)


# Signing in -------------------------------------------------------------------------------------


def choose_language(page: Page, url: str, language: str) -> None:
    page.goto(url)
    if page.get_attribute("html", "lang") != language:
        page.locator(f"button[name=language][value={language}]").click()
    page.wait_for_selector(f"html[lang={language}]")


def fill_captcha(page: Page) -> None:
    # CAPTCHA_TEST_MODE (test settings only) accepts the fixed answer.
    page.fill("input[name=captcha_1]", "PASSED")


def submit(page: Page) -> None:
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()


def signed_in(
    browser: Browser,
    live_server: Any,
    user: User,
    *,
    language: str,
    viewport: ViewportSize = PHONE,
    **options: Any,
) -> BrowserContext:
    """A browser context with ``user``'s session (staff past the second factor) and language."""
    client = Client()
    if is_staff_user(user):
        login_staff(client, user)
    else:
        client.force_login(user)
    context = browser.new_context(viewport=viewport, **options)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            },
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
        ]
    )
    return context


def current_code(user: User) -> str:
    """The 6 digits ``user``'s authenticator app shows now (a confirmed device is made once)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    return f"{token:0{device.digits}d}"


def staff_signs_in(page: Page, url: str, user: User, language: str) -> None:
    """Through the login page, the captcha and the second factor, as a person does."""
    current_code(user)  # the device exists before the password is checked
    choose_language(page, url + reverse("login"), language)
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    fill_captcha(page)
    submit(page)
    page.wait_for_url("**/accounts/otp/verify/**")
    assert heading(page) == translated(language, "Double authentification")
    page.fill("input[name=code]", current_code(user))
    submit(page)
    assert "/accounts/otp/" not in page.url, page.inner_text("main")


# Joining the portal ----------------------------------------------------------------------------


def link_in_last_email() -> str:
    body = str(mail.outbox[-1].body)
    match = re.search(r"https?://\S+/accounts/link/\S+/", body)
    assert match, body
    return match.group(0)


def register(page: Page, url: str, member: Member) -> None:
    page.goto(url + reverse("register"))
    page.fill("input[name=matricule]", member.matricule)
    page.fill("input[name=cin]", member.cin)
    page.select_option("select[name=position]", member.position)
    page.fill("input[name=email]", member.professional_email)
    fill_captcha(page)


def portal_subject(language: str, msgid: str) -> str:
    portal = in_language(language, lambda: settings.FOS_SHORT_NAME)  # translated too
    return translated(language, msgid) % {"portal_name": portal}


def join_the_portal(
    page: Page,
    url: str,
    member: Member,
    camera: Camera,
    *,
    language: str,
    first_password: str,
    new_password: str,
) -> None:
    """DOMAIN.md section 2: register against the registry, the emailed link, a password, the
    login, the terms, the forced password change. Screenshots: register, link-sent,
    set-password, login, terms, change-password."""
    choose_language(page, url + "/", language)
    register(page, url, member)
    assert heading(page) == translated(language, "Créer un compte / Récupérer mot de passe")
    camera(page, "register")
    submit(page)
    assert heading(page) == translated(language, "Vérifiez votre messagerie")
    assert len(mail.outbox) == 1
    activation = mail.outbox[0]
    assert activation.to == [member.professional_email]
    assert activation.subject == portal_subject(language, "%(portal_name)s : activez votre compte")
    camera(page, "link-sent")

    page.goto(link_in_last_email())
    assert heading(page) == translated(language, "Choisir votre mot de passe")
    assert member.matricule in page.inner_text("main")
    page.fill("input[name=new_password1]", first_password)
    page.fill("input[name=new_password2]", first_password)
    camera(page, "set-password")
    submit(page)

    page.wait_for_url("**/accounts/login/**")
    assert translated(
        language, "Votre mot de passe est enregistré. Vous pouvez vous connecter."
    ) in (page.inner_text(".messages"))
    assert heading(page) == translated(language, "Authentification")
    page.fill("input[name=username]", member.matricule)
    page.fill("input[name=password]", first_password)
    fill_captcha(page)
    camera(page, "login")
    submit(page)

    assert page.url.endswith("/accounts/terms/")
    assert_in_language(page, language)
    terms = TermsVersion.current()
    assert terms is not None
    assert heading(page) == in_language(language, lambda: terms.title)
    assert page.locator("main form button[type=submit]").inner_text() == translated(
        language, "Accepter"
    )
    camera(page, "terms")
    submit(page)

    assert "/accounts/password/change/" in page.url
    assert heading(page) == translated(language, "Changer le mot de passe")
    assert translated(
        language,
        "Pour la sécurité de votre compte, choisissez un nouveau mot de passe avant de continuer.",
    ) in page.inner_text("main")
    page.fill("input[name=old_password]", first_password)
    page.fill("input[name=new_password1]", new_password)
    page.fill("input[name=new_password2]", new_password)
    camera(page, "change-password")
    submit(page)
    assert heading(page) == translated(language, "Mot de passe modifié")
    assert mail.outbox[-1].subject == portal_subject(
        language, "%(portal_name)s : votre mot de passe a été modifié"
    )


# The member's requests --------------------------------------------------------------------------


def campaign_open_now(code: str) -> tuple[Service, Campaign]:
    """A service of the default catalogue and its campaign open today (one made if none is)."""
    service = Service.objects.get(code=code)
    now = timezone.now()
    campaign = service.campaigns.filter(opens_at__lte=now, closes_at__gt=now).first()
    return service, campaign or open_campaign(service, key="e2e")


def next_step(page: Page) -> None:
    page.locator("button[name=next]").click()
    page.wait_for_load_state()


def wizard_title(page: Page) -> str:
    return page.inner_text("#step-title").strip()


def row_of(page: Page, dossier_pk: int) -> Any:
    """The history table's row of a dossier."""
    link = page.locator(f"a[href$='/dossiers/{dossier_pk}/']")
    return page.locator("table.dossier-table tbody tr", has=link)


# The back office --------------------------------------------------------------------------------


def act(page: Page, action: str, **fields: str) -> None:
    """Fill an action's form on the staff dossier page and send it."""
    form = page.locator(f"form[action$='/{action}/']")
    for name, value in fields.items():
        form.locator(f"[name={action}-{name}]").fill(value)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def pay_the_listed_dossiers(page: Page, url: str, *, label: str, camera: Camera) -> PaymentBatch:
    """From the new-batch page: make the batch, download its bank file (which exports it), mark
    it paid today. Screenshots: new-batch, exported-batch, paid-batch."""
    camera(page, "new-batch")
    page.fill("input[name=label]", label)
    page.locator("form.pay-create button[type=submit]").click()
    page.wait_for_selector("h1:has-text('VIR-')")
    batch = PaymentBatch.objects.get(label=label)
    with page.expect_download() as download:
        page.locator("button[name=format][value=bank]").click()
    assert download.value.suggested_filename == f"{batch.reference}.txt"
    page.goto(url + reverse("payments_batch", args=[batch.pk]))
    camera(page, "exported-batch")
    page.fill("input[name=paid_on]", timezone.localdate().isoformat())
    page.locator("form[action$='/paid/'] button[type=submit]").click()
    page.wait_for_selector(".pay-status-paid")
    camera(page, "paid-batch")
    return batch
