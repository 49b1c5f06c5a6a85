"""Every write a user makes to a Modification Proposal."""

import datetime

from django.db import transaction
from django.utils import timezone

from core.errors import ApplicationError
from core.services import check_version, validated_save
from modifications.choices import Phase
from modifications.models import Modification, StatusUpdate


@transaction.atomic
def modification_create(
    *,
    reference: str,
    title: str,
    actor,
    url: str = "",
    summary: str = "",
    phase: str = Phase.DEVELOPMENT,
    path: str = "",
    impacts_dcc_systems: bool = False,
) -> Modification:
    modification = Modification(
        reference=reference.strip().upper(),
        title=title.strip(),
        url=url,
        summary=summary,
        phase=phase,
        path=path,
        impacts_dcc_systems=impacts_dcc_systems,
    )
    validated_save(modification, actor=actor)
    return modification


@transaction.atomic
def modification_change_phase(
    *,
    modification: Modification,
    phase: str,
    actor,
    on: datetime.date | None = None,
    expected_version: int | None = None,
) -> Modification:
    """Move a proposal to another phase, if the transition table allows it.

    Withdrawing records the date (the referral period runs from it); approving records the
    approval date; a Draft Proposal that the CSC converts (moves on to Refinement or Report)
    becomes an MP and keeps its DP reference findable.
    """
    modification = Modification.objects.select_for_update().get(pk=modification.pk)
    check_version(modification, expected_version)
    on = on or datetime.date.today()
    old_phase = modification.phase
    modification.phase = phase
    if phase == Phase.WITHDRAWN:
        modification.withdrawn_on = on
    elif old_phase == Phase.WITHDRAWN:
        modification.withdrawn_on = None  # adopted in the referral period
    if phase == Phase.APPROVED:
        modification.approved_on = on
    converted = phase in (Phase.REFINEMENT, Phase.REPORT)
    if old_phase == Phase.DEVELOPMENT and converted and modification.reference.startswith("DP"):
        modification.former_reference = modification.reference
        modification.reference = "MP" + modification.reference[2:]
    modification.version += 1
    validated_save(modification, actor=actor)
    return modification


@transaction.atomic
def status_update_post(
    *, modification: Modification, text: str, actor, as_of: datetime.date | None = None
) -> StatusUpdate:
    """Record where the proposal stands now; the newest update is what papers show."""
    if not text.strip():
        raise ApplicationError("A status update needs its text.", field="text")
    today = timezone.localdate()
    if as_of is not None and as_of > today:
        raise ApplicationError(
            f"A status update says where things stand: date it today ({today:%d %B %Y}) or earlier.",
            field="as_of",
        )
    update = StatusUpdate(
        modification=modification,
        text=text.strip(),
        as_of=as_of or today,
        author=actor if getattr(actor, "is_authenticated", False) else None,
    )
    validated_save(update, actor=actor)
    return update
