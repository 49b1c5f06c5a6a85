"""Every list endpoint makes the same number of queries whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    ModificationFactory,
    ReadinessStatementFactory,
    ReleaseFactory,
    RidBaselineFactory,
    ScopeItemFactory,
    StatusUpdateFactory,
    TadFactory,
)

pytestmark = pytest.mark.django_db


def grow(release, n):
    for _ in range(n):
        modification = ModificationFactory()
        StatusUpdateFactory(modification=modification)
        ScopeItemFactory(release=release, modification=modification)
        ReleaseFactory()
    criterion = release.acceptance_criteria.get(criterion_set="OPERATIONAL", number=2)
    start = criterion.readiness_statements.count()
    for version in range(start + 1, start + n + 1):
        ReadinessStatementFactory(criterion=criterion, version=version)
    tads = release.tads.count()
    for version in range(tads + 1, tads + n + 1):
        TadFactory(release=release, version=version)
    baselines = release.rid_baselines.count()
    for i in range(baselines, baselines + n):
        RidBaselineFactory(release=release, version=f"{i + 1}.0")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # token (with its user's roles); rows (with their scope counts); page count
        ("/api/v1/releases/", 3),
        # token; release with scope counts; scope items with modification and latest status
        ("/api/v1/releases/november-2022/", 3),
        # token; release; count; baselines with their decisions
        ("/api/v1/releases/november-2022/rid/", 4),
        # token; count; modifications
        ("/api/v1/modifications/", 3),
        # token with its user's roles; count; statements with criterion and author
        ("/api/v1/releases/november-2022/readiness-statements/", 3),
        # token with roles; release; count; TADs with author; their reviews
        ("/api/v1/releases/november-2022/tads/", 5),
    ],
)
def test_list_endpoints_make_constant_queries(november_2022, client_for, url, expected):
    client = client_for("dcc")
    client.get(url)  # the token's first use is recorded (one UPDATE); later uses are not
    grow(november_2022, 2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    grow(november_2022, 20)

    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200

    assert len(few) == len(many) == expected, [q["sql"][:80] for q in many]


def test_a_readiness_statement_is_written_in_a_fixed_number_of_queries(november_2022, client_for):
    """Token with its user's roles; the criterion with its release; then, in a savepoint
    (a transaction outside tests): the release locked, the next version, the row and its
    history row."""
    client = client_for("dcc")
    url = "/api/v1/releases/november-2022/readiness-statements/"
    body = {"criterion_set": "OPERATIONAL", "criterion_number": 1, "text": "Ready."}
    client.post(url, body, format="json")  # the token's first use is recorded
    grow(november_2022, 5)

    with CaptureQueriesContext(connection) as queries:
        assert client.post(url, body, format="json").status_code == 201

    sql = [q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    assert len(sql) == 6, sql
