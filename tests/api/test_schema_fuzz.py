"""schemathesis drives every endpoint of the OpenAPI schema in-process: no 5xx, and every
response (errors included) is one the schema documents.

Generated slugs and references are mostly unknown (404); a share of them is replaced by the
release and modification the fixture creates, so the real handlers, filters and writes run too.
Deterministic and small: a fixed seed (derandomize) and a few examples per operation.

One check is left out for writes: `positive_data_acceptance` expects every schema-valid body to
be accepted, but a submission also meets rules no schema can state (the criterion must exist in
this release, the file's bytes must match its name, the figures cannot be dated in the future).
Those refusals are 400s with the documented error body, each covered by `test_bad_input.py`.
"""

import datetime

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import positive_data_acceptance

from api.services import api_token_issue
from releases.choices import ReleaseKind
from releases.services import release_create
from tests.factories import ModificationFactory, RidBaselineFactory, ScopeItemFactory

# Loading the schema needs no database: the schema view reads only the code.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", WSGIHandler())

KNOWN = {"slug": "november-2022", "reference": "MP200", "version": 1}


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    if not path_parameters:
        return st.just(path_parameters)
    known = {key: KNOWN[key] for key in path_parameters if key in KNOWN}
    return st.sampled_from([path_parameters, {**path_parameters, **known}])


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Django's test client keeps the test's database connection open across requests; a bare
    WSGI handler would close it at each request's end (and with it the test's transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def reference_rows(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    release = release_create(
        slug="november-2022",
        name="November 2022 SEC Release",
        kind=ReleaseKind.NOVEMBER,
        planned_go_live=datetime.date(2022, 11, 3),
        actor=None,
    )
    modification = ModificationFactory(reference="MP200")
    ScopeItemFactory(release=release, modification=modification)
    RidBaselineFactory(release=release)


@pytest.fixture
def dcc_key(django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(username="dcc-system", password="pw")
    user.groups.add(Group.objects.get(name="dcc"))
    return api_token_issue(user=user)[1]


@schema.parametrize()
@settings(
    max_examples=10,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_no_server_error_and_no_undocumented_response(case, reference_rows, dcc_key):
    excluded = [] if case.method == "GET" else [positive_data_acceptance]
    case.call_and_validate(headers={"Authorization": f"Token {dcc_key}"}, excluded_checks=excluded)
