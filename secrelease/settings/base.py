"""Settings shared by every environment. Each value comes from the environment, with a default
that runs the whole product on one machine: SQLite, and an embedded (filesystem) Celery broker.
"""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from whitenoise.compress import Compressor

from secrelease.settings.env import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Everything the embedded defaults write (SQLite, broker folders, media) lives here.
VAR_DIR = Path(envstr("SECRELEASE_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = envstr("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000")

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
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_htmx",
    "core",
    "modifications",
    "releases",
    "acceptance",
    "api",
    "notifications",
    "publication",
    "costs",
    "governance",
    "audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After sign-in: names the release of the request for an appointed auditor's read access,
    # and logs every request an auditor makes (audit.access, SEC D10.11).
    "audit.middleware.AuditMiddleware",
    # After sign-in: the 404 page names the user (lazily: no query for anonymous).
    "core.middleware.RejectNulInPathMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "secrelease.urls"
WSGI_APPLICATION = "secrelease.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.roles",
            ],
        },
    },
]

# PostgreSQL when DATABASE_URL is set; SQLite in var/ otherwise. WAL and an immediate write lock
# let the web server, the worker and beat share the SQLite file without "database is locked".
DATABASE_URL = envstr("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=envint("CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": Path(envstr("SQLITE_PATH", str(VAR_DIR / "db.sqlite3"))),
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Django's ModelBackend, answering role permissions from the group names first (core.backends).
AUTHENTICATION_BACKENDS = ["core.backends.RolePermissionBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
# Collected files; the container image collects them at build time outside var/.
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
# Front-end libraries come from npm at set-up (`npm ci`), never from a CDN or the repository.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Source maps (most of bootstrap's 8 MB) are fetched only by browser developer tools; compressing
# each of them twice (gzip and brotli, plain and hashed name) was the larger part of collectstatic.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"

EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "secrelease <noreply@secrelease.local>")

# Celery: Redis when CELERY_BROKER_URL is set, a broker in files under var/ otherwise (no server).
# The host part means nothing to the filesystem transport; naming one stops kombu warning "No
# hostname was supplied" on every connection.
CELERY_BROKER_URL = envstr("CELERY_BROKER_URL", "filesystem://localhost/")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
        # Exchange bindings (broadcasts: `celery inspect ping`, revoke). kombu's default is the
        # relative "control", i.e. a folder in each process's working directory: a worker and a
        # web process started from different directories would not see each other's bindings.
        "control_folder": str(_broker_dir / "control"),
    }
else:
    # Redelivery of a task whose worker died comes after visibility_timeout: keep it above the
    # longest task (a PDF render, about 2 s) and any retry countdown (e-mail retries wait up to
    # 240 s), and short enough that a restart catches up quickly. Kombu looks for such abandoned
    # messages every unacked_restore_interval x unacked_restore_throttle seconds (100 s by
    # default); every 10 s costs one small Redis query.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": envint("CELERY_VISIBILITY_TIMEOUT", 300),
        "unacked_restore_interval": envint("CELERY_UNACKED_RESTORE_INTERVAL", 10),
        "unacked_restore_throttle": 1,
    }
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Every periodic job, in one place. Run one beat; a second one started by mistake is harmless
# (the sweep and the digest claim unique rows). REMINDERS_SWEEP_EVERY_SECONDS sweeps on a fixed
# interval instead of daily (demos, tests): a sweep never sends a reminder twice.
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    "reminders-daily-sweep": {
        "task": "notifications.tasks.reminders_sweep",
        "schedule": envint("REMINDERS_SWEEP_EVERY_SECONDS", 0) or crontab(hour=7, minute=0),
    },
    "reminders-monday-digest": {
        "task": "notifications.tasks.digest_weekly",
        "schedule": crontab(hour=7, minute=30, day_of_week="mon"),
    },
    "rid-baselines-render-pending": {
        "task": "releases.tasks.render_rid_baselines_pending",
        "schedule": 600,
    },
    "idempotency-records-purge": {
        "task": "api.tasks.idempotency_records_purge",
        "schedule": crontab(hour=3, minute=15),
    },
}

REST_FRAMEWORK = {
    # A DCC system sends `Authorization: Token <key>`; a signed-in browser (the API docs) its session.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "secrelease API",
    "DESCRIPTION": (
        "SEC Releases, their scope and RID baselines (Classification: White, readable without a "
        "token), and the DCC's submissions: Testing Approach Documents, readiness statements and "
        "testing evidence. Send `Authorization: Token <key>`; a key is issued with "
        "`manage.py create_api_token USERNAME`. A POST with an `Idempotency-Key` header is "
        "written once: a repeat returns the first response."
    ),
    "VERSION": "1.0.0",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    # Swagger UI and its assets come from the drf-spectacular-sidecar package: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "RagEnum": "core.choices.Rag",
        "TestPhaseEnum": "acceptance.choices.TestPhase",
        "CriterionSetEnum": "acceptance.choices.CriterionSet",
        "ReleaseStatusEnum": "releases.choices.ReleaseStatus",
        "ModificationPhaseEnum": "modifications.choices.Phase",
    },
}
# API tokens: how long a new one lasts.
API_TOKEN_TTL_DAYS = envint("API_TOKEN_TTL_DAYS", 90)
IDEMPOTENCY_KEY_TTL_HOURS = envint("IDEMPOTENCY_KEY_TTL_HOURS", 24)
# A TAD attachment (PDF or DOCX) may be at most this big; a larger body is refused unread (413).
TAD_ATTACHMENT_MAX_BYTES = envint("TAD_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)
# Uploads above 2.5 MB go to a temporary file rather than memory (Django's default, made explicit).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Users named after the roles with the password "demo": development only (see core.checks).
DEMO_USERS_ALLOWED = envbool("DEMO_USERS_ALLOWED", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every rendering step at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
