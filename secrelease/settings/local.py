"""Development: debug pages, console e-mail, demo users allowed."""

from secrelease.settings.base import *  # noqa: F403
from secrelease.settings.env import envbool

DEBUG = envbool("DEBUG", True)
DEMO_USERS_ALLOWED = True
