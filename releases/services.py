"""Every write a user makes to a release: its scope, its timeline and its decisions."""

import datetime

from django.db import transaction

from acceptance.services import criteria_copy_standard
from core.errors import ApplicationError
from core.services import check_version, validated_save
from modifications.models import Modification
from releases.choices import CLOSED_STATUSES, IN_SCOPE, Inclusion
from releases.models import Decision, Milestone, Release, ScopeItem


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
    if not item.in_scope:
        raise ApplicationError("This item is no longer in scope.", field="inclusion")
    item.inclusion = Inclusion.REMOVED
    item.decision_cutoff = None
    item.reason = reason.strip()
    item.version += 1
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
    inclusion = item.inclusion
    item.inclusion = Inclusion.DEFERRED
    item.deferred_to = to_release
    item.decision_cutoff = None
    item.reason = reason.strip()
    item.version += 1
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
