"""OCOP Portal settings: one module, every deployment-specific value read from the environment.

`.env.example` lists the variables. A value that cannot be parsed stops start-up with a message
naming the variable (see ocop_portal/env.py). With no environment at all the portal runs as the
newcomer's `make run` expects: DEBUG on, SQLite, eager Celery, console e-mail.
"""

from pathlib import Path

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .env import (
    env_bool,
    env_choice,
    env_db,
    env_debug,
    env_int,
    env_list,
    env_networks,
    env_rate,
    env_str,
    secret_key_weakness,
)

BASE_DIR = Path(__file__).resolve().parent.parent

_env_file = BASE_DIR / ".env"
if _env_file.exists():
    import environ

    environ.Env.read_env(str(_env_file))

DEBUG = env_debug()
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me" if DEBUG else None)
if not DEBUG and secret_key_weakness(SECRET_KEY):
    raise ImproperlyConfigured(secret_key_weakness(SECRET_KEY))
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
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
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "ocop_portal.core",
    "ocop_portal.accounts",
    "products",
    "evaluation",
    "support",
    "opendata",
    "reports",
    "demo",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Right after WhiteNoise: a cached verification page (QR-code traffic) skips everything below.
    "evaluation.verify_cache.VerifyPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ocop_portal.core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor sign-in: the session's verified device, then the page that asks for the code.
    "django_otp.middleware.OTPMiddleware",
    "ocop_portal.accounts.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ocop_portal.urls"
WSGI_APPLICATION = "ocop_portal.wsgi.application"

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
                "ocop_portal.core.context_processors.portal",
            ],
        },
    },
]

DATABASES = {"default": env_db("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 0, minimum=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiler spent ~3.5 s per request compiling the dossier queue's plan at
    # national scale (docs/benchmarks.md); the portal's queries are short OLTP reads, where JIT
    # only costs. Reports aggregate in SQL too and run well without it.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    # QuerySet.iterator() would otherwise DECLARE a cursor WITH HOLD and fetch from it (three or
    # four round trips) for every <select> a form renders; the portal's long reads page by key.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses sign-in attempts for a locked-out username/address.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not a check: a changed or reset password revokes the user's API keys (api/validators.py).
    {"NAME": "api.validators.ApiKeysRevokedOnPasswordChange"},
]
# Province staff and superusers sign in with a TOTP code too (ocop_portal/accounts/two_factor.py):
# required wherever DEBUG is off unless turned off here explicitly.
OCOP_REQUIRE_TWO_FACTOR = env_bool("OCOP_REQUIRE_TWO_FACTOR", not DEBUG)
OTP_TOTP_ISSUER = "OCOP Portal"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Vietnamese first, English available from the switcher.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "Asia/Ho_Chi_Minh")
# Our own date/number formats (dd/mm/yyyy, "1.234.567") for both languages.
FORMAT_MODULE_PATH = ["ocop_portal.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 15 * 1024 * 1024
# Registry imports and evidence files larger than this are refused with a message.
OCOP_MAX_UPLOAD_BYTES = env_int("OCOP_MAX_UPLOAD_BYTES", 10 * 1024 * 1024, minimum=1024)

# Widgets (every <select> option is a template include) render with Django's own Jinja2 widget
# templates: the same HTML at about half the cost of the template language (docs/benchmarks.md);
# widgets with no Jinja2 template (the admin's, django.contrib.auth's) from the template language.
FORM_RENDERER = "ocop_portal.core.forms_renderer.PortalFormRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "OCOP Portal <no-reply@ocop.localhost>")

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    # Django's Redis backend with one redis-py client per pool (ocop_portal/core/cache.py says why).
    CACHES = {"default": {"BACKEND": "ocop_portal.core.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Kept in each process, bounded: fragments that depend only on the code and a few flags (the menu,
# by role and language: no twenty URL reversals per page) and the anonymous public list pages
# (evaluation/verify_cache.py: any query string makes one, so they stay out of the shared Redis).
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "ocop-fragments",
    "OPTIONS": {"MAX_ENTRIES": 500},
}

# Celery: eager (in-process) when no broker is configured, so `make run` needs no Redis.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
# A job taken by a worker that dies unacknowledged goes back to the queue after this many seconds:
# longer than the longest task (the report's 12-minute hard limit), shorter than the lost-job
# sweeper's 30 minutes, so a killed worker's report runs again instead of being marked lost.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 900, minimum=1)}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "ocop")
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {
    # Certificate statuses and expiry notices, every morning in CELERY_TIMEZONE (the province's).
    "refresh-certificate-statuses": {
        "task": "evaluation.refresh_certificate_statuses",
        "schedule": crontab(hour=6, minute=0),
    },
    # The commune's working-day clock: reminders before it runs out (QĐ 26/2026 Art. 7.2).
    "dossier-clock-reminders": {
        "task": "evaluation.dossier_clock_reminders",
        "schedule": crontab(hour=6, minute=15),
    },
    # The province's calendar-day clocks: re-evaluation (45 days) and the Art. 12 transition.
    "province-clock-reminders": {
        "task": "evaluation.province_clock_reminders",
        "schedule": crontab(hour=6, minute=20),
    },
    # E-mail copies of notifications left in the outbox while the broker or SMTP was down.
    "flush-notification-outbox": {
        "task": "ocop_portal.core.tasks.flush_notification_outbox",
        "schedule": crontab(minute="*/5"),
    },
    # The daily e-mail digest of notifications, for users who chose it (the default), at 07:00.
    "send-notification-digests": {
        "task": "ocop_portal.core.tasks.send_notification_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    # Annual-report jobs whose worker died or that no worker took are marked failed ("lost job").
    "sweep-lost-report-requests": {
        "task": "reports.tasks.sweep_lost_report_requests",
        "schedule": crontab(minute="*/5"),
    },
    # The open-data snapshot of the certified register, on the first of each month (opendata/).
    "publish-register-snapshot": {
        "task": "opendata.publish_register_snapshot",
        "schedule": crontab(day_of_month=1, hour=2, minute=30),
    },
    # The audit chain's head (count and keyed hash) appended to OCOP_AUDIT_ANCHOR_FILE, nightly.
    "anchor-audit-chain": {
        "task": "ocop_portal.core.tasks.anchor_audit_chain",
        "schedule": crontab(hour=1, minute=15),
    },
    # Evaluation jobs (member tables, council packs, dossier bundles) that stopped moving: failed.
    "sweep-lost-evaluation-jobs": {
        "task": "evaluation.sweep_lost_jobs",
        "schedule": crontab(minute="*/5"),
    },
}

# How long the public verification page may be answered from the portal's cache (seconds; 0 turns
# the cache off). Certificate changes clear it at once; this bounds how long a renamed product or
# producer takes to show there.
OCOP_VERIFY_CACHE_SECONDS = env_int("OCOP_VERIFY_CACHE_SECONDS", 300, minimum=0)

# The portal's public address (https://ocop.example.gov.vn), written before the paths of the
# verification pages and photos in the open-data files; empty leaves the paths relative.
OCOP_PUBLIC_BASE_URL = env_str("OCOP_PUBLIC_BASE_URL", "")
# The province this deployment serves (GSO code). The demo is Tỉnh Bắc Ninh (2025), 24.
OCOP_PROVINCE_CODE = env_str("OCOP_PROVINCE_CODE", "24")

# The proxies whose X-Forwarded-For is believed (addresses or CIDR networks): the documented nginx
# on the same machine. Every lock-out and rate limit keys on the client address they report
# (ocop_portal/core/client_address.py); a request from anywhere else is keyed on REMOTE_ADDR.
OCOP_TRUSTED_PROXIES = env_networks("OCOP_TRUSTED_PROXIES", ["127.0.0.1", "::1"])

# The audit chain's HMAC key (ocop_portal/core/models.py): outside the database, so whoever can
# write the table cannot recompute the chain. Empty: derived from SECRET_KEY (set it, so rotating
# SECRET_KEY leaves the chain verifiable). The head (entry count and hash) is appended every night
# to OCOP_AUDIT_ANCHOR_FILE, a file to keep append-only (chattr +a) and in the backups.
OCOP_AUDIT_KEY = env_str("OCOP_AUDIT_KEY", "")
if OCOP_AUDIT_KEY and not DEBUG and secret_key_weakness(OCOP_AUDIT_KEY):
    raise ImproperlyConfigured(secret_key_weakness(OCOP_AUDIT_KEY).replace("SECRET_KEY", "OCOP_AUDIT_KEY"))
OCOP_AUDIT_ANCHOR_FILE = Path(env_str("OCOP_AUDIT_ANCHOR_FILE", str(BASE_DIR / "var" / "audit-anchors.jsonl")))

# Sign-in throttling (django-axes): 5 failures for one username from one address lock it for an hour.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "ocop_portal.core.client_address.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

# No inline script or style anywhere: every script and stylesheet is a local static file.
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

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOG_LEVEL = env_choice("LOG_LEVEL", "INFO", {"DEBUG", "INFO", "WARNING", "ERROR"})
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- REST API (api/) --------------------------------------------------------------------------
# Token (api.authentication) for programs, the session for the browsable docs. Every view states
# its own permission; the default refuses anonymous callers so a forgotten one fails closed.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiAutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "PAGE_SIZE": 25,
    "DATETIME_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": True,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "OCOP Portal API",
    "DESCRIPTION": (
        "Read and, where the portal's rules allow, write the province's OCOP data: the registry, "
        "evaluation rounds, dossiers, councils, decisions, certificates, support money and annual "
        "reports. Send `Authorization: Token <key>` (keys are created on the profile page). The "
        "same visibility and permissions as the pages apply: an object outside your scope answers "
        "404, a forbidden action on a visible object 403, invalid input 400 with field errors."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI and Redoc are served from drf-spectacular-sidecar's static files: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "UnitLevelEnum": "ocop_portal.core.enums.UnitLevel",
        "EvaluationLevelEnum": "evaluation.enums.Level",
        "RoundStateEnum": "evaluation.enums.RoundState",
        "DossierStateEnum": "evaluation.enums.DossierState",
        "DossierKindEnum": "evaluation.enums.DossierKind",
        "AdvisoryKindEnum": "evaluation.enums.AdvisoryKind",
        "InspectionKindEnum": "evaluation.models.inspections.InspectionKind",
        "InspectionStateEnum": "evaluation.models.inspections.InspectionState",
        "SignupStateEnum": "products.enums.SignupState",
        "AssignmentStateEnum": "evaluation.enums.AssignmentState",
        "ScorecardStateEnum": "evaluation.enums.ScorecardState",
        "DecisionKindEnum": "evaluation.enums.DecisionKind",
        "CertificateStatusEnum": "evaluation.enums.CertificateStatus",
        "ProducerKindEnum": "products.enums.ProducerKind",
        "ProductStatusEnum": "products.enums.ProductStatus",
        "GrantStateEnum": "support.enums.GrantState",
        "ReportRequestStateEnum": "reports.enums.RequestState",
    },
}
# The public endpoints (no key): requests per client address, answered 429 beyond (api/throttling.py).
# Verification by code serves QR-scanning apps; guessing 60-bit codes is hopeless anyway, the rate
# bounds the load one address can put on the database.
OCOP_API_PUBLIC_VERIFY_RATE = env_rate("OCOP_API_PUBLIC_VERIFY_RATE", "60/minute")
OCOP_API_PUBLIC_LIST_RATE = env_rate("OCOP_API_PUBLIC_LIST_RATE", "60/minute")
# --- end REST API ------------------------------------------------------------------------------
