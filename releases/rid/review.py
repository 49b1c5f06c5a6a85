"""The review of a draft RID: Panel, CSC and SECAS members comment on a section of the live draft
(or on a row of one of its tables), SECAS answers and resolves each comment, and baselining closes
the review (`review_close`, called by `releases.rid.baselines`): the version records how many
comments were raised and resolved, and who baselined with some still open, and why.

The sections and rows a comment may name are read from the draft's snapshot (`draft_sections`,
pure): a comment names what this release's draft actually shows.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from core.errors import ApplicationError
from core.roles import Role, has_role
from core.services import validated_save
from releases.choices import RidSection
from releases.models import Release, RidBaseline, RidComment
from releases.rid.content import review_entry, rid_snapshot, scope_rows

COMMENT_PERMISSION = "releases.add_ridcomment"
RESOLVE_PERMISSION = "releases.resolve_ridcomment"
READ_PERMISSION = "releases.view_ridcomment"

# The id of each section's heading in the rendered document (`_document.html`).
ANCHORS: dict[str, str] = {
    RidSection.SCOPE: "scope",
    RidSection.IMPACTS: "impacts",
    RidSection.TIMELINE: "timeline",
    RidSection.TEST_STRATEGY: "test-strategy",
    RidSection.COSTS: "costs",
    RidSection.CRITERIA: "criteria",
    RidSection.VERSION_CONTROL: "version-control",
    RidSection.GLOSSARY: "glossary",
    RidSection.ANNEX_A: "annex-a",
}


def _rows(snapshot: dict) -> dict[str, list[tuple[str, str]]]:
    """Per section, the (key, label) of the rows of its tables and lists, in the document's order."""
    scope = snapshot["scope"]
    impacts = snapshot["impacts"]
    costs = snapshot["costs"]
    criteria = snapshot["criteria"]
    return {
        RidSection.SCOPE: [
            *((r["key"], f"{r['key']} ‘{r['title']}’") for r in scope_rows(snapshot)),
            *(
                (cr["reference"], f"DCC Change Request {cr['reference']}")
                for cr in scope.get("dcc_change_requests", [])
            ),
            *(
                (p["name"], f"Concurrent implementation with {p['name']}")
                for p in scope.get("concurrent", [])
            ),
        ],
        RidSection.IMPACTS: [
            *((r["key"], f"Participant impacts: {r['key']}") for r in impacts["participants"]),
            *((d["code"], f"SEC document: {d['code']}") for d in impacts["documents"]["rows"]),
            *(
                (s["short_name"], f"Technical Specification: {s['short_name']}")
                for s in impacts["tech_specs"]["rows"]
            ),
            *(
                (f"{o['code']} ({o['reference']})", f"Other code: {o['code']} ({o['reference']})")
                for o in impacts["other_codes"]
            ),
        ],
        RidSection.TIMELINE: [
            (m["key"], f"{m['date_display']}: {m['key']}" if m["date_display"] else m["key"])
            for m in snapshot["timeline"]
        ],
        RidSection.TEST_STRATEGY: [],
        RidSection.COSTS: [
            *((r["key"], f"DCC costs: {r['key']}") for r in costs["dcc_rows"]),
            *((s["activity"], f"SECAS costs: {s['activity']}") for s in costs["secas"]),
        ],
        RidSection.CRITERIA: [
            *(
                (f"Operational {c['number']}", f"Operational criterion {c['number']}")
                for c in criteria["operational"]
            ),
            *(
                (f"Testing {c['number']}", f"Testing criterion {c['number']}")
                for c in criteria["testing"]
            ),
        ],
        RidSection.VERSION_CONTROL: [
            (f"v{v['version']}", f"Version {v['version']}") for v in snapshot["version_control"]
        ],
        RidSection.GLOSSARY: [(g["acronym"], g["acronym"]) for g in snapshot["glossary"]],
        RidSection.ANNEX_A: [],
    }


def draft_sections(snapshot: dict) -> dict[str, dict[str, str]]:
    """The sections this draft renders, each with its rows ({key: label}), in document order.
    Annex A is there only when the draft has an approved TAD (as the document shows it)."""
    rows = _rows(snapshot)
    has_annex = snapshot["test_strategy"].get("tad") is not None
    return {
        section: dict(rows[section])
        for section in RidSection.values
        if section != RidSection.ANNEX_A or has_annex
    }


def check_place(snapshot: dict, *, section: str, row: str) -> None:
    """Refuse, naming the field, a section or a row this draft does not have."""
    sections = draft_sections(snapshot)
    if not section:
        raise ApplicationError("Name the section of the draft you comment on.", field="section")
    if section not in sections:
        known = RidSection(section).label if section in RidSection.values else f"‘{section}’"
        raise ApplicationError(
            f"The draft RID has no section {known}: comment on one of "
            f"{', '.join(RidSection(s).label for s in sections)}.",
            field="section",
        )
    if row and row not in sections[section]:
        label = RidSection(section).label
        raise ApplicationError(
            f"{label} of this draft has no row ‘{row}’"
            + (
                f": its rows are {', '.join(sections[section])}."
                if sections[section]
                else ": it has no table; comment on the whole section."
            ),
            field="row",
        )


# -- counts and who reads (the lists: releases.selectors.rid_comments_of_*) ------------------


@dataclass(frozen=True)
class ReviewCounts:
    raised: int
    resolved: int

    @property
    def open(self) -> int:
        return self.raised - self.resolved


def review_counts(comments: list[RidComment]) -> ReviewCounts:
    return ReviewCounts(len(comments), sum(1 for c in comments if c.is_resolved))


def may_read_comments(user) -> bool:
    """Comments are not public: anonymous readers (and auditors without the permission) read
    the draft without them."""
    return bool(user is not None and user.is_authenticated and user.has_perm(READ_PERMISSION))


# -- writes ----------------------------------------------------------------------------------


@transaction.atomic
def rid_comment_add(
    *, release: Release, section: str, row: str = "", text: str, actor
) -> RidComment:
    """A Panel, CSC or SECAS member's comment on a section (or a row) of the live draft.

    Refused, with nothing written: a reader without `releases.add_ridcomment` (403), an empty
    comment, a section or row this release's draft does not show.
    """
    if actor is None or not actor.has_perm(COMMENT_PERMISSION):
        raise ApplicationError(
            "Only Panel, CSC and SECAS members comment on a draft RID.", field="text", status=403
        )
    section = (section or "").strip()
    row = (row or "").strip()
    text = (text or "").strip()
    check_place(rid_snapshot(release), section=section, row=row)
    if not text:
        raise ApplicationError("Write the comment.", field="text")
    comment = RidComment(release=release, section=section, row=row, text=text, author=actor)
    validated_save(comment, actor=actor)
    return comment


@transaction.atomic
def rid_comment_resolve(*, comment: RidComment, answer: str, actor) -> RidComment:
    """SECAS answers a comment and resolves it (the answer, who and when are kept).

    Refused, with nothing written: anyone without `releases.resolve_ridcomment` (403); the
    comment's own author unless SECAS (403); an empty answer; a comment already resolved, or one
    whose review a baseline has closed (409).
    """
    if actor is None or not actor.has_perm(RESOLVE_PERMISSION):
        raise ApplicationError(
            "Only SECAS answers and resolves comments on a draft RID.", field="answer", status=403
        )
    comment = RidComment.objects.select_for_update().select_related("release").get(pk=comment.pk)
    if comment.author_id == actor.pk and not has_role(actor, Role.SECAS):
        raise ApplicationError(
            "You may not resolve your own comment: SECAS answers it.", field="answer", status=403
        )
    if comment.is_resolved:
        raise ApplicationError(
            f"This comment was already resolved on {timezone.localtime(comment.resolved_at):%d %B %Y}.",
            field="answer",
            status=409,
        )
    if comment.baseline_id is not None:
        raise ApplicationError(
            f"This comment belongs to the review of {comment.baseline}, which its baseline "
            "closed: raise it again on the draft if it still stands.",
            field="answer",
            status=409,
        )
    answer = (answer or "").strip()
    if not answer:
        raise ApplicationError("Write the answer that resolves the comment.", field="answer")
    comment.answer = answer
    comment.resolved_by = actor
    comment.resolved_at = timezone.now()
    validated_save(comment, actor=actor)
    return comment


@dataclass(frozen=True)
class ReviewClosure:
    """What a baseline records of the review it closes (written when the baseline is inserted)."""

    comments: tuple[RidComment, ...]  # read and locked by review_closure
    raised: int
    resolved: int
    override_reason: str
    override_by: object | None

    def as_snapshot(self) -> dict:
        """The review as the version's entry in Appendix 1 (Version control) shows it."""
        return review_entry(
            raised=self.raised,
            resolved=self.resolved,
            override_reason=self.override_reason,
            override_by=self.override_by.get_username() if self.override_by else "",
        )


def review_closure(*, release: Release, override_reason: str = "", actor, enforce: bool = True):
    """The review a new baseline of `release` closes (rows locked until the transaction ends).

    With `enforce`, an unresolved comment refuses the baseline unless `override_reason` says why
    the Panel (or the CSC) baselines anyway; the reason and the actor are then recorded. A reason
    given when every comment is resolved overrides nothing and is not recorded.
    """
    comments = list(
        RidComment.objects.select_for_update()
        .filter(release=release, baseline__isnull=True)
        .order_by("id")
    )
    counts = review_counts(comments)
    reason = (override_reason or "").strip()
    if counts.open and enforce and not reason:
        raise ApplicationError(
            f"{counts.open} review comment{'s are' if counts.open != 1 else ' is'} unresolved on "
            f"the draft: SECAS resolves {'them' if counts.open != 1 else 'it'} first, or give the "
            "reason to baseline with them open (it is recorded on the baseline).",
            field="override_reason",
        )
    overriding = bool(counts.open and reason)
    return ReviewClosure(
        comments=tuple(comments),
        raised=counts.raised,
        resolved=counts.resolved,
        override_reason=reason if overriding else "",
        override_by=actor if overriding and getattr(actor, "is_authenticated", False) else None,
    )


def review_close(*, closure: ReviewClosure, baseline: RidBaseline) -> None:
    """The comments of the closed review now belong to `baseline` (history kept); the draft's
    next review starts empty."""
    comments = list(closure.comments)
    for comment in comments:
        comment.baseline = baseline
    bulk_update_with_history(
        comments,
        RidComment,
        ["baseline"],
        default_user=baseline.baselined_by,
        default_change_reason=f"Closed by {baseline}",
    )
