"""Baselining the draft RID: who may, what is refused (with nothing written), what is frozen."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage

from core.errors import ApplicationError
from core.pdf import sha256_hex
from releases.choices import DecisionAsk, DecisionOutcome, Inclusion
from releases.models import Decision, RidBaseline
from releases.rid.baselines import rid_baseline_create
from tests.factories import (
    ModificationFactory,
    ReleaseFactory,
    RidBaselineFactory,
    ScopeItemFactory,
)
from tests.releases.rid_helpers import BASELINE_INPUT, release_to_baseline

pytestmark = pytest.mark.django_db
D = datetime.date


def baseline(release, actor, **changes):
    """Baseline through the service, running what it queues on commit (the render, eagerly)."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        return rid_baseline_create(release=release, actor=actor, **{**BASELINE_INPUT, **changes})


def counts():
    return (RidBaseline.objects.count(), Decision.objects.count())


def test_a_panel_member_baselines_the_draft_as_v0_1_with_its_decision_and_pdf(user_with_role):
    release = release_to_baseline()
    pat = user_with_role("panel", "pat")

    made = baseline(release, pat, issued_on=D(2021, 6, 11))

    made = RidBaseline.objects.get(pk=made.pk)
    assert made.version == Decimal("0.1")
    assert (made.issued_on, made.baselined_by) == (D(2021, 6, 11), pat)
    decision = made.decision
    assert (decision.body, decision.ask, decision.outcome) == (
        "PANEL",
        DecisionAsk.BASELINE,
        DecisionOutcome.APPROVED,
    )
    assert (decision.paper_reference, decision.published_on) == ("SECP_93_1806_21", D(2021, 6, 18))
    document = made.snapshot["document"]
    assert (document["version"], document["status"], document["issued_on"]) == (
        "0.1",
        "Baselined",
        "2021-06-11",
    )
    assert made.snapshot["version_control"][-1]["version"] == "0.1"
    assert made.snapshot["version_control"][-1]["decision"] == "SECP_93_1806_21"
    assert [i["key"] for i in made.snapshot["scope"]["approved"]] == ["MP104", "MP159"]
    # Tasks run eagerly in the test settings: the render ran after commit.
    with default_storage.open(made.pdf.name, "rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF")
    assert sha256_hex(data) == made.pdf_sha256


def test_the_csc_re_baselines_a_panel_baseline_for_document_only_scope(user_with_role):
    release = release_to_baseline()
    baseline(release, user_with_role("panel", "pat"))
    ScopeItemFactory(
        release=release,
        modification=ModificationFactory(reference="MP199", impacts_dcc_systems=False),
        inclusion=Inclusion.APPROVED,
        position=3,
    )

    made = baseline(
        release,
        user_with_role("csc", "cy"),
        version="1.0",
        changes="Re-baselined to add MP199, which does not impact DCC Systems.",
        meeting_date=D(2021, 12, 14),
        paper_reference="CSC_34_1412",
        published_on=D(2021, 12, 15),
    )

    assert made.decision.body == "CSC"
    assert [e["version"] for e in made.snapshot["version_control"]] == ["0.1", "1.0"]


def _add_system_item(release):
    ScopeItemFactory(
        release=release,
        modification=ModificationFactory(reference="MP162", impacts_dcc_systems=True),
        inclusion=Inclusion.TARGETED,
        decision_cutoff=D(2031, 1, 10),
        position=4,
    )


@pytest.mark.parametrize(
    ("case", "field", "message"),
    [
        ("empty scope", "scope", "has nothing in scope"),
        ("version not greater", "version", "greater than the last baseline, v1.0"),
        ("version not a number", "version", "is not a version number"),
        ("still rendering", "version", "v1.0 is still being rendered"),
        ("a SECAS user", "body", "Only a Panel member"),
        ("the CSC first", "body", "its first baseline is the Panel's"),
        ("the CSC, new system scope", "scope", "MP162 impacts DCC Systems"),
        ("no paper", "paper_reference", "reference of the paper"),
        ("published before the meeting", "published_on", "published on or after its meeting"),
    ],
)
def test_each_bad_baseline_is_refused_naming_the_field_and_writes_nothing(
    case, field, message, user_with_role
):
    panel = user_with_role("panel", "pat")
    csc = user_with_role("csc", "cy")
    actor, changes = panel, {}
    release = ReleaseFactory(slug="june-2032") if case == "empty scope" else release_to_baseline()
    if case == "version not greater":
        RidBaselineFactory(release=release, version=Decimal("1.0"), pdf_sha256="0" * 64)
        changes = {"version": "0.9"}
    if case == "version not a number":
        changes = {"version": "v2"}
    if case == "still rendering":
        RidBaselineFactory(release=release, version=Decimal("1.0"))  # no PDF yet
        changes = {"version": "2.0"}
    if case == "a SECAS user":
        actor = user_with_role("secas", "sam")
    if case == "the CSC first":
        actor = csc
    if case == "the CSC, new system scope":
        baseline(release, panel)
        _add_system_item(release)
        actor, changes = csc, {"version": "1.0"}
    if case == "no paper":
        changes = {"paper_reference": "  "}
    if case == "published before the meeting":
        changes = {"published_on": D(2021, 6, 17)}
    before = counts()

    with pytest.raises(ApplicationError) as refusal:
        baseline(release, actor, **changes)

    assert refusal.value.field == field
    assert message in refusal.value.message
    assert counts() == before


def test_the_baseline_form_shows_the_refusal_next_to_its_field(client, user_with_role):
    release = release_to_baseline()
    RidBaselineFactory(release=release, version=Decimal("1.0"), pdf_sha256="0" * 64)
    client.force_login(user_with_role("panel", "pat"))
    before = counts()

    response = client.post(
        f"/releases/{release.slug}/rid/baseline/",
        {**BASELINE_INPUT, "version": "1.0", "meeting_date": "2021-06-18", "published_on": ""},
    )

    assert response.status_code == 422
    assert b'id="baseline_version_error"' in response.content
    assert "greater than the last baseline, v1.0" in response.content.decode()
    assert counts() == before


def test_someone_outside_the_panel_and_csc_cannot_open_the_form(client, user_with_role):
    release = release_to_baseline()
    client.force_login(user_with_role("secas", "sam"))

    assert client.get(f"/releases/{release.slug}/rid/baseline/").status_code == 403
    assert client.post(f"/releases/{release.slug}/rid/baseline/", BASELINE_INPUT).status_code == 403
    assert RidBaseline.objects.count() == 0


def test_a_render_lost_at_commit_is_queued_again_by_the_periodic_job():
    """The broker was down when the baseline committed: beat's job renders it later, once."""
    from releases.tasks import render_rid_baselines_pending

    lost = RidBaselineFactory(release=release_to_baseline())
    assert not lost.pdf_sha256

    assert render_rid_baselines_pending.delay().get() == [lost.pk]

    lost.refresh_from_db()
    with default_storage.open(lost.pdf.name, "rb") as handle:
        assert sha256_hex(handle.read()) == lost.pdf_sha256
    assert render_rid_baselines_pending.delay().get() == []
