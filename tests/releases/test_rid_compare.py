"""Comparing two RID snapshots: scope in and out, milestones moved, costs, impacts, text."""

import copy
import io
import logging
from decimal import Decimal

import pypdf
import pytest
from django.core.files.storage import default_storage
from django.test import TestCase

from modifications.models import DccCost
from releases.models import RidDraftPdf
from releases.rid import baselines
from releases.rid.compare import redline, rid_compare
from releases.rid.content import rid_snapshot
from tests.factories import (
    DccCostFactory,
    MilestoneFactory,
    ModificationFactory,
    RidBaselineFactory,
    ScopeItemFactory,
)
from tests.releases.rid_helpers import release_to_baseline


def test_redline_marks_words_removed_and_inserted_and_escapes_the_rest():
    assert redline("The DCC will test <all> of it.", "The DCC will retest all of it.") == (
        "The DCC will <del>test</del><ins>retest</ins> <del>&lt;all&gt;</del><ins>all</ins> of it."
    )


@pytest.mark.django_db
def test_a_compare_shows_each_kind_of_change():
    release = release_to_baseline()
    mp104 = release.scope_items.get(modification__reference="MP104").modification
    DccCostFactory(modification=mp104, stage="SIT", low=Decimal("10000"), high=Decimal("20000"))
    old = baselines.baseline_snapshot(
        rid_snapshot(release),
        version=Decimal("1.0"),
        issued_on=release.planned_go_live,
        changes="v1.0",
        decision=None,
    )
    # Then: MP199 enters, MP159 leaves, UIT moves, MP104's SIT cost changes, the text changes.
    ScopeItemFactory(release=release, modification=ModificationFactory(reference="MP199"))
    release.scope_items.filter(modification__reference="MP159").update(inclusion="REMOVED")
    release.milestones.update(date="2031-06-02")
    DccCost.objects.filter(modification=mp104).update(low=Decimal("15000"), high=Decimal("25000"))
    new = copy.deepcopy(rid_snapshot(release))
    new["narrative"]["dcc_test_approach"] = "The DCC will retest every change in SIT."
    old["narrative"]["dcc_test_approach"] = "The DCC will test every change in SIT."

    comparison = rid_compare(old, new)

    assert (comparison.old_label, comparison.new_label) == ("v1.0", "the draft")
    assert [(c.key, c.status) for c in comparison.scope] == [
        ("MP199", "added"),
        ("MP159", "removed"),
    ]
    assert [(c.key, c.status, c.old, c.new) for c in comparison.milestones] == [
        ("UIT commences", "moved", "19 May 2031", "2 Jun 2031")
    ]
    sit = [c for c in comparison.costs if c.key == "MP104 SIT"]
    assert [(c.status, c.old, c.new) for c in sit] == [
        ("changed", "£10,000 – £20,000", "£15,000 – £25,000")
    ]
    texts = {c.key: c for c in comparison.texts}
    assert str(texts["narrative:dcc_test_approach"].redline) == (
        "The DCC will <del>test</del><ins>retest</ins> every change in SIT."
    )
    assert comparison.has_changes


@pytest.mark.django_db
def test_the_compare_page_and_its_pdf(client):
    release = release_to_baseline()
    RidBaselineFactory(release=release, version=Decimal("1.0"), pdf_sha256="a" * 64)
    release.milestones.update(date="2031-06-02")

    page = client.get(f"/releases/{release.slug}/rid/compare/?from=1.0&to=draft")
    pdf = client.get(f"/releases/{release.slug}/rid/compare.pdf?from=1.0&to=draft")

    assert page.status_code == 200
    html = page.content.decode()
    assert "RID: v1.0 compared with the draft" in html
    assert "<del>19 May 2031</del> → <ins>2 Jun 2031</ins>" in html
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert "UIT commences" in text and "2 Jun 2031" in text
    assert client.get(f"/releases/{release.slug}/rid/compare/?from=7.0").status_code == 404


@pytest.mark.django_db
def test_the_baseline_page_shows_rendering_then_offers_the_pdf_and_refuses_a_tampered_one(
    client, caplog
):
    release = release_to_baseline()
    baseline = RidBaselineFactory(release=release, version=Decimal("1.0"))
    url = f"/releases/{release.slug}/rid/1.0/"

    rendering = client.get(url).content.decode()
    assert "The PDF is being rendered" in rendering
    assert 'hx-trigger="every 2s"' in rendering
    assert client.get(f"/releases/{release.slug}/rid/1.0.pdf").status_code == 409

    assert baselines.rid_baseline_render(baseline_id=baseline.pk) is True
    assert baselines.rid_baseline_render(baseline_id=baseline.pk) is False  # idempotent
    status = client.get(url + "pdf-status/").content.decode()
    assert "Download the PDF of v1.0" in status and "every 2s" not in status
    download = client.get(f"/releases/{release.slug}/rid/1.0.pdf")
    assert download.status_code == 200
    assert download.content.startswith(b"%PDF")

    baseline.refresh_from_db()
    with default_storage.open(baseline.pdf.name, "wb") as handle:
        handle.write(download.content.replace(b"%PDF", b"%PDF ", 1))
    with caplog.at_level(logging.ERROR, logger="releases.rid.baselines"):
        tampered = client.get(f"/releases/{release.slug}/rid/1.0.pdf")
    assert tampered.status_code == 409
    assert "no longer matches the SHA-256 recorded" in tampered.content.decode()
    assert tampered["Content-Type"].startswith("text/html")
    assert "not the recorded" in caplog.text


@pytest.mark.django_db
def test_the_draft_pdf_is_rendered_once_per_digest(client, user_with_role):
    release = release_to_baseline()
    client.force_login(user_with_role("secas", "sam"))

    with TestCase.captureOnCommitCallbacks(execute=True):
        first = client.post(f"/releases/{release.slug}/rid/draft-pdf/")
    with TestCase.captureOnCommitCallbacks(execute=True) as queued:
        again = client.post(f"/releases/{release.slug}/rid/draft-pdf/")

    draft = RidDraftPdf.objects.get()
    assert first.status_code == again.status_code == 302
    assert queued == []  # the same draft: nothing rendered again
    assert draft.is_rendered
    status = client.get(first["Location"]).content.decode()
    assert "Download the PDF of the draft" in status
    pdf = client.get(f"/releases/{release.slug}/rid/draft-{draft.digest}.pdf")
    assert pdf.content.startswith(b"%PDF")

    MilestoneFactory(release=release, event="SIT starts")
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(f"/releases/{release.slug}/rid/draft-pdf/")
    assert RidDraftPdf.objects.count() == 2


@pytest.mark.django_db
def test_a_targeted_item_approved_later_reads_as_the_paper_writes_it():
    release = release_to_baseline()
    item = release.scope_items.get(modification__reference="MP104")
    release.scope_items.filter(pk=item.pk).update(
        inclusion="TARGETED", decision_cutoff="2030-10-21"
    )
    old = rid_snapshot(release)
    release.scope_items.filter(pk=item.pk).update(inclusion="APPROVED", decision_cutoff=None)

    (change,) = rid_compare(old, rid_snapshot(release)).scope

    assert (change.key, change.status) == ("MP104", "changed")
    assert change.details == [
        "status: Targeted → Approved for inclusion",
        "decision cut-off: 21 Oct 2030 → none",
    ]
