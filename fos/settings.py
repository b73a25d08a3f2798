"""Settings, read from the environment with safe defaults for the embedded run.

FOS_ENV selects the profile: ``development`` (default: `make run`), ``test`` (pytest) or
``production`` (gunicorn behind a reverse proxy). Production refuses to start without the
settings that only an operator can give (SECRET_KEY, ALLOWED_HOSTS).
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

import dj_database_url
import django_stubs_ext
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from fos.env import env_bool, env_int, env_list, env_str

# Lets type-annotated code subscript Django's generic classes (ModelForm[Member]) at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("FOS_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

FOS_ENV = env_str("FOS_ENV", "development")
if FOS_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(f"FOS_ENV={FOS_ENV!r}: use development, test or production")
PRODUCTION = FOS_ENV == "production"

DEBUG = env_bool("DEBUG", FOS_ENV == "development")
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must stay off in production")


# Keys that must never sign production sessions and links: Django's own placeholder prefix and
# the values people paste from tutorials and .env examples.
WEAK_SECRET_KEYS = {"changeme", "change-me", "secret", "secret-key", "your-secret-key", "dev"}


def secret_key_weakness(key: str) -> str:
    """Why a key is too weak for production, or "" (Django's own check_deploy test, and more)."""
    if key.strip().lower() in WEAK_SECRET_KEYS or key.startswith("django-insecure"):
        return "a placeholder value"
    if len(key) < 50:
        return "shorter than 50 characters"
    if len(set(key)) < 10:
        return "fewer than 10 different characters"
    return ""


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key and PRODUCTION and (weakness := secret_key_weakness(key)):
        raise ImproperlyConfigured(
            f"SECRET_KEY is {weakness}: generate one with "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) is required in production")
    # The embedded run keeps one random key per checkout so sessions survive a restart.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required in production")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    # Still installed only so that code outside accounts/ and api/ that creates DRF tokens
    # keeps importing until it moves to knox; no request accepts those tokens any more
    # (docs/decisions/api-tokens.md).
    "rest_framework.authtoken",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "captcha",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "fos",
    "accounts",
    "api",
    "registry",
    "catalog",
    "documents",
    "notifications",
    "backoffice",
    "cards",
    "dossiers",
    "correspondence",
    "membership",
    "payments",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "fos.sessions.IdleSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "fos.middleware.PersonalDataNoStoreMiddleware",
    # With DEBUG on (make run), a plain 404 shows the portal's page (docs/decisions/error-pages.md).
    "fos.middleware.FriendlyNotFoundMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "accounts.middleware.AccessGateMiddleware",
    # Last, as django-axes asks: it turns a lockout flagged during login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "fos.urls"
WSGI_APPLICATION = "fos.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fos.context_processors.portal",
                "backoffice.context_processors.navigation",
            ],
        },
    },
]

# Database ----------------------------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60 if PRODUCTION else 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while one writer commits; IMMEDIATE takes the write lock at
    # BEGIN so two writers queue on the busy timeout instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Accounts ----------------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out matricule or address
    "django.contrib.auth.backends.ModelBackend",
]
# The portal's public address for links in emails (e.g. https://portail.fos.ma); when empty,
# the address of the request that asked for the email.
PORTAL_URL = env_str("PORTAL_URL", "")
# Registration / "mot de passe oublié" links (docs/decisions/account-links-not-passwords.md).
ACCOUNT_LINK_VALIDITY_HOURS = env_int("ACCOUNT_LINK_VALIDITY_HOURS", 24)
# Links (activation, password, new address) one account may be sent per hour, whoever asks and
# from however many addresses: past it, the same answer and nothing sent (the audit says why).
ACCOUNT_LINKS_PER_HOUR = env_int("ACCOUNT_LINKS_PER_HOUR", 3)
if ACCOUNT_LINKS_PER_HOUR < 1:
    raise ImproperlyConfigured("ACCOUNT_LINKS_PER_HOUR must be 1 or more")
# Members whose position is "active" must give an address in one of these domains.
PROFESSIONAL_EMAIL_DOMAINS = [
    domain.lower().lstrip("@")
    for domain in env_list("PROFESSIONAL_EMAIL_DOMAINS", ["finances.gov.ma"])
]
# An account activated by link changes its password at first login (DOMAIN.md 2.5).
ACCOUNT_FORCE_PASSWORD_CHANGE_AFTER_ACTIVATION = env_bool(
    "ACCOUNT_FORCE_PASSWORD_CHANGE_AFTER_ACTIVATION", True
)

# Lockout after repeated failures (django-axes), on the pair (matricule, address): nobody can
# lock a member out from elsewhere (docs/decisions/api-login-without-captcha.md). An address
# failing on many accounts is locked for all of them at LOGIN_ADDRESS_FAILURE_LIMIT
# (accounts/lockout.py). The member is told by email once per LOGIN_ATTACK_NOTICE_HOURS when
# LOGIN_ATTACK_NOTICE_FAILURES failures on their account, from anywhere, fall in that window.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "accounts.lockout.PortalAxesHandler"
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20)
if LOGIN_ADDRESS_FAILURE_LIMIT < AXES_FAILURE_LIMIT:
    raise ImproperlyConfigured("LOGIN_ADDRESS_FAILURE_LIMIT must be at least LOGIN_FAILURE_LIMIT")
LOGIN_ATTACK_NOTICE_FAILURES = env_int("LOGIN_ATTACK_NOTICE_FAILURES", AXES_FAILURE_LIMIT)
LOGIN_ATTACK_NOTICE_HOURS = env_int("LOGIN_ATTACK_NOTICE_HOURS", 24)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_CLIENT_IP_CALLABLE = "accounts.requests.client_ip"
# Behind N reverse proxies that append to X-Forwarded-For, the client is the Nth entry from the
# end; 0 (the default) trusts only REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Self-hosted image captcha (django-simple-captcha); no outside host.
CAPTCHA_LENGTH = 5
CAPTCHA_TIMEOUT = 10  # minutes
CAPTCHA_IMAGE_SIZE = (160, 50)
CAPTCHA_FONT_SIZE = 32
CAPTCHA_2X_IMAGE = False
# The fixed answer "PASSED" is accepted only where FOS_ENV is test or development.
CAPTCHA_TEST_MODE = env_bool("CAPTCHA_TEST_MODE", False)
if CAPTCHA_TEST_MODE and PRODUCTION:
    raise ImproperlyConfigured("CAPTCHA_TEST_MODE must never be set in production")

# Second factor (TOTP): required for staff, optional for members.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "FOS Portal")

# Languages ---------------------------------------------------------------------------------

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("ar", _("العربية"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "fos_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env_str("TIME_ZONE", "Africa/Casablanca")
USE_I18N = True
USE_TZ = True

# Static and uploaded files -----------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files are private (medical papers, RIBs): they are never served from MEDIA_URL,
# only through views that check who is asking.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Cache, sessions, background work ----------------------------------------------------------

REDIS_URL = env_str("REDIS_URL")
# "pages": the member pages' rendered parts (dossiers/pagecache.py), kept for
# PAGE_CACHE_SECONDS (0: off). Shared on Redis; without it, each process keeps its own.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 900)
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pages",
        },
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_ENTRIES", 2000)},
        },
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL or "memory://")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "deliver-due-emails": {"task": "notifications.tasks.deliver_due_emails", "schedule": 60.0},
    # Daily: this year's campaigns from their templates, and next year's from 1 December.
    "open-yearly-campaigns": {
        "task": "catalog.tasks.open_yearly_campaigns",
        "schedule": crontab(hour=0, minute=5),
    },
}
# An email that cannot leave is retried with a growing delay (2, 4, 8 ... minutes, at most 6 h)
# this many times before it is marked abandoned in the outbox.
EMAIL_MAX_ATTEMPTS = env_int("EMAIL_MAX_ATTEMPTS", 12)

# Email -------------------------------------------------------------------------------------


def _email_settings(url: str) -> dict[str, object]:
    """EMAIL_URL such as smtp://user:pass@host:587?tls=1, console:, or file:///var/mail."""
    parsed = urlparse(url)
    options = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
    if parsed.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parsed.scheme == "file":
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": parsed.path,
        }
    if parsed.scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if parsed.scheme in {"smtp", "smtps"}:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parsed.hostname or "localhost",
            "EMAIL_PORT": parsed.port or (465 if parsed.scheme == "smtps" else 25),
            "EMAIL_HOST_USER": unquote(parsed.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
            "EMAIL_USE_SSL": parsed.scheme == "smtps",
            "EMAIL_USE_TLS": options.get("tls", "0").lower() in {"1", "true", "yes"},
            "EMAIL_TIMEOUT": int(options.get("timeout", "10")),
        }
    raise ImproperlyConfigured(f"EMAIL_URL scheme {parsed.scheme!r} is not supported")


globals().update(
    _email_settings(env_str("EMAIL_URL", "smtp://localhost:25" if PRODUCTION else "console:"))
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "FOS Portal <no-reply@fos.localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Security ----------------------------------------------------------------------------------

# Sessions end after SESSION_IDLE_MINUTES without a request: a request pushes the expiry when
# it was last pushed SESSION_TOUCH_SECONDS ago or more (fos/sessions.py: no write per page).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_TOUCH_SECONDS = env_int("SESSION_TOUCH_SECONDS", 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("USE_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Every resource comes from the portal itself: no CDN, no outside host.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# API ---------------------------------------------------------------------------------------

# API tokens (django-rest-knox, docs/decisions/api-tokens.md): one per sign-in of a device; it
# ends after API_TOKEN_IDLE_HOURS without a call, and API_TOKEN_MAX_DAYS after it was issued
# whatever the use.
KNOX_TOKEN_MODEL = "accounts.ApiToken"  # noqa: S105 - a model name, not a secret
# knox's own migrations create its AuthToken table even though ApiToken replaces the model: an
# unused table whose key on users stops a test database from being emptied (TRUNCATE). Without
# migrations, the swapped-out model gets no table.
MIGRATION_MODULES = {"knox": None}
API_TOKEN_IDLE_HOURS = env_int("API_TOKEN_IDLE_HOURS", 24 * 7)
API_TOKEN_MAX_DAYS = env_int("API_TOKEN_MAX_DAYS", 30)
if API_TOKEN_IDLE_HOURS < 1 or API_TOKEN_MAX_DAYS < 1:
    raise ImproperlyConfigured("API_TOKEN_IDLE_HOURS and API_TOKEN_MAX_DAYS must be 1 or more")
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=API_TOKEN_IDLE_HOURS),
    "AUTO_REFRESH": True,
    "AUTO_REFRESH_MAX_TTL": timedelta(days=API_TOKEN_MAX_DAYS),
    "MIN_REFRESH_INTERVAL": 60,
    "AUTH_HEADER_PREFIX": "Token",
}

REST_FRAMEWORK = {
    # Adds the refusals every view can answer (400, 401, 403, 404 of a page, 429) to the schema.
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    # Every refusal is {"code", "detail"} (+ "field_errors"): docs/decisions/api-error-shapes.md.
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "api.permissions.PassesAccountGates",
    ],
    # JSON nested past fos.parsers.MAX_DEPTH is a 400, never a RecursionError.
    "DEFAULT_PARSER_CLASSES": [
        "fos.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # The client's address for throttles, as accounts.requests.client_ip reads it for lockouts:
    # None would take any X-Forwarded-For a client makes up, a new allowance per request.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_RATES": {
        "account_link": env_str("API_ACCOUNT_LINK_RATE", "10/hour"),
        "card_verify": env_str("API_CARD_VERIFY_RATE", "60/minute"),
    },
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "FOS Portal API",
    "DESCRIPTION": "Member e-services of the foundation, for the mobile app and partners.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per choice set shared by several fields (a dossier's status and its events').
    "ENUM_NAME_OVERRIDES": {
        "DossierStatusEnum": "dossiers.constants.DossierStatus",
        "BeneficiaryTypeEnum": "catalog.constants.BeneficiaryType",
        "DossierAttachmentRoleEnum": "dossiers.constants.AttachmentRole",
        "LetterStatusEnum": "correspondence.constants.LetterStatus",
        "CardVerdictEnum": "cards.constants.Verdict",
    },
    # <id:...> (fos/converters.py): a row id, 1 to 2**63 - 1.
    "PATH_CONVERTER_OVERRIDES": {
        "id": {"type": "integer", "minimum": 1, "maximum": 9223372036854775807}
    },
}

# Portal ------------------------------------------------------------------------------------

FOS_NAME = _(
    "Fondation des Œuvres Sociales du Personnel du Ministère de l'Économie et des Finances"
)
FOS_SHORT_NAME = _("FOS Portal")
REGISTRY_IMPORT_BATCH_SIZE = env_int("REGISTRY_IMPORT_BATCH_SIZE", 2000)
# Registry import (docs/decisions/registry-import-in-background.md): the largest file taken, in
# MB (a reverse proxy's upload limit must allow it), and the size, in KB, from which an upload
# is imported by a background task with its progress shown.
REGISTRY_IMPORT_MAX_MB = env_int("REGISTRY_IMPORT_MAX_MB", 50)
REGISTRY_IMPORT_BACKGROUND_KB = env_int("REGISTRY_IMPORT_BACKGROUND_KB", 512)
# The member pages' copy of the active catalogue (catalog/snapshot.py) is rebuilt when a
# catalogue row changes and at the latest after this many seconds.
CATALOGUE_SNAPSHOT_SECONDS = env_int("CATALOGUE_SNAPSHOT_SECONDS", 60)

# Member cards (docs/decisions/card-verification-tokens.md): years a new card is valid, and the
# catalogue category whose services are the partners' discounts shown on the card.
CARD_VALIDITY_YEARS = env_int("CARD_VALIDITY_YEARS", 2)
if CARD_VALIDITY_YEARS < 1:
    raise ImproperlyConfigured("CARD_VALIDITY_YEARS must be 1 or more")
CARD_PARTNER_CATEGORY = env_str("CARD_PARTNER_CATEGORY", "partners")

# Digital mail desk ("bureau d'ordre digital", docs/decisions/mail-desk.md): at most
# MAIL_DESK_MAX_FILES attachments (PDF, JPEG, PNG) of MAIL_DESK_MAX_UPLOAD_MB each per message;
# letters a visitor may send per address, and wrong access codes allowed per address.
MAIL_DESK_MAX_UPLOAD_MB = env_int("MAIL_DESK_MAX_UPLOAD_MB", 10)
MAIL_DESK_MAX_FILES = env_int("MAIL_DESK_MAX_FILES", 5)
MAIL_DESK_VISITOR_RATE = env_str("MAIL_DESK_VISITOR_RATE", "5/hour")
MAIL_DESK_FOLLOW_RATE = env_str("MAIL_DESK_FOLLOW_RATE", "10/hour")
# Membership applications (docs/decisions/membership-applications.md): applications sent, and
# wrong reference or code given, per address.
MEMBERSHIP_APPLY_RATE = env_str("MEMBERSHIP_APPLY_RATE", "5/hour")
MEMBERSHIP_FOLLOW_RATE = env_str("MEMBERSHIP_FOLLOW_RATE", "10/hour")

# Payment batches (docs/decisions/payment-batches.md): the Foundation's account that the bank
# transfer file debits, and its holder's name in that file. The embedded run has a demo account;
# production exports no transfer file until FOUNDATION_RIB is set.
FOUNDATION_RIB = env_str("FOUNDATION_RIB", "" if PRODUCTION else "011000000000000001234540")
if FOUNDATION_RIB and not (
    len(FOUNDATION_RIB) == 24 and FOUNDATION_RIB.isdigit() and int(FOUNDATION_RIB) % 97 == 0
):
    raise ImproperlyConfigured("FOUNDATION_RIB must be 24 digits whose number is divisible by 97")
FOUNDATION_ACCOUNT_NAME = env_str("FOUNDATION_ACCOUNT_NAME", "FONDATION OEUVRES SOCIALES MEF")

# Load benchmark ----------------------------------------------------------------------------

# The floor views of bench/load.py (fos/bench_views.py at /bench/): never in production, where
# they would be unauthenticated-write and timing endpoints nobody needs.
BENCH_VIEWS = env_bool("FOS_BENCH_VIEWS", False)
if BENCH_VIEWS and PRODUCTION:
    raise ImproperlyConfigured("FOS_BENCH_VIEWS must never be set in production")

# Logging -----------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
