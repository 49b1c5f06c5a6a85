"""An auditor appointed to June 2022 reads everything about it, nothing non-public about any other
release, and writes nothing: in the browser and through the API (SEC D10.11)."""

import datetime

import pytest
import time_machine
from django.apps import apps
from django.urls import reverse
from rest_framework.test import APIClient

from api.services import api_token_issue
from audit.access import NEVER_GRANTED, request_release
from audit.models import AuditorAppointment, AuditorPageView
from audit.services import auditor_revoke
from core.choices import Classification
from releases.models import RESTRICTED_READ_PERMISSION, Release, RidBaseline, may_read_restricted
from tests.audit.conftest import JUNE, NOVEMBER, TAD_BYTES
from tests.core.test_access_audit import ACCESS, POST_ONLY
from tests.factories import RidAppealFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sec_history")]


def _pages(slug, material) -> list[str]:
    m = material[slug]
    readiness = f"/releases/{slug}/readiness/"
    return [
        readiness,
        f"{readiness}criteria/{m['criterion'].pk}/",
        f"{readiness}tads/1/attachment/",
        f"{readiness}paper/",
    ]


def _api(slug) -> list[str]:
    base = f"/api/v1/releases/{slug}/"
    return [
        f"{base}tads/",
        f"{base}tads/1/attachment/",
        f"{base}readiness-statements/",
        f"{base}testing-evidence/",
    ]


def _counts() -> dict[str, int]:
    """Rows in every table but the auditors' log and the sessions signing in makes."""
    skip = {"sessions.Session", "audit.AuditorPageView"}
    return {
        m._meta.label: m._base_manager.count()
        for m in apps.get_models()
        if m._meta.label not in skip
    }


def test_an_auditor_reads_their_releases_readiness_tads_statements_and_evidence(
    client, auditor, material
):
    client.force_login(auditor)

    statuses = {url: client.get(url).status_code for url in _pages(JUNE, material)}

    assert set(statuses.values()) == {200}, statuses
    criterion = client.get(_pages(JUNE, material)[1])
    assert "The DCC is ready for the June 2022 SEC Release." in criterion.content.decode()
    readiness = client.get(f"/releases/{JUNE}/readiness/").content.decode()
    assert "Testing Approach Document" in readiness or "TAD" in readiness
    download = client.get(f"/releases/{JUNE}/readiness/tads/1/attachment/")
    assert b"".join(download.streaming_content) == TAD_BYTES


def test_an_auditor_reads_the_draft_rid_its_baselines_and_the_history(client, auditor):
    client.force_login(auditor)

    for url in (
        f"/releases/{JUNE}/",
        f"/releases/{JUNE}/rid/",
        f"/releases/{JUNE}/rid/0.1/",
        f"/releases/{JUNE}/rid/compare/?from=0.1&to=draft",
        f"/releases/{JUNE}/history/",
    ):
        assert client.get(url).status_code == 200, url


def test_an_auditor_of_june_2022_is_refused_november_2021s_material(client, auditor, material):
    client.force_login(auditor)

    statuses = {url: client.get(url).status_code for url in _pages(NOVEMBER, material)}

    assert set(statuses.values()) == {403}, statuses


def test_the_readiness_tab_shows_on_the_audited_release_only(client, auditor):
    client.force_login(auditor)

    june = client.get(f"/releases/{JUNE}/").content.decode()
    november = client.get(f"/releases/{NOVEMBER}/").content.decode()

    assert f'href="/releases/{JUNE}/readiness/"' in june
    assert f'href="/releases/{NOVEMBER}/readiness/"' not in november


def test_an_auditor_with_no_appointment_reads_only_what_is_public(
    client, material, django_user_model
):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("unappointed", password="pw")
    user.groups.add(Group.objects.get(name="auditor"))
    client.force_login(user)

    assert {client.get(url).status_code for url in _pages(JUNE, material)} == {403}
    assert client.get(f"/releases/{JUNE}/").status_code == 200  # White: public


@pytest.fixture
def restricted():
    """June 2022 and November 2021 classified Amber: not public."""
    Release.objects.filter(slug__in=[JUNE, NOVEMBER]).update(classification=Classification.AMBER)


def test_a_restricted_audited_release_is_visible_and_no_other_restricted_one(
    client, auditor, restricted
):
    client.force_login(auditor)

    assert client.get(f"/releases/{JUNE}/").status_code == 200
    assert client.get(f"/releases/{JUNE}/rid/").status_code == 200
    assert client.get(f"/releases/{NOVEMBER}/").status_code == 403
    assert client.get(f"/releases/{NOVEMBER}/history/").status_code == 403
    listed = client.get("/releases/").content.decode()
    assert "June 2022 SEC Release" in listed
    assert "November 2021 SEC Release" not in listed
    api = APIClient()
    api.force_authenticate(auditor)
    names = [r["name"] for r in api.get("/api/v1/releases/?page_size=100").json()["results"]]
    assert "June 2022 SEC Release" in names
    assert "November 2021 SEC Release" not in names
    assert api.get(f"/api/v1/releases/{NOVEMBER}/").status_code == 403


def test_nothing_opens_another_restricted_release_outside_a_request(auditor, restricted):
    """The visibility rules alone: the appointed release, never every restricted one."""
    visible = set(Release.objects.visible_to(auditor).values_list("slug", flat=True))

    assert JUNE in visible
    assert NOVEMBER not in visible
    assert not auditor.has_perm("releases.view_release")
    assert not auditor.has_perm("acceptance.view_tad")  # no request names June 2022
    with request_release(JUNE):
        assert auditor.has_perm("acceptance.view_tad")
        assert not auditor.has_perm("releases.view_release")
        assert not auditor.has_perm("acceptance.add_tad")
        assert not may_read_restricted(auditor)
    with request_release(NOVEMBER):
        assert not auditor.has_perm("acceptance.view_tad")
    assert RESTRICTED_READ_PERMISSION in NEVER_GRANTED
    names = Release.objects.filter(slug__in=[JUNE, NOVEMBER]).names_for(auditor)
    assert sorted(names.values()) == ["June 2022 SEC Release", "another release"]


# -- never a write ------------------------------------------------------------------------------


def _is_write(access) -> bool:
    if access == POST_ONLY:
        return True
    return isinstance(access, tuple) and any(".view_" not in p for p in access)


# Asking for the draft RID's PDF (a render of what the auditor already reads, kept by its digest)
# is the one POST a reader makes; it changes nothing about the release.
READ_BY_POST = {"releases:rid_draft_pdf_request"}


def _page_urls(material) -> dict[str, str]:
    """Every page route of June 2022 with real arguments (a TAD, a criterion, a scope row...)."""
    from tests.core.test_access_audit import _product_routes

    release = material[JUNE]["release"]
    v01 = RidBaseline.objects.get(release=release, version="0.1")
    appeal = RidAppealFactory(baseline=v01, lodged_on=datetime.date(2021, 6, 25))
    appointment = AuditorAppointment.objects.get(release=release)
    pks = {
        "releases:scope_row": release.scope_items.first().pk,
        "releases:scope_move": release.scope_items.first().pk,
        "releases:scope_remove": release.scope_items.first().pk,
        "releases:milestone_row": release.milestones.first().pk,
        "releases:milestone_edit": release.milestones.first().pk,
        "releases:rid_appeal_decide": appeal.pk,
        "audit:revoke": appointment.pk,
    }
    urls = {}
    for name, route in _product_routes().items():
        if not route.startswith(("releases/<str:slug>", "releases/(?P<slug>")):
            continue
        kwargs = {"slug": JUNE}
        if "version>" in route:
            kwargs["version"] = "0.1" if "(?P<version>" in route else 1
        if "(?P<digest>" in route:
            kwargs["digest"] = "0" * 64
        if "pk>" in route:
            kwargs["pk"] = pks.get(name, material[JUNE]["criterion"].pk)
        urls[name] = reverse(name, kwargs=kwargs)
    return urls


def test_an_auditor_never_writes_through_any_page_of_their_release(client, auditor, material):
    """A POST to every page of June 2022: each one that writes is refused (403), and no page
    writes anything (the draft RID's PDF, a render of what they read, aside)."""
    client.force_login(auditor)
    urls = _page_urls(material)
    writes = {
        name
        for name in urls
        if name.startswith("audit:") or name not in ACCESS or _is_write(ACCESS[name])
    }
    assert {"acceptance:tad-new", "releases:scope_add", "audit:auditors"} <= writes
    before = _counts()

    statuses = {
        name: client.post(url, {"text": "x", "version": "1", "reason": "x"}).status_code
        for name, url in urls.items()
        if name not in READ_BY_POST
    }

    assert {name: s for name, s in statuses.items() if name in writes and s != 403} == {}
    assert max(statuses.values()) < 500
    assert _counts() == before


def test_an_auditor_never_writes_through_the_api(auditor, material):
    _, key = api_token_issue(user=auditor)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    before = _counts()

    for url in (f"/api/v1/releases/{JUNE}/tads/", f"/api/v1/releases/{JUNE}/readiness-statements/"):
        assert api.post(url, {"objectives": "x"}, format="json").status_code == 403, url

    assert _counts() == before


# -- the API with the auditor's token ---------------------------------------------------------------


def test_the_api_with_an_auditors_token_behaves_as_the_pages(auditor, material):
    _, key = api_token_issue(user=auditor)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    june = {url: api.get(url).status_code for url in _api(JUNE)}
    november = {url: api.get(url).status_code for url in _api(NOVEMBER)}

    assert set(june.values()) == {200}, june
    assert set(november.values()) == {403}, november
    statements = api.get(f"/api/v1/releases/{JUNE}/readiness-statements/").json()
    assert "The DCC is ready for the June 2022 SEC Release." in str(statements)
    logged = AuditorPageView.objects.filter(user=auditor, path__startswith="/api/")
    assert sorted(logged.values_list("path", "status_code")) == sorted(
        [(url, 200) for url in _api(JUNE)]
        + [(f"/api/v1/releases/{JUNE}/readiness-statements/", 200)]  # read twice
        + [(url, 403) for url in _api(NOVEMBER)]
    )


# -- when an appointment is in force ----------------------------------------------------------------


def test_a_revoked_appointment_gives_no_access(client, auditor, panel, material):
    client.force_login(auditor)
    assert client.get(f"/releases/{JUNE}/readiness/").status_code == 200

    auditor_revoke(
        appointment=AuditorAppointment.objects.get(user=auditor), reason="Audit done", actor=panel
    )

    assert client.get(f"/releases/{JUNE}/readiness/").status_code == 403
    assert client.get(f"/releases/{JUNE}/readiness/tads/1/attachment/").status_code == 403


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (datetime.date(2022, 2, 28), 403),  # not yet begun
        (datetime.date(2022, 3, 1), 200),
        (datetime.date(2022, 6, 30), 200),
        (datetime.date(2022, 7, 1), 403),  # ended
    ],
)
def test_an_appointment_gives_access_from_its_first_to_its_last_day(
    client, make_auditor, material, today, status
):
    with time_machine.travel(datetime.datetime(2022, 2, 1, 12, 0), tick=False):
        user = make_auditor(starts_on=datetime.date(2022, 3, 1), ends_on=datetime.date(2022, 6, 30))
    client.force_login(user)

    with time_machine.travel(datetime.datetime.combine(today, datetime.time(12)), tick=False):
        response = client.get(f"/releases/{JUNE}/readiness/")

    assert response.status_code == status


# -- the costs app (its views ask costs.view_*) ----------------------------------------------------


def test_an_auditor_reads_their_releases_costs_and_reports_none(client, auditor):
    client.force_login(auditor)
    before = _counts()

    assert client.get(f"/releases/{JUNE}/costs/").status_code == 200
    assert client.get(f"/releases/{JUNE}/costs.pdf").status_code == 200
    assert client.get(f"/releases/{NOVEMBER}/costs/").status_code == 403
    for url in (
        f"/releases/{JUNE}/costs/actuals/dcc/new/",
        f"/releases/{JUNE}/costs/actuals/secas/new/",
    ):
        assert client.post(url, {"amount": "1"}).status_code == 403, url
    assert _counts() == before


def test_an_auditors_token_reads_their_releases_cost_actuals_only(auditor):
    _, key = api_token_issue(user=auditor)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    assert api.get(f"/api/v1/releases/{JUNE}/cost-actuals/").status_code == 200
    assert api.get(f"/api/v1/releases/{NOVEMBER}/cost-actuals/").status_code == 403
    assert api.post(f"/api/v1/releases/{JUNE}/cost-actuals/", {}, format="json").status_code == 403
