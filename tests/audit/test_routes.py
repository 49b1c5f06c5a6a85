"""Which URLs name a release for an auditor's access (audit.access.release_slug_of). A new route
with a `slug` is checked here: it names a release (under /releases/<slug>/ or the API's
/api/v1/releases/<slug>/) or is listed as naming something else."""

import re

from django.urls import resolve

from audit.access import release_slug_of
from tests.core.test_access_audit import _product_routes

# Routes whose `slug` is not a release's.
NOT_A_RELEASE = {"publication:document_history"}


def _sample(route: str) -> str:
    """A URL of `route` with `x-1` for the slug and plausible values for the rest."""
    url = route.replace("<str:slug>", "x-1").replace("<slug:slug>", "x-1")
    url = re.sub(r"\(\?P<slug>[^)]*\)", "x-1", url)
    url = re.sub(r"\(\?P<version>[^)]*\)", "1.0", url)
    url = re.sub(r"\(\?P<digest>[^)]*\)", "a" * 64, url)
    url = re.sub(r"\(\?P<pk>[^)]*\)", "1", url)
    url = re.sub(r"<int:\w+>", "1", url)
    url = re.sub(r"<str:\w+>", "MP104", url)
    return "/" + url.replace("^", "").replace("$", "").replace("\\", "")


def test_every_route_with_a_slug_names_a_release_or_is_listed():
    with_slug = {name: route for name, route in _product_routes().items() if "slug>" in route}
    assert with_slug, "no route names a slug?"

    wrong = {}
    for name, route in with_slug.items():
        named = release_slug_of(resolve(_sample(route)))
        expected = None if name in NOT_A_RELEASE else "x-1"
        if named != expected:
            wrong[name] = (route, named)

    assert wrong == {}, "add the route's prefix to audit.access.RELEASE_ROUTE or NOT_A_RELEASE"


def test_papers_and_modifications_name_no_release():
    assert release_slug_of(resolve("/papers/releases-update/")) is None
    assert release_slug_of(resolve("/modifications/MP104/")) is None
    assert release_slug_of(resolve("/releases/")) is None
    assert release_slug_of(resolve("/api/v1/releases/")) is None
    assert release_slug_of(resolve("/api/v1/releases/june-2022/tads/")) == "june-2022"
    assert release_slug_of(resolve("/releases/june-2022/rid/0.1.pdf")) == "june-2022"
