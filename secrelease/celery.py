"""The Celery application: reminders and PDF rendering run here, outside the web request."""

import os

from celery import Celery
from celery.signals import beat_init, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secrelease.settings.local")

app = Celery("secrelease")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def _make_broker_folders(sender, **kwargs):
    """The embedded filesystem broker needs its folders before the first message."""
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            os.makedirs(options[key], exist_ok=True)


@worker_init.connect
@beat_init.connect
def _refuse_demo_users(**kwargs):
    from core.checks import refuse_to_start_with_demo_users

    refuse_to_start_with_demo_users()
