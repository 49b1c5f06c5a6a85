"""Reads of Modification Proposals, shared by pages, the API, papers and exports."""

from django.db.models import QuerySet
from django.http import Http404

from modifications.models import Modification


def modification_list() -> QuerySet[Modification]:
    return Modification.objects.order_by("reference")


def modification_find(reference: str) -> tuple[Modification, bool]:
    """The modification a reference names, and whether it was found by a former (DP) reference."""
    reference = reference.upper()
    found = Modification.objects.filter(reference=reference).first()
    if found:
        return found, False
    found = Modification.objects.filter(former_reference=reference).first()
    if found:
        return found, True
    raise Http404(f"No modification {reference}")
