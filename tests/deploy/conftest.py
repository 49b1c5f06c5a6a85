"""Helpers for the tests that start the product's processes as compose would: subprocesses with
production settings, each in a temporary var/ directory of its own.
"""

import contextlib
import os
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def production_env(tmp_path):
    """The environment of a production process: a real secret, its own var/ and STATIC_ROOT, plain
    HTTP (no proxy here), and the caller's DATABASE_URL / CELERY_BROKER_URL choice.
    """
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "secrelease.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SECRELEASE_VAR_DIR": str(tmp_path / "var"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "SECURE_SSL_REDIRECT": "false",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DATABASE_URL", None)  # SQLite in the temporary var/ unless a test says otherwise
    # The browser tests' conftest sets this in the test process; production never has it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


@pytest.fixture(scope="session")
def _sqlite_template(django_db_setup, django_db_blocker, tmp_path_factory):
    """A file copy of the suite's migrated in-memory SQLite test database, taken before any test
    opens a transaction on it (a backup from inside one waits forever).
    """
    if connection.vendor != "sqlite":
        return None
    path = tmp_path_factory.mktemp("sqlite") / "db.sqlite3"
    with django_db_blocker.unblock():
        connection.ensure_connection()
        with contextlib.closing(sqlite3.connect(path)) as target:
            connection.connection.backup(target)
            target.execute("PRAGMA journal_mode=WAL")
    return path


@pytest.fixture
def deploy_database_url(_sqlite_template, db, tmp_path):
    """The suite's migrated test database, for the production processes to use: PostgreSQL's test
    database itself, or a copy of the SQLite one (migrating afresh takes longer than the rest of a
    test). They see what is committed: the migrations and the role groups.
    """
    params = connection.settings_dict
    if connection.vendor == "postgresql":
        user = quote(params["USER"] or "", safe="")
        password = f":{quote(params['PASSWORD'], safe='')}" if params["PASSWORD"] else ""
        host = f"{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}"
        return f"postgres://{user}{password}@{host}/{params['NAME']}"
    path = tmp_path / "db.sqlite3"
    shutil.copyfile(_sqlite_template, path)
    return f"sqlite:///{path}"


def manage(args: list[str], env: dict, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=check,
    )


class Process:
    """A long-running command in its own process group, its output in a log file."""

    def __init__(self, args: list[str], env: dict, log: Path):
        self.log = log
        self._out = log.open("wb")
        self.proc = subprocess.Popen(
            args,
            cwd=BASE_DIR,
            env=env,
            stdout=self._out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.output():
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        pytest.fail(f"{text!r} not seen (exit status {self.proc.poll()}):\n{self.output()}")

    def stop(self, timeout: float = 10) -> int:
        """SIGTERM to the whole group (gunicorn's or the worker pool's children too)."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        with contextlib.suppress(ProcessLookupError):  # a child that outlived its leader
            os.killpg(self.proc.pid, signal.SIGKILL)
        self._out.close()
        return self.proc.returncode


@pytest.fixture
def start_process(tmp_path):
    """Start a Process; whatever a test started is stopped when it ends, passed or failed."""
    started: list[Process] = []

    def start(name: str, args: list[str], env: dict) -> Process:
        process = Process(args, env, tmp_path / f"{name}.log")
        started.append(process)
        return process

    yield start
    for process in started:
        process.stop()
