"""Issue 6: White releases are public; Green, Amber and Red ones are for the roles that read
releases. Lists, feeds and counts leave out what the reader may not see; a release's own pages
send an anonymous reader to sign in (401 in the API) and refuse a signed-in one without the
role (403: the auditor)."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.choices import Classification
from publication.models import NoteStatus
from releases import papers
from releases.choices import Inclusion
from releases.models import Release
from tests.factories import (
    DecisionFactory,
    DocumentVersionFactory,
    MilestoneFactory,
    ModificationFactory,
    ReleaseFactory,
    ReleaseNoteFactory,
    RidBaselineFactory,
    ScopeItemFactory,
    SecDocumentFactory,
)

pytestmark = pytest.mark.django_db

FUTURE = datetime.date.today() + datetime.timedelta(days=200)


@pytest.fixture
def world():
    """A White release and an Amber one, each with scope, a milestone, a baseline, a published
    note and a document version; and one modification in both."""
    white = ReleaseFactory(slug="white-release", name="White Release", planned_go_live=FUTURE)
    amber = ReleaseFactory(
        slug="amber-release",
        name="Amber Release",
        planned_go_live=FUTURE + datetime.timedelta(days=30),
        classification=Classification.AMBER,
    )
    shared = ModificationFactory(reference="MP900", title="In both releases")
    for release in (white, amber):
        ScopeItemFactory(release=release, modification=shared, part=release.slug)
        MilestoneFactory(release=release, date=FUTURE - datetime.timedelta(days=10))
        RidBaselineFactory(release=release, version=Decimal("1.0"))
        ReleaseNoteFactory(
            release=release,
            title=f"Note of the {release.name}",
            status=NoteStatus.PUBLISHED,
            published_at=timezone.now(),
        )
        DocumentVersionFactory(
            document=SecDocumentFactory(code=f"Section {release.slug}"),
            version="9.0",
            release=release,
            effective_from=datetime.date(2020, 1, 1),
        )
    return white, amber


@pytest.fixture
def panel(user_with_role):
    """A Panel member's client, beside the anonymous `client`."""
    panel = Client()
    panel.force_login(user_with_role("panel"))
    return panel


# The pages of a release anyone may open when it is White.
RELEASE_PAGES = [
    ("releases:detail", {}),
    ("releases:history", {}),
    ("releases:scope_csv", {}),
    ("releases:scope_xlsx", {}),
    ("releases:rid_draft", {}),
    ("releases:rid_baseline", {"version": "1.0"}),
    ("releases:rid_compare", {}),
    ("publication:release_note", {}),
    ("publication:release_calendar", {}),
]


def _url(name, slug, extra):
    return reverse(name, kwargs={"slug": slug, **extra})


LIST_PAGES = [
    "/",
    "/releases/",
    "/modifications/",
    "/modifications/MP900/",
    "/modifications/MP900/history/",
    "/news/",
    "/news/feed/",
    "/releases/calendar.ics",
    "/document-log/",
    "/document-log/section-amber-release/",
]


def test_the_rule_in_one_place(world, user_with_role):
    white, amber = world
    panel, auditor = user_with_role("panel"), user_with_role("auditor")
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert list(Release.objects.visible_to(anonymous)) == [white]
    assert list(Release.objects.visible_to(None)) == [white]
    assert list(Release.objects.visible_to(auditor)) == [white]
    assert list(Release.objects.visible_to(panel)) == [white, amber]
    assert white.is_visible_to(anonymous) and not amber.is_visible_to(anonymous)
    assert not amber.is_visible_to(auditor) and amber.is_visible_to(panel)


@pytest.mark.parametrize("url", LIST_PAGES)
def test_lists_and_feeds_leave_out_amber_for_anonymous_readers(client, world, url):
    response = client.get(url)
    assert response.status_code == 200, url
    body = response.content.decode()
    assert "Amber Release" not in body
    assert "amber-release/" not in body.replace("section-amber-release/", "")


@pytest.mark.parametrize("url", LIST_PAGES)
def test_lists_and_feeds_show_amber_to_the_panel(panel, world, url):
    response = panel.get(url)
    assert response.status_code == 200, url
    assert "Amber Release" in response.content.decode(), url


def test_the_document_log_keeps_the_version_and_hides_the_release(client, world):
    body = client.get("/document-log/").content.decode()
    assert "Section amber-release" in body and "Section white-release" in body
    assert "White Release" in body and "Amber Release" not in body


def test_release_list_counts_only_what_the_reader_sees(client, panel, world):
    from releases.selectors import release_overview

    assert [r.slug for r in release_overview()] == ["white-release"]
    response = client.get("/releases/")
    assert [r.slug for r in response.context["releases"]] == ["white-release"]
    response = panel.get("/releases/")
    assert [r.slug for r in response.context["releases"]] == ["white-release", "amber-release"]


def test_register_filter_offers_only_visible_releases(client, world):
    response = client.get("/modifications/", {"release": "amber-release"})
    choices = [value for value, _ in response.context["form"].fields["release"].choices]
    assert choices == ["", "white-release"]
    # The hidden release's slug is dropped as an invalid filter: the whole register shows.
    assert not response.context["filtered"]


@pytest.mark.parametrize(("name", "extra"), RELEASE_PAGES)
def test_amber_release_pages_send_anonymous_readers_to_sign_in(client, world, name, extra):
    url = _url(name, "amber-release", extra)
    response = client.get(url)
    assert response.status_code == 302, url
    assert response["Location"].startswith(reverse("login")), url
    assert client.get(_url(name, "white-release", extra)).status_code == 200


@pytest.mark.parametrize(("name", "extra"), RELEASE_PAGES)
def test_amber_release_pages_open_to_the_panel_not_to_the_auditor(
    panel, world, user_with_role, name, extra
):
    url = _url(name, "amber-release", extra)
    assert panel.get(url).status_code == 200, url
    panel.force_login(user_with_role("auditor"))
    response = panel.get(url)
    assert response.status_code == 403, url
    assert "classified Amber" in response.content.decode()


def test_amber_baseline_pdf_is_refused_before_anything_is_read(client, world, user_with_role):
    url = reverse("releases:rid_baseline_pdf", args=["amber-release", "1.0"])
    assert client.get(url).status_code == 302
    client.force_login(user_with_role("auditor"))
    assert client.get(url).status_code == 403
    client.force_login(user_with_role("panel"))
    assert client.get(url).status_code == 409  # let through: its PDF is not rendered yet


def test_api_list_leaves_amber_out_for_anonymous_callers(client, panel, world):
    anonymous = client
    slugs = [r["slug"] for r in anonymous.get("/api/v1/releases/").json()["results"]]
    assert slugs == ["white-release"]
    assert anonymous.get("/api/v1/releases/").json()["count"] == 1
    results = panel.get("/api/v1/releases/").json()["results"]
    assert [(r["slug"], r["classification"]) for r in results] == [
        ("white-release", "WHITE"),
        ("amber-release", "AMBER"),
    ]


def test_api_modification_hides_amber_scope_from_anonymous_callers(client, panel, world):
    anonymous = client
    releases = anonymous.get("/api/v1/modifications/MP900/").json()["releases"]
    assert [r["release"] for r in releases] == ["white-release"]
    assert (
        anonymous.get("/api/v1/modifications/", {"release": "amber-release"}).json()["count"] == 0
    )
    releases = panel.get("/api/v1/modifications/MP900/").json()["releases"]
    assert [r["release"] for r in releases] == ["white-release", "amber-release"]
    assert panel.get("/api/v1/modifications/", {"release": "amber-release"}).json()["count"] == 1


@pytest.mark.parametrize(
    "url", ["/api/v1/releases/amber-release/", "/api/v1/releases/amber-release/rid/"]
)
def test_api_detail_refuses_amber(client, world, user_with_role, url):
    response = client.get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert "classified Amber" in response.json()["detail"]
    client.force_login(user_with_role("auditor"))
    assert client.get(url).status_code == 403
    client.force_login(user_with_role("panel"))
    assert client.get(url).status_code == 200
    assert client.get(url.replace("amber", "white")).status_code == 200


def test_api_detail_of_no_release_is_still_404(client, world):
    assert client.get("/api/v1/releases/no-such-release/").status_code == 404


def test_calendar_with_restricted_releases_is_not_shared_cache(client, panel, world):
    assert client.get("/releases/calendar.ics")["Cache-Control"].startswith("public")
    assert panel.get("/releases/calendar.ics")["Cache-Control"].startswith("private")
    url = "/releases/amber-release/calendar.ics"
    assert panel.get(url)["Cache-Control"].startswith("private")


def test_panel_paper_reports_amber_to_the_panel_only(world, user_with_role):
    meeting = FUTURE - datetime.timedelta(days=100)
    DecisionFactory(release=world[1], meeting_date=meeting, summary="Amber Release decision")
    public = papers.releases_update(meeting=meeting)
    assert [r.release.slug for r in public.releases] == ["white-release"]
    assert public.classification == "White"
    assert all("Amber" not in r.text for r in public.recommendations)
    panel = papers.releases_update(meeting=meeting, user=user_with_role("panel"))
    assert [r.release.slug for r in panel.releases] == ["white-release", "amber-release"]
    assert panel.classification == "Amber"


def test_panel_paper_page_prints_the_classification(client, panel, world):
    url = reverse("papers:releases_update")
    assert "Classification of White" in client.get(url).content.decode()
    body = panel.get(url).content.decode()
    assert "Amber Release" in body and "Classification of Amber" in body


def test_white_only_data_is_unchanged(client, world):
    Release.objects.filter(slug="amber-release").update(classification=Classification.WHITE)
    body = client.get("/releases/").content.decode()
    assert "Amber Release" in body
    assert client.get(reverse("releases:detail", args=["amber-release"])).status_code == 200


def test_a_deferral_to_amber_names_no_release_to_anonymous_readers(client, panel, world):
    white, amber = world
    moved = ModificationFactory(reference="MP901")
    ScopeItemFactory(
        release=white,
        modification=moved,
        inclusion=Inclusion.DEFERRED,
        deferred_to=amber,
        reason="Not ready in time.",
    )
    for url in (
        reverse("releases:detail", args=["white-release"]),
        reverse("releases:scope_csv", args=["white-release"]),
        reverse("releases:history", args=["white-release"]),
        "/modifications/MP901/",
        "/modifications/MP901/history/",
    ):
        body = client.get(url).content.decode("utf-8-sig")
        assert "Amber Release" not in body, url
        assert "Amber Release" in panel.get(url).content.decode("utf-8-sig"), url


def test_the_auditor_cannot_follow_an_amber_release(client, world, user_with_role):
    client.force_login(user_with_role("auditor"))
    assert client.post("/notifications/follow/", {"release": "amber-release"}).status_code == 403
    assert client.post("/notifications/follow/", {"release": "white-release"}).status_code == 302
