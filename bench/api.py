"""How fast the API answers, next to its floor, in the same run.

    python bench/api.py                       # SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/secrelease_bench python bench/api.py

It migrates the database it is given, writes a release with 56 readiness statements and a DCC
user with a token, starts gunicorn (2 workers) with `bench.settings`, and measures four
endpoints with real HTTP requests:

- list:   GET  /api/v1/releases/<slug>/readiness-statements/  (50 rows a page, token, role check)
  floor:  GET  /bench/floor/<slug>/list/    the same 50 rows and serializer, one query, no auth
- create: POST /api/v1/releases/<slug>/readiness-statements/  (token, DCC check, the service)
  floor:  POST /bench/floor/<slug>/create/  the same input and output serializers, one INSERT

Latency is one client, the endpoint's and its floor's requests interleaved (median and p95);
throughput is `--clients` clients at once, the best of three alternating rounds.
Use a database of its own: the benchmark writes to it.
"""

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLUG = "bench-2030"
STATEMENT = json.dumps(
    {"criterion_set": "OPERATIONAL", "criterion_number": 1, "text": "The components are ready."}
)


def setup_database(env: dict) -> str:
    """Migrate, write the rows, and return a DCC token key."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import datetime

    from django.contrib.auth.models import Group, User
    from django.core.management import call_command

    from acceptance.models import ReadinessStatement
    from api.services import api_token_issue
    from releases.models import Release
    from releases.services import release_create

    call_command("migrate", verbosity=0)
    release = Release.objects.filter(slug=SLUG).first() or release_create(
        slug=SLUG,
        name="Bench 2030 SEC Release",
        kind="JUNE",
        planned_go_live=datetime.date(2030, 6, 27),
        actor=None,
    )
    user, _ = User.objects.get_or_create(username="bench-dcc")
    user.groups.add(Group.objects.get(name="dcc"))
    if not ReadinessStatement.objects.filter(criterion__release=release).exists():
        for criterion in release.acceptance_criteria.filter(
            owner="DCC", criterion_set="OPERATIONAL"
        ):
            for version in range(1, 8):
                ReadinessStatement.objects.create(
                    criterion=criterion,
                    version=version,
                    text=f"Statement {version} on {criterion.label}. " * 8,
                    submitted_by=user,
                )
    _, key = api_token_issue(user=user)
    from django.db import connections

    connections.close_all()
    return key


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, timeout: float = 30) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def request(conn, method, path, headers, body=None) -> float:
    start = time.perf_counter()
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    elapsed = time.perf_counter() - start
    if response.status >= 400:
        raise SystemExit(f"{method} {path} answered {response.status}")
    return elapsed


def latency(port, endpoints, n) -> list[list[float]]:
    """One client; the endpoints' requests interleaved, so both meet the same machine load."""
    conn = http.client.HTTPConnection("127.0.0.1", port)
    for method, path, headers, body in endpoints:
        for _ in range(10):  # warm up: imports, connections, caches
            request(conn, method, path, headers, body)
    times = [[] for _ in endpoints]
    for _ in range(n):
        for i, (method, path, headers, body) in enumerate(endpoints):
            times[i].append(request(conn, method, path, headers, body))
    return times


def throughput(port, method, path, headers, body, n, clients) -> float:
    def run():
        conn = http.client.HTTPConnection("127.0.0.1", port)
        for _ in range(n // clients):
            request(conn, method, path, headers, body)

    threads = [threading.Thread(target=run) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return (n // clients) * clients / (time.perf_counter() - start)


def best_throughput(port, endpoints, n, clients, rounds=3) -> list[float]:
    """Requests/s of each endpoint, in alternating rounds; the best round of each."""
    best = [0.0] * len(endpoints)
    for _ in range(rounds):
        for i, endpoint in enumerate(endpoints):
            best[i] = max(best[i], throughput(port, *endpoint, n // rounds, clients))
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()

    env = {"DJANGO_SETTINGS_MODULE": "bench.settings", "PYTHONPATH": str(ROOT)}
    tmp = None
    if not os.environ.get("DATABASE_URL"):
        tmp = tempfile.TemporaryDirectory()
        env["SECRELEASE_VAR_DIR"] = tmp.name
    key = setup_database(env)
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "secrelease.wsgi:application",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
    )
    try:
        wait_for(port)
        auth = {"Authorization": f"Token {key}"}
        json_headers = {"Content-Type": "application/json"}
        pairs = [
            (
                "list",
                ("GET", f"/api/v1/releases/{SLUG}/readiness-statements/", auth, None),
                ("GET", f"/bench/floor/{SLUG}/list/", {}, None),
            ),
            (
                "create",
                (
                    "POST",
                    f"/api/v1/releases/{SLUG}/readiness-statements/",
                    {**auth, **json_headers},
                    STATEMENT,
                ),
                ("POST", f"/bench/floor/{SLUG}/create/", json_headers, STATEMENT),
            ),
        ]
        database = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
        print(
            f"{database}, gunicorn 2 workers, {args.requests} requests per figure; "
            f"req/s with {args.clients} clients"
        )
        print(f"{'endpoint':<34}{'p50 ms':>9}{'p95 ms':>9}{'req/s':>9}{'p50 / floor':>13}")
        for name, endpoint, floor in pairs:
            times = latency(port, [endpoint, floor], args.requests)
            rates = best_throughput(port, [endpoint, floor], args.requests, args.clients)
            p50 = [statistics.median(t) * 1000 for t in times]
            p95 = [statistics.quantiles(t, n=20)[18] * 1000 for t in times]
            for i, label in enumerate(("api", "floor")):
                extra = f"{p50[0] / p50[1]:>12.2f}x" if i == 0 else ""
                print(
                    f"{name + ' ' + label:<34}{p50[i]:>9.2f}{p95[i]:>9.2f}{rates[i]:>9.0f}{extra}"
                )
    finally:
        server.terminate()
        server.wait(timeout=10)
        if tmp:
            tmp.cleanup()


if __name__ == "__main__":
    main()
