"""What docker-compose.yml starts, run here as plain processes with production settings: gunicorn
serving pages and whitenoise's static files, a Celery worker taking a task a web-side process
sends, and Celery beat.
"""

import re
import subprocess
import sys
import time
import urllib.request
import uuid

import pytest

from tests.deploy.conftest import BASE_DIR, free_port, manage

pytestmark = pytest.mark.worker

# The real storage (manifest, gzip and brotli) over what the home page links: compressing every
# variant of bootstrap and the admin's files takes 30-60 s on two busy cores. A file the home page
# starts to link and this list leaves out shows as a 500 here ("Missing staticfiles manifest
# entry"): take it off the list.
IGNORE_FOR_SPEED = [
    f"--ignore={pattern}"
    for pattern in (
        *("admin", "rest_framework", "django_htmx", "drf_spectacular*"),
        *("ext", "*.esm.*", "*.rtl.*", "*.amd.*", "*.cjs.*", "*.d.ts", "bootstrap-*"),
        *("bootstrap.css", "bootstrap.js", "bootstrap.bundle.js", "htmx.js"),
    )
]


def get(url: str, timeout: float = 30):
    """GET `url`, retrying while the server is still starting. A connection can wait in gunicorn's
    backlog while a worker boots: several seconds when the machine is busy.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            remaining = max(deadline - time.monotonic(), 1)
            with urllib.request.urlopen(url, timeout=remaining) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError:
            raise
        except (ConnectionError, TimeoutError, urllib.error.URLError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_gunicorn_serves_pages_and_static_files(production_env, deploy_database_url, start_process):
    env = {**production_env, "DATABASE_URL": deploy_database_url}
    manage(["collectstatic", "--noinput", "-v", "0", *IGNORE_FOR_SPEED], env)
    port = free_port()
    web = start_process(
        "gunicorn",
        [sys.executable, "-m", "gunicorn", "secrelease.wsgi", "--workers=2"]
        + [f"--bind=127.0.0.1:{port}", "--access-logfile=-"],
        env,
    )

    try:
        status, _, body = get(f"http://127.0.0.1:{port}/")
    except urllib.error.HTTPError as exc:
        pytest.fail(f"{exc}\n{web.output()}")

    assert status == 200
    # The page links the collected, content-hashed copy of bootstrap from node_modules.
    css = re.search(
        rb'href="(/static/vendor/bootstrap/css/bootstrap\.min\.[0-9a-f]{12}\.css)"', body
    )
    assert css, body[:2000]
    status, headers, _ = get(f"http://127.0.0.1:{port}{css[1].decode()}")
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert "immutable" in headers["Cache-Control"]  # whitenoise, for a hashed name
    assert web.proc.poll() is None


def test_worker_runs_a_task_sent_from_another_process_and_answers_a_ping(
    production_env, deploy_database_url, start_process
):
    env = {**production_env, "DATABASE_URL": deploy_database_url}
    # Its own queue and name: on a shared Redis no other worker may take the task.
    queue = f"deploy-test-{uuid.uuid4().hex[:8]}"
    name = f"{queue}@localhost"
    worker = start_process(
        "worker",
        [sys.executable, "-m", "celery", "-A", "secrelease", "worker", "--loglevel=INFO"]
        + ["--concurrency=1", "--without-mingle", "--without-gossip"]
        + [f"--hostname={name}", f"--queues={queue}"],
        env,
    )
    worker.wait_for(f"{name} ready.")

    sender = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c"]
        + [
            "from secrelease.celery import app; "
            f"app.send_task('celery.accumulate', args=['delivered'], queue={queue!r}); "
            f"print(app.control.ping(destination=[{name!r}], timeout=5))"
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert sender.returncode == 0, sender.stderr
    assert sender.stdout.strip() == f"[{{{name!r}: {{'ok': 'pong'}}}}]"
    worker.wait_for("succeeded", timeout=10)
    assert "Task celery.accumulate" in worker.output()
    assert "('delivered',)" in worker.output()
    assert worker.stop() == 0  # a warm shutdown on SIGTERM


def test_beat_starts(production_env, deploy_database_url, start_process, tmp_path):
    env = {**production_env, "DATABASE_URL": deploy_database_url}
    beat = start_process(
        "beat",
        [sys.executable, "-m", "celery", "-A", "secrelease", "beat", "--loglevel=INFO"]
        + [f"--schedule={tmp_path / 'celerybeat-schedule'}"],
        env,
    )

    beat.wait_for("beat: Starting...")

    time.sleep(0.5)
    assert beat.proc.poll() is None, beat.output()
    assert beat.stop() == 0
