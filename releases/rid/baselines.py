"""Baselining a RID: the Panel or the CSC freezes the live draft as a numbered version, its PDF is
rendered once (a Celery task), and any Party may appeal within 10 Working Days (D10.17).

Writes go through the services below; the models refuse every other change (releases/frozen.py).
"""

import datetime
import hashlib
import json
import logging
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from core.choices import Body
from core.errors import ApplicationError
from core.pdf import sha256_hex
from core.services import check_version, validated_save
from core.workdays import add_working_days
from governance.choices import ExceptionCovers
from governance.rules import allowed_by, check_notice_period
from releases.choices import CLOSED_STATUSES, DecisionAsk, DecisionOutcome, date_label
from releases.models import (
    AppealOutcome,
    Decision,
    Release,
    RidAppeal,
    RidBaseline,
    RidDraftPdf,
)
from releases.rid.content import rid_glossary, rid_snapshot, scope_rows
from releases.rid.render import rid_pdf
from releases.rid.review import ReviewClosure, review_close, review_closure

logger = logging.getLogger(__name__)

# D10.17: an appeal within 10 Working Days following the publication of the decision.
APPEAL_WINDOW_WORKING_DAYS = 10
BASELINE_STATUS = "Baselined"


# -- pure helpers ----------------------------------------------------------------------------


def snapshot_digest(snapshot: dict) -> str:
    """The SHA-256 of a snapshot's canonical JSON: the same document, the same digest."""
    canonical = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def parse_version(value) -> Decimal:
    """'1' or '1.0' -> Decimal('1.0'); anything else is refused, naming the field."""
    try:
        version = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ApplicationError(
            f"‘{value}’ is not a version number: write it as 0.1, 1.0 or 12.0.", field="version"
        ) from None
    if not version.is_finite() or version <= 0 or version != version.quantize(Decimal("0.1")):
        raise ApplicationError(
            f"‘{value}’ is not a version number: write it as 0.1, 1.0 or 12.0.", field="version"
        )
    return version.quantize(Decimal("0.1"))


def scope_keys(snapshot: dict, *, system_only: bool = False) -> set[str]:
    return {
        r["key"] for r in scope_rows(snapshot) if not system_only or r.get("impacts_dcc_systems")
    }


def baseline_snapshot(
    draft: dict,
    *,
    version: Decimal,
    issued_on: datetime.date,
    changes: str,
    decision: Decision | None,
    review: dict | None = None,
) -> dict:
    """The draft as the baseline freezes it: its version, status and issue date on the cover, and
    the new version's entry appended to Appendix 1 (Version control), with the review of the
    draft it closed (`releases.rid.review`)."""
    snapshot = json.loads(json.dumps(draft))  # a deep copy that stays JSON
    snapshot["document"].update(
        version=f"{version}", status=BASELINE_STATUS, issued_on=issued_on.isoformat()
    )
    if decision is not None:  # the cover says who baselined it, when, on which paper
        snapshot["document"]["decision"] = {
            "body": decision.get_body_display(),
            "meeting_date": decision.meeting_date.isoformat(),
            "meeting_date_display": date_label(decision.meeting_date),
            "paper_reference": decision.paper_reference,
        }
    entries = [e for e in snapshot.get("version_control", []) if e.get("version") != f"{version}"]
    entries.append(
        {
            "version": f"{version}",
            "issued_on": issued_on.isoformat(),
            "issued_on_display": date_label(issued_on),
            "changes": changes,
            "decision": decision.paper_reference if decision else None,
            **({"review": review} if review else {}),
        }
    )
    snapshot["version_control"] = entries
    snapshot["glossary"] = rid_glossary(snapshot)
    return snapshot


@dataclass(frozen=True)
class AppealWindow:
    opens: datetime.date
    closes: datetime.date

    def is_open(self, day: datetime.date) -> bool:
        return self.opens <= day <= self.closes


def appeal_window(published_on: datetime.date | None) -> AppealWindow | None:
    """D10.17: from the decision's publication to the 10th Working Day after it (None until it is
    published)."""
    if published_on is None:
        return None
    return AppealWindow(published_on, add_working_days(published_on, APPEAL_WINDOW_WORKING_DAYS))


def baseline_appeal_window(baseline: RidBaseline) -> AppealWindow | None:
    decision = baseline.decision
    return appeal_window(decision.published_on if decision else None)


# -- baselining ------------------------------------------------------------------------------


def _body_for(actor) -> str:
    if actor is not None and actor.has_perm("releases.baseline_rid"):
        return Body.PANEL
    if actor is not None and actor.has_perm("releases.rebaseline_rid"):
        return Body.CSC
    raise ApplicationError(
        "Only a Panel member (or a CSC member, re-baselining non-system scope) may baseline a RID.",
        field="body",
        status=403,
    )


def _check_csc_may_rebaseline(release: Release, draft: dict, previous: list[RidBaseline]) -> None:
    """D10.15: "The Panel shall approve the SEC Release Implementation Document and any subsequent
    amendments." The Panel's approval of the scope on DCC Systems is what lets the DCC start, so:

    - the first baseline of a RID is always the Panel's;
    - the CSC may re-baseline a RID whose change is to scope that does not impact DCC Systems (as
      `000` foresees for June 2022: "modifications that do not impact the DCC Systems can still be
      added to the scope later on, and the RID will be re-baselined to include these"): every
      system-impacting item of the draft must already be in a baseline the Panel approved.
    """
    panel = [b for b in previous if b.decision is not None and b.decision.body == Body.PANEL]
    if not panel:
        raise ApplicationError(
            f"The {release.name} RID has no baseline approved by the Panel: its first baseline is "
            "the Panel's (D10.15); the CSC may only re-baseline it.",
            field="body",
            status=403,
        )
    approved = set().union(*(scope_keys(b.snapshot, system_only=True) for b in panel))
    new = sorted(scope_keys(draft, system_only=True) - approved)
    if new:
        raise ApplicationError(
            f"{', '.join(new)} {'impacts' if len(new) == 1 else 'impact'} DCC Systems and "
            f"{'is' if len(new) == 1 else 'are'} not in a baseline the Panel approved: only the "
            "Panel may baseline system-impacting scope (D10.15).",
            field="scope",
            status=403,
        )


def _check_can_freeze(release: Release, version: Decimal, draft: dict, previous) -> None:
    if not scope_keys(draft):
        raise ApplicationError(
            f"The {release.name} has nothing in scope: a RID is baselined for a scope.",
            field="scope",
        )
    if previous and version <= previous[-1].version:
        raise ApplicationError(
            f"The version must be greater than the last baseline, v{previous[-1].version}.",
            field="version",
        )
    rendering = [b for b in previous if not b.is_rendered]
    if rendering:
        raise ApplicationError(
            f"v{rendering[-1].version} is still being rendered: baseline the next version once "
            "its PDF is ready.",
            field="version",
            status=409,
        )


def _freeze(
    *,
    release: Release,
    version: Decimal,
    changes: str,
    decision: Decision | None,
    issued_on: datetime.date,
    actor,
    draft: dict,
    review: ReviewClosure,
) -> RidBaseline:
    """Insert the baseline, the review it closes included (its columns are frozen from here on,
    releases/frozen.py), and hand the review's comments to it."""
    baseline = RidBaseline(
        release=release,
        version=version,
        issued_on=issued_on,
        changes=changes,
        decision=decision,
        baselined_by=actor if getattr(actor, "is_authenticated", False) else None,
        comments_raised=review.raised,
        comments_resolved=review.resolved,
        override_reason=review.override_reason,
        override_by=review.override_by,
        snapshot=baseline_snapshot(
            draft,
            version=version,
            issued_on=issued_on,
            changes=changes,
            decision=decision,
            review=review.as_snapshot() if review.raised else None,
        ),
    )
    validated_save(baseline)
    review_close(closure=review, baseline=baseline)
    return baseline


@transaction.atomic
def rid_baseline_create(
    *,
    release: Release,
    version,
    changes: str,
    meeting_date: datetime.date | None,
    paper_reference: str,
    published_on: datetime.date | None,
    actor,
    issued_on: datetime.date | None = None,
    override_reason: str = "",
) -> RidBaseline:
    """Baseline the live draft of `release`'s RID as `version`, with the decision that approved it.

    Who may: a Panel member (`releases.baseline_rid`) for any scope; a CSC member
    (`releases.rebaseline_rid`) only to re-baseline a RID the Panel has baselined, when every item
    of the draft that impacts DCC Systems was already in a Panel baseline (D10.15; the rule is
    spelt out in `_check_csc_may_rebaseline`). Refused, naming the field, with nothing written:
    an empty scope, a version not above the last, a baseline while the last one's PDF is still
    being rendered, a closed release, a missing paper reference or meeting date, a review comment
    still unresolved without an `override_reason` (`releases.rid.review.review_closure`).

    Closes the draft's review: the baseline records how many comments were raised and resolved
    (and the override, who and why); the comments belong to this version from now on.

    Records the decision (ask BASELINE, outcome APPROVED, by the actor's body), freezes the
    snapshot and queues the PDF render once the transaction commits.
    """
    body = _body_for(actor)
    # One baseline at a time per release: the second of two concurrent requests waits here.
    release = Release.objects.select_for_update().get(pk=release.pk)
    if release.status in CLOSED_STATUSES:
        raise ApplicationError(
            f"{release.name} is {release.get_status_display().lower()}: its RID can no longer "
            "be baselined.",
            field="release",
        )
    version = parse_version(version)
    if not changes.strip():
        raise ApplicationError(
            "Say what this version changed (the Version control entry).", field="changes"
        )
    if not paper_reference.strip():
        raise ApplicationError(
            "Give the reference of the paper the decision was taken on (SECP_93_1806_21).",
            field="paper_reference",
        )
    if meeting_date is None:
        raise ApplicationError("Give the date of the meeting that decided.", field="meeting_date")
    # D10.15: the RID changes on the day the meeting approves it.
    exception = check_notice_period(
        release=release, on=meeting_date, covers=ExceptionCovers.RID_BASELINE
    )
    previous = list(release.rid_baselines.select_related("decision").order_by("version"))
    draft = rid_snapshot(release)
    _check_can_freeze(release, version, draft, previous)
    if body == Body.CSC:
        _check_csc_may_rebaseline(release, draft, previous)
    review = review_closure(release=release, override_reason=override_reason, actor=actor)

    decision = Decision(
        release=release,
        body=body,
        meeting_date=meeting_date,
        paper_reference=paper_reference.strip(),
        ask=DecisionAsk.BASELINE,
        summary=f"the {release.name} Release Implementation Document v{version}",
        outcome=DecisionOutcome.APPROVED,
        published_on=published_on,
    )
    allowed_by(decision, exception)
    validated_save(decision, actor=actor)
    baseline = _freeze(
        release=release,
        version=version,
        changes=changes.strip(),
        decision=decision,
        issued_on=issued_on or meeting_date,
        actor=actor,
        draft=draft,
        review=review,
    )
    # robust: a broker that is down is logged, not a 500 after the baseline committed.
    transaction.on_commit(lambda: _queue_render(baseline.pk), robust=True)
    return baseline


def _queue_render(baseline_id: int) -> None:
    from releases.tasks import render_rid_baseline

    render_rid_baseline.delay(baseline_id)


@transaction.atomic
def rid_baseline_record(
    *,
    decision: Decision,
    version,
    changes: str,
    issued_on: datetime.date,
    draft: dict | None = None,
) -> tuple[RidBaseline, bool]:
    """Record a baseline a decision already holds (the reference data's June 2022 RID v0.1) and
    render its PDF here and now. `draft` is the document as it stood when approved (the live
    draft when not given). Idempotent: a baseline already recorded for that release and version
    is returned as it is (False), never frozen or rendered again. The decision is already taken:
    the draft's review is closed and counted, open comments or not (no override asked)."""
    version = parse_version(version)
    release = Release.objects.select_for_update().get(pk=decision.release_id)
    existing = release.rid_baselines.filter(version=version).first()
    if existing is not None:
        return existing, False
    check_notice_period(
        release=release, on=decision.meeting_date, covers=ExceptionCovers.RID_BASELINE
    )
    baseline = _freeze(
        release=release,
        version=version,
        changes=changes,
        decision=decision,
        issued_on=issued_on,
        actor=None,
        draft=draft if draft is not None else rid_snapshot(release),
        review=review_closure(release=release, actor=None, enforce=False),
    )
    rid_baseline_render(baseline_id=baseline.pk)
    baseline = RidBaseline.objects.get(pk=baseline.pk)
    return baseline, True


# -- rendering -------------------------------------------------------------------------------


def _render_once(document: RidBaseline | RidDraftPdf, *, stem: str, fill) -> bool:
    """Render `document`'s snapshot and store the PDF with its SHA-256, once.

    Safe to run twice (the tasks are acks_late): a document that has its PDF is left alone, and
    of two renders racing, `fill(name, sha256)` (a compare-and-swap from empty) keeps one file;
    the other deletes its own. True when this call stored the PDF.
    """
    if document.is_rendered:
        return False
    pdf = rid_pdf(document.snapshot)
    sha = sha256_hex(pdf)
    name = default_storage.save(f"{stem}-{sha[:12]}.pdf", ContentFile(pdf))
    stored = fill(name, sha)
    if not stored:
        default_storage.delete(name)
    return stored


def rid_baseline_render(*, baseline_id: int) -> bool:
    """Render a baseline's PDF from its frozen snapshot (`RidBaseline.objects.fill_pdf`)."""
    baseline = RidBaseline.objects.select_related("release").get(pk=baseline_id)
    return _render_once(
        baseline,
        stem=f"rid/{baseline.release.slug}-rid-v{baseline.version}",
        fill=lambda name, sha: RidBaseline.objects.fill_pdf(baseline.pk, name=name, sha256=sha),
    )


def rid_baselines_unrendered() -> list[int]:
    """Baselines whose PDF has not been stored yet, oldest first."""
    return list(
        RidBaseline.objects.filter(pdf_sha256="").order_by("pk").values_list("pk", flat=True)
    )


class TamperedPdf(Exception):
    """The stored file is missing or no longer has the SHA-256 recorded when it was rendered."""


def stored_pdf_bytes(baseline: RidBaseline | RidDraftPdf) -> bytes:
    """A stored PDF (a baseline's or a draft's), checked against its recorded SHA-256 first."""
    try:
        with baseline.pdf.open("rb") as handle:
            data = handle.read()
    except (FileNotFoundError, OSError) as error:
        logger.error("%s: its PDF %s cannot be read: %s", baseline, baseline.pdf, error)
        raise TamperedPdf(f"The PDF file of {baseline} is missing.") from error
    actual = sha256_hex(data)
    if actual != baseline.pdf_sha256:
        logger.error(
            "%s: its PDF %s has SHA-256 %s, not the recorded %s",
            baseline,
            baseline.pdf.name,
            actual,
            baseline.pdf_sha256,
        )
        raise TamperedPdf(
            f"The stored PDF of {baseline} no longer matches the SHA-256 recorded when it was "
            f"rendered ({baseline.pdf_sha256}); it has SHA-256 {actual}."
        )
    return data


@transaction.atomic
def rid_draft_pdf_request(*, release: Release, actor) -> RidDraftPdf:
    """Ask for the PDF of the draft as it stands: the same draft asked twice is rendered once
    (keyed by the snapshot's digest); a new one is rendered by a task after commit."""
    snapshot = rid_snapshot(release)
    digest = snapshot_digest(snapshot)
    draft, created = RidDraftPdf.objects.get_or_create(
        release=release, digest=digest, defaults={"snapshot": snapshot}
    )
    if created:
        transaction.on_commit(lambda: _queue_draft_render(draft.pk), robust=True)
    return draft


def _queue_draft_render(draft_id: int) -> None:
    from releases.tasks import render_rid_draft

    render_rid_draft.delay(draft_id)


def rid_draft_render(*, draft_id: int) -> bool:
    """Render a draft's PDF once (a compare-and-swap on the empty digest, as for baselines)."""
    draft = RidDraftPdf.objects.select_related("release").get(pk=draft_id)

    def fill(name: str, sha: str) -> bool:
        unrendered = RidDraftPdf.objects.filter(pk=draft.pk, pdf_sha256="")
        return unrendered.update(pdf=name, pdf_sha256=sha) == 1

    return _render_once(draft, stem=f"rid/drafts/{draft.release.slug}-rid-draft", fill=fill)


# -- appeals ---------------------------------------------------------------------------------


@transaction.atomic
def rid_appeal_lodge(
    *, baseline: RidBaseline, appellant: str, lodged_on: datetime.date, grounds: str, actor
) -> RidAppeal:
    """Record a Party's appeal against a baseline; refused outside the D10.17 window."""
    window = baseline_appeal_window(baseline)
    if window is None:
        raise ApplicationError(
            f"The decision to baseline {baseline} has not been published: the appeal window has "
            "not opened.",
            field="lodged_on",
        )
    if lodged_on < window.opens:
        raise ApplicationError(
            f"The appeal window opens on {window.opens:%d %B %Y}, when the decision was published.",
            field="lodged_on",
        )
    if lodged_on > window.closes:
        raise ApplicationError(
            f"The appeal window closed on {window.closes:%d %B %Y}, 10 Working Days after the "
            "decision was published (D10.17): this appeal is out of time.",
            field="lodged_on",
        )
    appeal = RidAppeal(
        baseline=baseline, appellant=appellant.strip(), lodged_on=lodged_on, grounds=grounds
    )
    validated_save(appeal, actor=actor)
    return appeal


@transaction.atomic
def rid_appeal_decide(
    *,
    appeal: RidAppeal,
    outcome: str,
    decided_on: datetime.date,
    actor,
    expected_version: int | None = None,
) -> RidAppeal:
    """Record what the Authority determined on an appeal (once: the history keeps it)."""
    appeal = RidAppeal.objects.select_for_update().get(pk=appeal.pk)
    check_version(appeal, expected_version)
    if appeal.outcome != AppealOutcome.PENDING:
        raise ApplicationError(
            f"This appeal was already {appeal.get_outcome_display().lower()} on "
            f"{appeal.decided_on:%d %B %Y}.",
            field="outcome",
        )
    if outcome not in (AppealOutcome.UPHELD, AppealOutcome.DISMISSED):
        raise ApplicationError("An appeal is decided upheld or dismissed.", field="outcome")
    appeal.outcome = outcome
    appeal.decided_on = decided_on
    appeal.version += 1
    validated_save(appeal, actor=actor)
    return appeal
