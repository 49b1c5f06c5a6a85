"""The test suite: the same database and broker choice as base (DATABASE_URL, CELERY_BROKER_URL),
fast password hashing, mail kept in memory, tasks run in-process unless a test starts a worker.
"""

from secrelease.settings.base import *  # noqa: F403
from secrelease.settings.base import VAR_DIR
from secrelease.settings.env import envbool, envstr

DEBUG = False
DEMO_USERS_ALLOWED = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
MEDIA_ROOT = VAR_DIR / "test-media"
# Tests render pages without running collectstatic first.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files straight from the finders (app static/ and node_modules), as in development.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The SQLite test database is a file, not pytest-django's default in-memory one, so that a real
# Celery worker or beat started by an integration test (pytest.mark.worker) can open the same
# database; on PostgreSQL they connect to the test database by name.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}  # noqa: F405

# Each worker test sends to and consumes from a queue of its own (tests/notifications/
# test_worker.py `broker`), so two suites run at once on one machine never take each other's tasks.
CELERY_TASK_DEFAULT_QUEUE = envstr("SECRELEASE_TEST_QUEUE", "celery")

# A worker or beat started by such a test runs these settings too: it queues tasks for real and
# writes e-mail to files the test can count.
if envbool("SECRELEASE_TEST_WORKER", False):
    CELERY_TASK_ALWAYS_EAGER = False
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = envstr("EMAIL_FILE_PATH", str(VAR_DIR / "test-mail"))
