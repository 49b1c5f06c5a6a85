"""Reads of Modification Proposals, shared by pages, the API, papers and exports."""

from types import SimpleNamespace

from django.db.models import (
    Case,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Length
from django.http import Http404

from modifications.choices import ParticipantCategory, Phase
from modifications.models import (
    Assessment,
    DccCost,
    DccImpact,
    DocumentImpact,
    Modification,
    OtherCodeImpact,
    ParticipantImpact,
    PartyImpactSummary,
    StatusUpdate,
    TechSpecImpact,
)

# How the register can be sorted: the key in the URL -> the order_by it means.
_NATURAL_REFERENCE = ("prefix_rank", "reference_length", "reference")
REGISTER_SORTS: dict[str, tuple] = {
    "reference": _NATURAL_REFERENCE,
    "-reference": tuple(f"-{f}" for f in _NATURAL_REFERENCE),
    "title": ("title", *_NATURAL_REFERENCE),
    "-title": ("-title", *_NATURAL_REFERENCE),
    "phase": ("phase_rank", *_NATURAL_REFERENCE),
    "-phase": ("-phase_rank", *_NATURAL_REFERENCE),
    # Never updated goes last either way, on SQLite and PostgreSQL alike.
    "updated": (F("latest_status_on").asc(nulls_last=True), *_NATURAL_REFERENCE),
    "-updated": (F("latest_status_on").desc(nulls_last=True), *_NATURAL_REFERENCE),
}


def modification_list() -> QuerySet[Modification]:
    return Modification.objects.order_by("reference")


def modification_register(
    *,
    q: str = "",
    phase: str = "",
    path: str = "",
    release: str = "",
    dcc: str = "",
    sort: str = "reference",
) -> QuerySet[Modification]:
    """The register: search over references (old DP ones too) and titles, filters, a sort.

    Only what the filter and the sort need is computed here; `register_rows` adds what a page
    of it shows (latest status date, releases in scope) for just that page's rows.
    """
    from releases.choices import IN_SCOPE
    from releases.models import ScopeItem

    order = REGISTER_SORTS.get(sort, _NATURAL_REFERENCE)
    modifications = Modification.objects.annotate(
        # SECMPnnnn first, then MP by number (MP99 < MP100), as the papers list them.
        prefix_rank=Case(
            When(reference__startswith="SECMP", then=Value(0)),
            When(reference__startswith="MP", then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
        reference_length=Length("reference"),
    )
    if sort in ("phase", "-phase"):
        # Phases in the order of the process, not of their names.
        modifications = modifications.annotate(
            phase_rank=Case(
                *(When(phase=p, then=Value(rank)) for rank, p in enumerate(Phase)),
                output_field=IntegerField(),
            )
        )
    if sort in ("updated", "-updated"):
        latest = StatusUpdate.objects.filter(modification=OuterRef("pk")).order_by("-as_of", "-id")
        modifications = modifications.annotate(
            latest_status_on=Subquery(latest.values("as_of")[:1])
        )
    q = q.strip()
    if q:
        modifications = modifications.filter(
            Q(reference__icontains=q) | Q(former_reference__icontains=q) | Q(title__icontains=q)
        )
    if phase:
        modifications = modifications.filter(phase=phase)
    if path:
        modifications = modifications.filter(path=path)
    if release:
        modifications = modifications.filter(
            pk__in=ScopeItem.objects.filter(release__slug=release, inclusion__in=IN_SCOPE).values(
                "modification_id"
            )
        )
    if dcc in ("yes", "no"):
        modifications = modifications.filter(impacts_dcc_systems=dcc == "yes")
    return modifications.order_by(*order)


REGISTER_FIELDS = (
    "id",
    "reference",
    "former_reference",
    "title",
    "phase",
    "path",
    "impacts_dcc_systems",
)


def register_rows(rows) -> list[SimpleNamespace]:
    """A page of the register (`modification_register(...).values(*REGISTER_FIELDS)`) as rows
    with what each shows: `latest_status_on` (its newest status update's date) and `releases`,
    [(slug, name, part)] it is in the scope of. Two queries for the page, as plain values."""
    from django.db.models import Max

    from releases.choices import IN_SCOPE
    from releases.models import ScopeItem

    rows = [SimpleNamespace(**row) for row in rows]
    ids = [row.id for row in rows]
    latest = dict(
        StatusUpdate.objects.filter(modification_id__in=ids)
        .order_by()
        .values("modification_id")
        .annotate(latest=Max("as_of"))
        .values_list("modification_id", "latest")
    )
    releases: dict[int, list[tuple[str, str, str]]] = {}
    for modification_id, slug, name, part in (
        ScopeItem.objects.filter(modification_id__in=ids, inclusion__in=IN_SCOPE)
        .order_by("release__planned_go_live", "id")
        .values_list("modification_id", "release__slug", "release__name", "part")
    ):
        releases.setdefault(modification_id, []).append((slug, name, part))
    for row in rows:
        row.latest_status_on = latest.get(row.id)
        row.releases = releases.get(row.id, [])
    return rows


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


def modification_status_updates(modification: Modification) -> list[StatusUpdate]:
    """Its status narrative, newest first: the first is what a Panel paper shows."""
    return list(modification.status_updates.select_related("author").order_by("-as_of", "-id"))


def modification_page(modification: Modification) -> dict:
    """Everything the modification's page shows.

    Status updates and releases are nearly always there: one query each. Assessments, impacts
    and costs are often empty, so one query asks which of them have rows, and only those are
    fetched (one query each).
    """
    from django.db.models import Exists

    from releases.models import ScopeItem

    related = {
        "assessments": (Assessment, lambda qs: qs.order_by("requested_on", "kind", "id")),
        "participant_impacts": (ParticipantImpact, lambda qs: qs.order_by("id")),
        "party_impacts": (PartyImpactSummary, lambda qs: qs.order_by("audience", "id")),
        "dcc_impacts": (DccImpact, lambda qs: qs.order_by("area", "id")),
        "document_impacts": (
            DocumentImpact,
            lambda qs: qs.select_related("document").order_by("document__kind", "document__code"),
        ),
        "tech_spec_impacts": (
            TechSpecImpact,
            lambda qs: qs.select_related("document").order_by("document__code"),
        ),
        "other_code_impacts": (OtherCodeImpact, lambda qs: qs.order_by("code", "id")),
        "costs": (DccCost, lambda qs: qs.order_by("id")),
    }
    present = (
        Modification.objects.filter(pk=modification.pk)
        .values(
            **{
                f"has_{name}": Exists(model.objects.filter(modification=OuterRef("pk")))
                for name, (model, _) in related.items()
            }
        )
        .get()
    )
    page = {
        name: list(order(model.objects.filter(modification=modification)))
        if present[f"has_{name}"]
        else []
        for name, (model, order) in related.items()
    }
    # In the columns' order of the RID's participant impact matrix.
    categories = list(ParticipantCategory)
    page["participant_impacts"].sort(key=lambda p: categories.index(p.category))
    page["status_updates"] = modification_status_updates(modification)
    page["scope_items"] = list(
        ScopeItem.objects.filter(modification=modification)
        .select_related("release", "deferred_to")
        .order_by("release__planned_go_live", "id")
    )
    return page


def modification_history_sources(modification: Modification):
    """The historical records of a modification and of what hangs off it, one query per model,
    with the names their foreign keys point at (for `core.history.history_entries`)."""
    from django.db.models import Exists

    from core.history import Source
    from modifications.models import SecDocument
    from releases.models import Release, ScopeItem

    # The tables that are often empty: one query asks which have history for this proposal.
    sometimes = (
        Assessment,
        ParticipantImpact,
        PartyImpactSummary,
        DccImpact,
        DocumentImpact,
        TechSpecImpact,
        OtherCodeImpact,
        DccCost,
    )
    present = (
        Modification.objects.filter(pk=modification.pk)
        .values(
            **{
                f"has_{model.__name__.lower()}": Exists(
                    model.history.filter(modification_id=modification.pk)
                )
                for model in sometimes
            }
        )
        .get()
    )

    def records(model):
        if model in sometimes and not present[f"has_{model.__name__.lower()}"]:
            return []
        filters = (
            {"id": modification.pk}
            if model is Modification
            else {"modification_id": modification.pk}
        )
        return model.history.filter(**filters).select_related("history_user").order_by("history_id")

    scope = list(records(ScopeItem))
    release_names = dict(
        Release.objects.filter(
            pk__in={r.release_id for r in scope}
            | {r.deferred_to_id for r in scope if r.deferred_to_id}
        ).values_list("pk", "name")
    )
    document_impacts = list(records(DocumentImpact))
    tech_specs = list(records(TechSpecImpact))
    document_ids = {r.document_id for r in document_impacts + tech_specs}
    documents = dict(SecDocument.objects.filter(pk__in=document_ids).values_list("pk", "code"))
    hidden = frozenset({"modification"})

    def in_release(record):
        name = release_names.get(record.release_id, f"release #{record.release_id}")
        return f"{name} ({record.part})" if record.part else name

    return [
        Source("Modification", records(Modification), lambda r: r.reference),
        Source(
            "Status update",
            records(StatusUpdate),
            lambda r: f"of {r.as_of.day} {r.as_of:%b %Y}",
            hidden=hidden | {"author"},
        ),
        Source(
            "Scope item",
            scope,
            in_release,
            labels={"release": release_names, "deferred_to": release_names},
            hidden=hidden,
        ),
        Source("Assessment", records(Assessment), lambda r: r.get_kind_display(), hidden=hidden),
        Source(
            "Participant impact",
            records(ParticipantImpact),
            lambda r: r.get_category_display(),
            hidden=hidden,
        ),
        Source(
            "Party impact",
            records(PartyImpactSummary),
            lambda r: r.get_audience_display(),
            hidden=hidden,
        ),
        Source("DCC impact", records(DccImpact), lambda r: r.get_area_display(), hidden=hidden),
        Source(
            "SEC document impact",
            document_impacts,
            lambda r: documents.get(r.document_id, "a deleted document"),
            labels={"document": documents},
            hidden=hidden,
        ),
        Source(
            "Technical Specification",
            tech_specs,
            lambda r: documents.get(r.document_id, "a deleted document"),
            labels={"document": documents},
            hidden=hidden,
        ),
        Source("Other code impact", records(OtherCodeImpact), lambda r: r.code, hidden=hidden),
        Source("DCC cost", records(DccCost), lambda r: r.get_stage_display(), hidden=hidden),
    ]
