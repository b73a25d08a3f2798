"""Kept for the registry tests' imports: the helper now lives in tests/helpers.py."""

from tests.helpers import login_staff

__all__ = ["login_staff"]
