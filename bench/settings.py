"""The benchmark's server: production-like settings (no debug, persistent connections) plus the
floor views, served by gunicorn. Not for anything but `python bench/api.py`."""

from secrelease.settings.base import *  # noqa: F403

DEBUG = False
DEMO_USERS_ALLOWED = True
ROOT_URLCONF = "bench.urls"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING = {"version": 1, "disable_existing_loggers": True}
