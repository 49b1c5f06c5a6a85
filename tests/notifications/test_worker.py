"""Exactly once with a real Celery worker (and real beats) against a real Redis.

These tests start `celery -A secrelease worker` (and `celery beat`) as separate processes that
share the test database: PostgreSQL's test database by name, or the SQLite test database, which
settings/test.py puts in a file for this. The broker is Redis, on the database index 10 (the
killed worker) and 11 (the two beats), each test on a queue of its own, deleted after it (so a
second suite running at once on the machine never takes its tasks): the address comes from
CELERY_BROKER_URL when it names Redis, else Redis on 127.0.0.1:6379, which this project's
machines run. No Redis is a failure, not a skip: these claims are the point of the feature.
"""

import datetime
import email
import email.policy
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection

from core.workdays import add_working_days, is_working_day
from modifications.choices import Phase
from notifications.models import Email, Notification, Reminder, SweepRun
from releases.choices import Inclusion
from tests.factories import ModificationFactory, ReleaseFactory, ScopeItemFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
D = datetime.date
ROOT = Path(__file__).resolve().parents[2]
SEPARATOR = "\n" + "-" * 79 + "\n"


def _redis_url(db: int) -> str:
    configured = os.environ.get("CELERY_BROKER_URL", "")
    base = (
        configured
        if configured.startswith(("redis://", "rediss://"))
        else "redis://127.0.0.1:6379/0"
    )
    parts = urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc, f"/{db}", "", ""))


KOMBU_BINDINGS = ("_kombu.binding.", "_kombu.binding_permanent.")


class Broker(str):
    """The Redis address of a test's broker, with the queue its tasks go to (`queue`)."""

    queue: str


@pytest.fixture
def broker(request):
    """Redis for this test's tasks, on a queue of its own (fails, never skips, without Redis).

    A queue, not a database, is what keeps two suites apart: a database flushed by one would
    lose the other's tasks."""
    import redis

    url = Broker(_redis_url(request.param))
    url.queue = f"test-{uuid.uuid4().hex[:12]}"
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.fail(f"These tests need Redis at {url} (start redis-server): {error}")
    yield url
    # The queue and kombu's records of its exchange (named after it).
    client.delete(*(f"{prefix}{url.queue}" for prefix in ("", *KOMBU_BINDINGS)))
    client.close()


def _database_env() -> dict[str, str]:
    """Point a child process at the test database this process uses."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        name = str(db["NAME"])
        assert name != ":memory:" and "mode=memory" not in name, name
        return {"SQLITE_PATH": name, "DATABASE_URL": ""}
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return {"DATABASE_URL": f"postgres://{auth}@{host}/{db['NAME']}"}


@pytest.fixture
def processes(broker, tmp_path, transactional_db):
    """Start worker/beat processes on the test's broker and database; stop them all after."""
    started: list[subprocess.Popen] = []
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        **_database_env(),
        "DJANGO_SETTINGS_MODULE": "secrelease.settings.test",
        "SECRELEASE_TEST_WORKER": "1",
        "EMAIL_FILE_PATH": str(mail_dir),
        "CELERY_BROKER_URL": broker,
        "SECRELEASE_TEST_QUEUE": broker.queue,
        # A task whose worker was killed comes back after 10 s, looked for every 2 s.
        "CELERY_VISIBILITY_TIMEOUT": "10",
        "CELERY_UNACKED_RESTORE_INTERVAL": "2",
        "REMINDERS_SWEEP_EVERY_SECONDS": "1",
        "PYTHONUNBUFFERED": "1",
    }

    def start(kind: str, name: str, *args: str) -> subprocess.Popen:
        log = open(tmp_path / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
        if kind == "worker":
            command = [
                "worker",
                "-n",
                f"{name}@%h",
                "--pool=prefork",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
                *args,
            ]
        else:
            command = [
                "beat",
                "--loglevel=INFO",
                "-s",
                str(tmp_path / f"{name}-schedule"),
                "--max-interval=1",
                *args,
            ]
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "secrelease", *command],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killing it kills its pool too
        )
        process.log_path = tmp_path / f"{name}.log"
        started.append(process)
        return process

    start.mail_dir = mail_dir
    yield start
    for process in started:
        _kill(process, signal.SIGKILL)


def _kill(process: subprocess.Popen, sig: int) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
        process.wait(timeout=30)


def _send(broker: Broker, name: str, **kwargs) -> None:
    """Queue a task by name on the broker, as beat does (this process runs tasks eagerly)."""
    from celery import Celery

    probe = Celery("probe")
    # An explicit connection: Celery prefers CELERY_BROKER_URL from the environment over an
    # app's own broker setting, and this process's may name another Redis database.
    with probe.connection_for_write(broker) as conn:
        probe.send_task(name, kwargs=kwargs, connection=conn, queue=broker.queue)
    probe.close()


def _wait_for(condition, *, timeout: float, what: str, logs=(), interval: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    tails = "\n".join(f"--- {p}\n{Path(p).read_text()[-3000:]}" for p in logs)
    pytest.fail(f"Timed out after {timeout} s waiting for {what}.\n{tails}")


def _messages(mail_dir: Path) -> list[email.message.EmailMessage]:
    found = []
    for path in sorted(mail_dir.iterdir()):
        for chunk in path.read_text().split(SEPARATOR):
            if chunk.strip():
                found.append(email.message_from_string(chunk, policy=email.policy.default))
    return found


def _reminder_lines_per_recipient(mail_dir: Path) -> Counter:
    """(to, reminder subject) -> how many e-mails listed it: exactly once each is the claim."""
    seen: Counter = Counter()
    for message in _messages(mail_dir):
        body = message.get_content()
        for line in body.splitlines():
            if line.startswith("* "):
                seen[(message["To"], line[2:])] += 1
    return seen


def _all_delivered(expected: int):
    def check() -> bool:
        return (
            Reminder.objects.count() == expected
            and not Reminder.objects.filter(sent_at__isnull=True).exists()
            and not Email.objects.filter(sent_at__isnull=True).exists()
            and Notification.objects.count() == expected
        )

    return check


@pytest.fixture
def secas_team(django_user_model):
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="secas")
    users = []
    for n in range(12):
        user = django_user_model.objects.create_user(
            f"secas{n:02d}", email=f"secas{n:02d}@example.org"
        )
        user.groups.add(group)
        users.append(user)
    return users


def _targeted(count: int, cutoff: datetime.date) -> None:
    release = ReleaseFactory(
        slug="november-2021", name="November 2021 SEC Release", planned_go_live=D(2021, 11, 4)
    )
    mods = ModificationFactory._meta.model.objects.bulk_create(
        [
            ModificationFactory.build(
                reference=f"MP{500 + n}", title=f"Modification {n}", phase=Phase.DECISION
            )
            for n in range(count)
        ]
    )
    ScopeItemFactory._meta.model.objects.bulk_create(
        [
            ScopeItemFactory.build(
                release=release,
                modification=m,
                inclusion=Inclusion.TARGETED,
                decision_cutoff=cutoff,
                position=n,
            )
            for n, m in enumerate(mods)
        ]
    )


@pytest.mark.parametrize("broker", [10], indirect=True)
def test_a_worker_killed_mid_sweep_and_restarted_sends_what_was_missing_and_nothing_twice(
    broker, processes, secas_team
):
    # 12 SECAS users x 250 cut-offs 10 Working Days after 7 October 2021: 3,000 reminders,
    # claimed in six transactions of 500 (two users each).
    _targeted(250, D(2021, 10, 21))
    expected = 12 * 250
    first = processes("worker", "first", "--concurrency=1")
    _send(broker, "notifications.tasks.reminders_sweep", as_of="2021-10-07")

    # When the first claims are committed, stop every further write, check the sweep is still
    # under way, and kill the whole worker (main process and pool) mid-sweep.
    _wait_for(
        lambda: Reminder.objects.exists(),
        timeout=120,
        what="the first claims",
        logs=[first.log_path],
        interval=0.005,
    )
    with _writes_frozen():
        claimed_at_kill = Reminder.objects.count()
        unfinished = SweepRun.objects.filter(finished_at__isnull=True).count()
        _kill(first, signal.SIGKILL)
    assert 0 < claimed_at_kill < expected
    assert unfinished == 1

    # A new worker: Redis hands back the unacknowledged sweep after the visibility timeout, and
    # the delivery tasks queued by the committed claims.
    second = processes("worker", "second", "--concurrency=1")
    _wait_for(
        _all_delivered(expected),
        timeout=120,
        what="every reminder delivered",
        logs=[second.log_path],
    )
    _wait_for(
        lambda: SweepRun.objects.filter(finished_at__isnull=False).exists(),
        timeout=60,
        what="the sweep to finish again",
        logs=[second.log_path],
    )

    keys = Reminder.objects.values_list("object_id", "recipient_id", "lead")
    assert len(set(keys)) == expected
    assert Notification.objects.count() == expected
    per_recipient = _reminder_lines_per_recipient(processes.mail_dir)
    assert len(per_recipient) == expected
    assert set(per_recipient.values()) == {1}
    assert sorted({to for to, _ in per_recipient}) == [
        f"secas{n:02d}@example.org" for n in range(12)
    ]
    assert len({m["Message-ID"] for m in _messages(processes.mail_dir)}) == Email.objects.count()


@pytest.mark.parametrize("broker", [11], indirect=True)
def test_two_beats_started_by_mistake_still_send_each_reminder_once(broker, processes, secas_team):
    # The beat's sweep runs as of today: the dates are set from today. Beat last swept the
    # Working Day before the latest one, so the first sweep catches that one up.
    today = datetime.date.today()
    latest = today if is_working_day(today) else add_working_days(today, -1)
    SweepRun.objects.create(
        as_of=add_working_days(latest, -1), finished_at=datetime.datetime.now(datetime.UTC)
    )
    _targeted(40, add_working_days(latest, 10))
    expected = 12 * 40
    worker = processes("worker", "worker", "--concurrency=2")
    beats = [processes("beat", "beat-a"), processes("beat", "beat-b")]

    # Both beats fire the sweep every second for a while; two pool processes run them at once.
    _wait_for(
        lambda: SweepRun.objects.filter(finished_at__isnull=False).count() >= 9,
        timeout=120,
        what="several sweeps",
        logs=[worker.log_path],
    )
    for beat in beats:
        _kill(beat, signal.SIGTERM)
    _wait_for(
        _all_delivered(expected),
        timeout=120,
        what="every reminder delivered",
        logs=[worker.log_path],
    )

    for beat in beats:
        assert beat.log_path.read_text().count("Sending due task reminders-daily-sweep") >= 2
    assert Reminder.objects.count() == expected
    assert Notification.objects.count() == expected
    per_recipient = _reminder_lines_per_recipient(processes.mail_dir)
    assert len(per_recipient) == expected
    assert set(per_recipient.values()) == {1}


class _writes_frozen:
    """Hold the database's write lock (SQLite) or the reminder table's (PostgreSQL): the sweep
    blocks on its next claim while the test looks and kills."""

    def __enter__(self):
        db = connection.settings_dict
        if db["ENGINE"] == "django.db.backends.sqlite3":
            self.sqlite = sqlite3.connect(str(db["NAME"]), timeout=30, isolation_level=None)
            self.sqlite.execute("BEGIN IMMEDIATE")
        else:
            self.sqlite = None
            self.cursor = connection.cursor()
            self.cursor.execute("BEGIN")
            self.cursor.execute(f"LOCK TABLE {Reminder._meta.db_table} IN EXCLUSIVE MODE")
            self.cursor.execute(f"LOCK TABLE {SweepRun._meta.db_table} IN EXCLUSIVE MODE")
        return self

    def __exit__(self, *exc):
        if self.sqlite is not None:
            self.sqlite.execute("ROLLBACK")
            self.sqlite.close()
        else:
            self.cursor.execute("ROLLBACK")
            self.cursor.close()
        return False
