"""Log a staff user into the admin, past the second-factor gate when the portal has one."""

from __future__ import annotations

from django.apps import apps
from django.test import Client

from accounts.models import User


def login_staff(client: Client, user: User) -> Client:
    client.force_login(user)
    if apps.is_installed("django_otp.plugins.otp_totp"):
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
