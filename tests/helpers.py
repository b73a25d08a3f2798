"""Helpers shared by every test package."""

from __future__ import annotations

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User

# CAPTCHA_TEST_MODE (test settings only) accepts this answer.
CAPTCHA = {"captcha_0": "test-key", "captcha_1": "PASSED"}


def verify_otp(client: Client, user: User) -> TOTPDevice:
    """Mark the client's session as having passed the second factor with a confirmed device."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def login_staff(client: Client, user: User) -> Client:
    """Log a staff user in, past the second-factor gate."""
    client.force_login(user)
    verify_otp(client, user)
    return client
