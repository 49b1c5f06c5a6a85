"""Every write a user makes to a release: its scope, its timeline and its decisions."""

import datetime
import re
from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from acceptance.choices import GoNoGoOutcome
from acceptance.models import GoNoGoDecision
from acceptance.services import criteria_copy_standard
from core.errors import ApplicationError
from core.services import check_version, validated_save
from governance.choices import ExceptionCovers
from governance.models import PanelException
from governance.rules import allowed_by, check_freeze, check_notice_period
from modifications.choices import Phase
from modifications.models import (
    VERSION_PATTERN,
    DocumentVersion,
    Modification,
    SecDocument,
    version_key,
)
from modifications.selectors import propose_version, release_document_changes
from modifications.services import modification_change_phase
from releases.choices import CLOSED_STATUSES, IN_SCOPE, Inclusion, ReleaseKind, ReleaseStatus
from releases.models import (
    RID_NARRATIVE_DEFAULTS,
    RID_NARRATIVE_FIELDS,
    Decision,
    Milestone,
    Release,
    RidNarrative,
    ScopeItem,
)


@transaction.atomic
def release_create(
    *,
    slug: str,
    name: str,
    kind: str,
    planned_go_live: datetime.date,
    actor,
    notes: str = "",
) -> Release:
    """A new release, with its own copy of the standard acceptance criteria."""
    release = Release(slug=slug, name=name, kind=kind, planned_go_live=planned_go_live, notes=notes)
    validated_save(release, actor=actor)
    criteria_copy_standard(release=release, actor=actor)
    return release


def _check_notice_period(release: Release, field: str = "release") -> PanelException | None:
    """D10.15: no scope change inside the release's notice period without a Panel exception
    (returned, when one allowed it)."""
    return check_notice_period(
        release=release, on=timezone.localdate(), covers=ExceptionCovers.SCOPE_CHANGE, field=field
    )


def _refuse_closed(release: Release) -> None:
    if release.status in CLOSED_STATUSES:
        raise ApplicationError(
            f"{release.name} is {release.get_status_display().lower()}: its scope can no longer change.",
            field="release",
        )


@transaction.atomic
def scope_item_add(
    *,
    release: Release,
    modification: Modification,
    inclusion: str,
    actor,
    part: str = "",
    decision_cutoff: datetime.date | None = None,
    impacts_dcc_systems: bool | None = None,
    note: str = "",
) -> ScopeItem:
    """Put a modification (or a part of it) into a release, approved or targeted with a cut-off."""
    # Lock the release: two people adding the same item at once get one row and one refusal.
    release = Release.objects.select_for_update().get(pk=release.pk)
    _refuse_closed(release)
    exception = _check_notice_period(release)
    if inclusion not in IN_SCOPE:
        raise ApplicationError(
            "A modification enters a release approved or targeted.", field="inclusion"
        )
    if release.scope_items.filter(
        modification=modification, part=part.strip(), inclusion__in=IN_SCOPE
    ).exists():
        raise ApplicationError(
            "This part of the modification is already in the release's scope.",
            field="modification",
        )
    last = release.scope_items.order_by("-position").values_list("position", flat=True).first()
    item = ScopeItem(
        release=release,
        modification=modification,
        part=part.strip(),
        inclusion=inclusion,
        decision_cutoff=decision_cutoff if inclusion == Inclusion.TARGETED else None,
        impacts_dcc_systems=(
            modification.impacts_dcc_systems if impacts_dcc_systems is None else impacts_dcc_systems
        ),
        note=note,
        position=(last or 0) + 1,
    )
    allowed_by(item, exception)
    validated_save(item, actor=actor)
    return item


@transaction.atomic
def scope_item_remove(
    *, item: ScopeItem, reason: str, actor, expected_version: int | None = None
) -> ScopeItem:
    """Take an item out of scope, recording why; the row stays for the record."""
    item = ScopeItem.objects.select_for_update().select_related("release").get(pk=item.pk)
    check_version(item, expected_version)
    _refuse_closed(item.release)
    exception = _check_notice_period(item.release)
    if not item.in_scope:
        raise ApplicationError("This item is no longer in scope.", field="inclusion")
    item.inclusion = Inclusion.REMOVED
    item.decision_cutoff = None
    item.reason = reason.strip()
    item.version += 1
    allowed_by(item, exception)
    validated_save(item, actor=actor)
    return item


@transaction.atomic
def scope_item_move(
    *,
    item: ScopeItem,
    to_release: Release,
    reason: str,
    actor,
    decision_cutoff: datetime.date | None = None,
    expected_version: int | None = None,
) -> ScopeItem:
    """Defer an item to another release: the old row records the deferral, a new row joins the
    other release with the same inclusion (and a cut-off valid there, if targeted)."""
    item = ScopeItem.objects.select_for_update().select_related("release").get(pk=item.pk)
    check_version(item, expected_version)
    _refuse_closed(item.release)
    if not item.in_scope:
        raise ApplicationError("This item is no longer in scope.", field="inclusion")
    if to_release.pk == item.release_id:
        raise ApplicationError("Choose another release to move the item to.", field="to_release")
    if to_release.status in CLOSED_STATUSES:
        raise ApplicationError(
            f"{to_release.name} is {to_release.get_status_display().lower()}: nothing can be moved into it.",
            field="to_release",
        )
    # Both ends change: the release it leaves and the one it joins.
    exception = _check_notice_period(item.release)
    _check_notice_period(to_release, field="to_release")
    inclusion = item.inclusion
    item.inclusion = Inclusion.DEFERRED
    item.deferred_to = to_release
    item.decision_cutoff = None
    item.reason = reason.strip()
    item.version += 1
    allowed_by(item, exception)
    validated_save(item, actor=actor)
    try:
        return scope_item_add(
            release=to_release,
            modification=item.modification,
            inclusion=inclusion,
            part=item.part,
            decision_cutoff=decision_cutoff,
            impacts_dcc_systems=item.impacts_dcc_systems,
            note=item.note,
            actor=actor,
        )
    except ApplicationError as error:
        # The refusal is about where it is going: say so next to that choice.
        if error.field == "modification":
            raise ApplicationError(
                f"This part of the modification is already in the scope of {to_release.name}.",
                field="to_release",
            ) from error
        raise


def _rederive_dependants(milestone: Milestone, actor) -> None:
    """Move every milestone whose rule counts from `milestone`, and theirs in turn."""
    for dependant in milestone.dependants.select_related("anchor"):
        new_date = dependant.derived_date()
        if new_date != dependant.date:
            dependant.date = new_date
            dependant.version += 1
            validated_save(dependant, actor=actor)
        _rederive_dependants(dependant, actor)


@transaction.atomic
def milestone_save(
    *, milestone: Milestone, actor, expected_version: int | None = None
) -> Milestone:
    """Save a milestone (new or changed): a rule derives its date, and its dependants follow it."""
    if milestone.pk:
        current = Milestone.objects.select_for_update().get(pk=milestone.pk)
        check_version(current, expected_version)
        milestone.version = current.version + 1
    if milestone.has_rule and milestone.anchor_id:
        milestone.date = milestone.derived_date()
    validated_save(milestone, actor=actor)
    _rederive_dependants(milestone, actor)
    return milestone


@transaction.atomic
def decision_record(*, decision: Decision, actor) -> Decision:
    validated_save(decision, actor=actor)
    return decision


def _long(day: datetime.date) -> str:
    """30 June 2022, as the SEC writes a date."""
    return f"{day.day} {day:%B %Y}"


AD_HOC_SLUG = re.compile(r"^v(\d{1,3}(?:\.\d)?)$")


def _sec_version_in_effect(
    release: Release, on: datetime.date
) -> tuple[Release | None, Release | None]:
    """The live release whose SEC version was in effect on `on`, and the first one after it."""
    others = (
        Release.objects.filter(status=ReleaseStatus.LIVE, sec_version__isnull=False)
        .exclude(pk=release.pk)
        .order_by("actual_go_live", "sec_version")
    )
    before = [r for r in others if r.actual_go_live <= on]
    after = [r for r in others if r.actual_go_live > on]
    current = max(before, key=lambda r: r.sec_version, default=None)
    following = min(after, key=lambda r: r.sec_version, default=None)
    return current, following


def release_default_sec_version(release: Release) -> Decimal | None:
    """The SEC version a release goes live as unless the Panel says otherwise: the one already
    recorded on it; for an ad hoc release named by its version (v62.0), that one; else the next
    major version after the highest a live release has produced."""
    if release.sec_version is not None:
        return release.sec_version
    match = AD_HOC_SLUG.match(release.slug)
    if release.kind == ReleaseKind.AD_HOC and match:
        return Decimal(match.group(1)).quantize(Decimal("0.1"))
    highest = (
        Release.objects.filter(status=ReleaseStatus.LIVE, sec_version__isnull=False)
        .exclude(pk=release.pk)
        .aggregate(Max("sec_version"))["sec_version__max"]
    )
    if highest is None:
        return None
    return Decimal(int(highest) + 1).quantize(Decimal("0.1"))


def _check_sec_version(release: Release, sec_version: Decimal, on: datetime.date) -> None:
    label = f"v{sec_version:.1f}"
    current, following = _sec_version_in_effect(release, on)
    if current and sec_version <= current.sec_version:
        raise ApplicationError(
            f"The SEC version must be greater than the one in effect on {_long(on)}: "
            f"{current.sec_version_display} ({current.name}). {label} is not.",
            field="sec_version",
        )
    if following and sec_version >= following.sec_version:
        raise ApplicationError(
            f"The SEC version must be lower than {following.sec_version_display}, which the "
            f"{following.name} produced on {_long(following.actual_go_live)}. {label} is not.",
            field="sec_version",
        )
    taken = Release.objects.filter(sec_version=sec_version).exclude(pk=release.pk).first()
    if taken:
        raise ApplicationError(
            f"SEC {label} is already taken: {taken.name} has it.", field="sec_version"
        )
    match = AD_HOC_SLUG.match(release.slug)
    if release.kind == ReleaseKind.AD_HOC and match:
        named = Decimal(match.group(1))
        if named != sec_version:
            raise ApplicationError(
                f"This ad hoc release is named by its SEC version ({release.slug}): it goes "
                f"live as SEC v{named:.1f}, not {label}.",
                field="sec_version",
            )


def _check_document_version(
    document: SecDocument, version: str, on: datetime.date, log: list[DocumentVersion]
) -> None:
    name = f"{document.code} ‘{document.title}’"
    key = f"document_{document.pk}"
    if not re.match(VERSION_PATTERN, version or ""):
        raise ApplicationError(
            f"Give the new version of {name} as numbers joined by dots (6.0, 4.1, 61.0)"
            + (f"; ‘{version}’ is not one." if version else "."),
            field=key,
        )
    for entry in log:
        if entry.effective_from == on:
            raise ApplicationError(
                f"{name} already has v{entry.version} in effect from {_long(on)}.", field=key
            )
        if version_key(entry.version) == version_key(version):
            raise ApplicationError(
                f"{name} already had v{entry.version}, from {_long(entry.effective_from)}.",
                field=key,
            )
    before = [e for e in log if e.effective_from < on]
    after = [e for e in log if e.effective_from > on]
    current = before[-1] if before else None
    if current and version_key(version) <= version_key(current.version):
        raise ApplicationError(
            f"{name} cannot go back from v{current.version} (in effect from "
            f"{_long(current.effective_from)}) to v{version}: a new version must be greater.",
            field=key,
        )
    if after and version_key(version) >= version_key(after[0].version):
        raise ApplicationError(
            f"{name} v{version} would come before v{after[0].version} (from "
            f"{_long(after[0].effective_from)}): a version must be lower than the later one.",
            field=key,
        )


@transaction.atomic
def release_set_live(
    *,
    release: Release,
    actor,
    go_live_on: datetime.date,
    sec_version: Decimal | None = None,
    document_versions: Mapping[int, str] | None = None,
    expected_version: int | None = None,
) -> Release:
    """Set a release live after a GO decision, in one transaction: record the go-live date and
    the new SEC version, mark each approved scope item implemented (and its modification
    Implemented once its last part is live), and put each changed document's new version into
    the Document Log.

    `document_versions` maps SecDocument ids to the version each takes (empty: its proposed
    version); without it, every document `release_document_changes` finds takes its proposed
    version. Every check runs
    before the first write: a refusal writes nothing.
    """
    if not actor.has_perm("releases.set_live"):
        raise ApplicationError(
            "Only the SEC Panel or the Change Sub-Committee can set a release live.", status=403
        )
    release = Release.objects.select_for_update().get(pk=release.pk)
    check_version(release, expected_version)
    if release.status == ReleaseStatus.LIVE:
        raise ApplicationError(
            f"{release.name} is already live: it went live on "
            f"{_long(release.actual_go_live)} as SEC {release.sec_version_display}.",
            field="release",
        )
    if release.status == ReleaseStatus.CANCELLED:
        raise ApplicationError(f"{release.name} was cancelled: it cannot go live.", field="release")
    decision = GoNoGoDecision.objects.filter(release=release).first()
    if decision is None:
        raise ApplicationError(
            f"{release.name} has no go/no-go decision: the CSC (or the Panel) must decide GO "
            "before it goes live.",
            field="release",
        )
    if decision.outcome != GoNoGoOutcome.GO:
        raise ApplicationError(
            f"The {decision.get_body_display()} decided {decision.get_outcome_display()} on "
            f"{_long(decision.decided_on)}: {release.name} cannot go live without a GO.",
            field="release",
        )
    if go_live_on is None:
        raise ApplicationError("Give the date the release went live.", field="go_live_on")
    if go_live_on < decision.decided_on:
        raise ApplicationError(
            f"The go-live date ({_long(go_live_on)}) cannot be before the go/no-go decision "
            f"({_long(decision.decided_on)}).",
            field="go_live_on",
        )
    check_freeze(release=release, go_live_on=go_live_on)

    items = list(
        release.scope_items.filter(inclusion__in=IN_SCOPE)
        .select_related("modification")
        .order_by("position", "id")
    )
    targeted = [i.modification.reference for i in items if i.inclusion == Inclusion.TARGETED]
    if targeted:
        raise ApplicationError(
            f"Still targeted: {', '.join(targeted)}. Approve each for inclusion or take it out "
            "of scope before the release goes live.",
            field="release",
        )
    not_approved = [
        i.modification
        for i in items
        if i.modification.phase not in (Phase.APPROVED, Phase.IMPLEMENTED)
    ]
    if not_approved:
        names = ", ".join(f"{m.reference} ({m.get_phase_display()})" for m in not_approved)
        raise ApplicationError(
            f"Only approved modifications can be implemented: {names}.", field="release"
        )
    if not items and not release.designations.exists():
        raise ApplicationError(
            f"{release.name} has nothing in scope to implement.", field="release"
        )

    if sec_version is None:
        sec_version = release_default_sec_version(release)
    if sec_version is None:
        raise ApplicationError("Give the SEC version the release produces.", field="sec_version")
    sec_version = Decimal(sec_version).quantize(Decimal("0.1"))
    _check_sec_version(release, sec_version, go_live_on)

    changes = release_document_changes(release, on=go_live_on, sec_version=sec_version)
    if document_versions is None:
        document_versions = {c.document.pk: c.proposed_version for c in changes}
    documents = {c.document.pk: c.document for c in changes}
    missing = set(document_versions) - set(documents)
    if missing:
        documents.update(SecDocument.objects.in_bulk(list(missing)))
    unknown = set(document_versions) - set(documents)
    if unknown:
        raise ApplicationError("An unknown SEC document was given a version.", field="documents")
    logs: dict[int, list[DocumentVersion]] = {pk: [] for pk in document_versions}
    for entry in DocumentVersion.objects.filter(document_id__in=list(document_versions)).order_by(
        "effective_from"
    ):
        logs[entry.document_id].append(entry)
    proposed = {c.document.pk: c.proposed_version for c in changes}
    for pk in set(document_versions) - set(proposed):
        # A document no impact names (Schedule 11 after a new DUIS): the same rules propose.
        before = [e for e in logs[pk] if e.effective_from < go_live_on]
        proposed[pk], _ = propose_version(
            documents[pk],
            current=before[-1].version if before else "",
            named=[],
            sec_version=sec_version,
        )
    document_versions = {
        pk: (version or "").strip() or proposed.get(pk, "")
        for pk, version in document_versions.items()
    }
    for pk, version in document_versions.items():
        _check_document_version(documents[pk], version, go_live_on, logs[pk])

    # Every rule holds: now write.
    release.status = ReleaseStatus.LIVE
    release.actual_go_live = go_live_on
    release.sec_version = sec_version
    release.version += 1
    validated_save(release, actor=actor)
    for item in items:
        item.implemented_on = go_live_on
        item.version += 1
        validated_save(item, actor=actor)
    for modification in {i.modification_id: i.modification for i in items}.values():
        if modification.phase != Phase.APPROVED:
            continue
        parts_to_come = (
            ScopeItem.objects.filter(
                modification=modification, inclusion__in=IN_SCOPE, implemented_on__isnull=True
            )
            .exclude(release__status=ReleaseStatus.CANCELLED)
            .exists()
        )
        if not parts_to_come:
            modification_change_phase(
                modification=modification, phase=Phase.IMPLEMENTED, on=go_live_on, actor=actor
            )
    for pk, version in sorted(document_versions.items()):
        validated_save(
            DocumentVersion(
                document=documents[pk],
                version=version.strip(),
                effective_from=go_live_on,
                release=release,
            ),
            actor=actor,
        )
    return release


@transaction.atomic
def rid_narrative_update(
    *, release: Release, texts: Mapping[str, str], actor, expected_version: int | None = None
) -> RidNarrative:
    """Save the RID's narrative texts of `release` (the first save creates the row).

    `expected_version` is the version the editor opened, None when there was no row yet (the
    defaults showed): a narrative written meanwhile is refused, not overwritten.
    """
    unknown = set(texts) - set(RID_NARRATIVE_FIELDS)
    if unknown:
        raise ApplicationError(f"The RID has no narrative field {sorted(unknown)[0]}.")
    narrative = RidNarrative.objects.select_for_update().filter(release=release).first()
    if narrative is None:
        narrative = RidNarrative(release=release, **RID_NARRATIVE_DEFAULTS)
        if expected_version is not None:
            raise ApplicationError(
                f"{narrative} was removed since you opened it; reload and try again.",
                field="version",
                status=409,
            )
    else:
        check_version(narrative, expected_version or 0)
        narrative.version += 1
    for name, text in texts.items():
        setattr(narrative, name, text)
    validated_save(narrative, actor=actor)
    return narrative
