"""The demo logins: one member per position, an agent, a supervisor and an administrator.

They share one documented password (docs/demo.md); ``seed_demo`` creates them and resets their
password, ``demo_logins`` lists them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.models import Group
from django.utils import translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.roles import ADMINISTRATORS, AGENTS, SUPERVISORS
from registry.demo import PRIVATE_DOMAIN, email_local_part, matricule_for
from registry.models import Member

# Public on purpose: documented in docs/demo.md; seed_demo refuses to run in production.
DEMO_PASSWORD = "Demo-2026-fos"  # noqa: S105
DEMO_URL = "http://127.0.0.1:8000"
STAFF_EMAIL_DOMAIN = "fos.localhost"
ABSENT = "(absent)"
CHANGED = "(modifié)"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    member_index: int | None = None
    group: str | None = None
    first_name: str = ""
    last_name: str = ""
    superuser: bool = False


DEMO_LOGINS = (
    DemoLogin("Adhérent actif (Oujda, famille)", matricule_for(0), member_index=0),
    DemoLogin("Adhérent retraité", matricule_for(1), member_index=1),
    DemoLogin("Adhérent détaché", matricule_for(2), member_index=2),
    DemoLogin("Adhérent mis à disposition", matricule_for(3), member_index=3),
    DemoLogin("Agent", "agent", group=AGENTS, first_name="Amina", last_name="Ouazzani"),
    DemoLogin(
        "Superviseur", "superviseur", group=SUPERVISORS, first_name="Rachid", last_name="Filali"
    ),
    DemoLogin(
        "Administrateur",
        "admin",
        group=ADMINISTRATORS,
        first_name="Leila",
        last_name="Sebti",
        superuser=True,
    ),
)


def ensure_demo_logins() -> list[User]:
    """Create or refresh every demo login; the members must exist (``registry.demo.seed``)."""
    users = [_ensure(login) for login in DEMO_LOGINS]
    _assign_demo_agents(
        [u for u, login in zip(users, DEMO_LOGINS, strict=True) if login.group == AGENTS]
    )
    return users


def _assign_demo_agents(agents: list[User]) -> None:
    """The demo agent handles every active service, so its queues are not empty in a demo."""
    assignment = apps.get_model("backoffice", "AgentAssignment")
    service = apps.get_model("catalog", "Service")
    for agent in agents:
        for service_id in service.objects.filter(is_active=True).values_list("pk", flat=True):
            assignment.objects.get_or_create(user=agent, service_id=service_id)


def _ensure(login: DemoLogin) -> User:
    user = User.objects.filter(username=login.username).first() or User(username=login.username)
    member = None
    if login.member_index is not None:
        member = Member.objects.get(matricule=login.username)
        user.first_name, user.last_name = member.first_name, member.last_name
    else:
        user.first_name, user.last_name = login.first_name, login.last_name
    user.member = member
    user.email = _email(login, member)
    user.is_active = True
    user.is_staff = login.group is not None
    user.is_superuser = login.superuser
    user.set_password(DEMO_PASSWORD)
    user.save()
    if login.group:
        user.groups.add(Group.objects.get_or_create(name=login.group)[0])
    return user


def _email(login: DemoLogin, member: Member | None) -> str:
    if member is None:
        return f"{login.username}@{STAFF_EMAIL_DOMAIN}"
    if member.professional_email:
        return member.professional_email
    return f"{email_local_part(member.first_name, member.last_name)}@{PRIVATE_DOMAIN}"


@dataclass(frozen=True)
class LoginRow:
    role: str
    username: str
    password: str
    name: str
    position: str


def login_rows() -> list[LoginRow] | None:
    """What ``demo_logins`` prints; None when the demo logins were never created."""
    users = {
        user.username: user
        for user in User.objects.select_related("member").filter(
            username__in=[login.username for login in DEMO_LOGINS]
        )
    }
    if not users:
        return None
    with translation.override("fr"):
        return [_row(login, users.get(login.username)) for login in DEMO_LOGINS]


def _row(login: DemoLogin, user: User | None) -> LoginRow:
    if user is None:
        return LoginRow(login.role, login.username, ABSENT, "", "")
    password = DEMO_PASSWORD if user.check_password(DEMO_PASSWORD) else CHANGED
    if user.member is not None:
        name, position = user.member.full_name, str(user.member.get_position_display())
    else:
        name, position = user.get_full_name(), "personnel de la fondation"
    return LoginRow(login.role, login.username, password, name, position)


def current_totp_code(username: str) -> str | None:
    """The code a staff login's authenticator app shows now (its enrolled device, else the one
    its enrolment page shows), so a demo can be walked without a phone; None if it has none."""
    device = (
        TOTPDevice.objects.filter(user__username=username).order_by("-confirmed", "-pk").first()
    )
    if device is None:
        return None
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"
