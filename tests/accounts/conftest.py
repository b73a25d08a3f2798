"""The accounts tests use the shared personas of tests/conftest.py; these names stay importable."""

from tests.helpers import CAPTCHA, verify_otp

__all__ = ["CAPTCHA", "verify_otp"]
