import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secrelease.settings.local")

application = get_wsgi_application()

from core.checks import refuse_to_start_with_demo_users  # noqa: E402

refuse_to_start_with_demo_users()
