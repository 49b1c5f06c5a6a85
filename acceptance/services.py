"""Every write to a release's acceptance: criteria, statements, views, testing, go/no-go."""

from django.db import transaction

from acceptance.models import AcceptanceCriterion
from acceptance.standard import STANDARD_CRITERIA


@transaction.atomic
def criteria_copy_standard(*, release, actor) -> list[AcceptanceCriterion]:
    """Give the release its own copy of the 10 operational and 7 testing criteria (skips any it has)."""
    have = set(release.acceptance_criteria.values_list("criterion_set", "number"))
    created = []
    for standard in STANDARD_CRITERIA:
        if (standard.criterion_set, standard.number) in have:
            continue
        criterion = AcceptanceCriterion(release=release, **standard._asdict())
        if getattr(actor, "is_authenticated", False):
            criterion._history_user = actor
        criterion.save()
        created.append(criterion)
    return created
