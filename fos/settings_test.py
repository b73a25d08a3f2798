"""Test profile: the same settings, with fast hashing and an in-memory outbox."""

import os

os.environ["FOS_ENV"] = "test"
os.environ.setdefault("EMAIL_URL", "locmem:")

from fos.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only, never deployed
CELERY_TASK_ALWAYS_EAGER = True
CAPTCHA_TEST_MODE = True  # the fixed answer "PASSED"; fos/settings.py refuses it in production
