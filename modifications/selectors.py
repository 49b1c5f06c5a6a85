"""Reads of Modification Proposals, shared by pages, the API, papers and exports."""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

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

from modifications.choices import DocumentKind, ParticipantCategory, Phase
from modifications.models import (
    VERSION_PATTERN,
    Assessment,
    DccCost,
    DccImpact,
    DesignatedDocument,
    DocumentImpact,
    DocumentVersion,
    Modification,
    OtherCodeImpact,
    ParticipantImpact,
    PartyImpactSummary,
    SecDocument,
    StatusUpdate,
    TechSpecImpact,
    reference_sort_key,
    version_key,
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


def register_rows(rows, *, user=None) -> list[dict]:
    """A page of the register (`modification_register(...).values(*REGISTER_FIELDS)`) as rows
    with what each shows: `latest_status_on` (its newest status update's date) and `releases`,
    [(slug, name, part)] it is in the scope of, of those `user` may read (None: anonymous).
    Two queries for the page, as plain values.

    Rows stay dicts: a template finds a dict's key at its first try, where an object's
    attribute costs it a failed key lookup first (a thousand lookups on a page).
    """
    from django.db.models import Max

    from releases.choices import IN_SCOPE
    from releases.models import ScopeItem, visible_release_q

    rows = list(rows)
    ids = [row["id"] for row in rows]
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
        .filter(visible_release_q(user))
        .order_by("release__planned_go_live", "id")
        .values_list("modification_id", "release__slug", "release__name", "part")
    ):
        releases.setdefault(modification_id, []).append((slug, name, part))
    for row in rows:
        row["latest_status_on"] = latest.get(row["id"])
        row["releases"] = releases.get(row["id"], [])
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


def modification_page(modification: Modification, *, user=None) -> dict:
    """Everything the modification's page shows, of the releases those `user` may read.

    Status updates and releases are nearly always there: one query each. Assessments, impacts
    and costs are often empty, so one query asks which of them have rows, and only those are
    fetched (one query each).
    """
    from django.db.models import Exists

    from releases.models import ScopeItem, visible_release_q

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
        .filter(visible_release_q(user))
        .select_related("release", "deferred_to")
        .order_by("release__planned_go_live", "id")
    )
    for item in page["scope_items"]:
        if item.deferred_to_id and not item.deferred_to.is_visible_to(user):
            item.deferred_to = None  # for this page only: where it went is not the reader's to see
    return page


def modification_history_sources(modification: Modification, *, user=None):
    """The historical records of a modification and of what hangs off it, one query per model,
    with the names their foreign keys point at (for `core.history.history_entries`)."""
    from django.db.models import Exists

    from core.history import Source
    from modifications.models import SecDocument
    from releases.models import HIDDEN_RELEASE_NAME, Release, ScopeItem

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
    release_names = Release.objects.filter(
        pk__in={r.release_id for r in scope} | {r.deferred_to_id for r in scope if r.deferred_to_id}
    ).names_for(user)
    # Its scope records in the releases `user` may read; one deferred elsewhere names no release.
    scope = [r for r in scope if release_names.get(r.release_id) != HIDDEN_RELEASE_NAME]
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


# The order the SEC lists its documents in: Sections, then Schedules, then Appendices; Schedule 11
# after Schedule 9; Appendix AB after Appendix Z.
_KIND_ORDER = {DocumentKind.SECTION: 0, DocumentKind.SCHEDULE: 1, DocumentKind.APPENDIX: 2}


def document_sort_key(document: SecDocument) -> tuple:
    suffix = document.code.rsplit(" ", 1)[-1]
    if suffix.isdigit():
        within: tuple = (0, int(suffix), "")
    else:
        within = (len(suffix), 0, suffix)
    return (_KIND_ORDER.get(document.kind, 9), within, document.code)


def next_major(version: str) -> str:
    """The next major version: 5.0 -> 6.0, 4.1 -> 5.0."""
    return f"{version_key(version)[0] + 1}.0"


SEC_VERSION_RULE = "the SEC version that changes it"


def propose_version(
    document: SecDocument, *, current: str, named: list[str], sec_version: Decimal | None
) -> tuple[str, str]:
    """The version a release proposes for a document it changes, and the rule that gave it
    ('' when no rule gives one: the Panel must type it).

    A version named by an impact or a designation, when above the one in effect; else, for a
    Technical Specification (or a named version that would go backwards: a split
    modification's second part), the next major version after the one in effect; else the new
    SEC version, which is how the Document Log versions the Sections, Schedules and Appendices
    whose own numbering the SEC does not publish.
    """
    current = current if re.match(VERSION_PATTERN, current or "") else ""
    valid = [v for v in named if re.match(VERSION_PATTERN, v)]
    highest = max(valid, key=version_key) if valid else ""
    if highest and (not current or version_key(highest) > version_key(current)):
        return highest, "the version its impacts name"
    if document.is_technical_specification or highest:
        if current:
            return next_major(current), "the next major version"
        return "", ""
    if sec_version is not None:
        return f"{sec_version:.1f}", SEC_VERSION_RULE
    return "", ""


@dataclass
class DocumentChange:
    """A SEC document a release changes, why, and the version it proposes to put into effect."""

    document: SecDocument
    by_modification: bool = False
    by_designation: bool = False
    changed_by: list[str] = field(default_factory=list)
    current: DocumentVersion | None = None
    proposed_version: str = ""
    rule: str = ""


def release_document_changes(
    release, *, on: datetime.date, sec_version: Decimal | None
) -> list[DocumentChange]:
    """Every SEC document the release's approved modifications and its designations change, in
    SEC order, each with the version in effect before `on` and the version proposed for it.

    The rule for the proposed version: a Technical Specification takes the highest new version
    its Technical Specification impacts (or a designation) name, unless that is not above the
    version in effect (a split modification's second part), then the next major version after
    the one in effect; any other document is versioned by the SEC version that changed it
    (61.0), unless a designation names a version. Four queries, whatever the size of the scope.
    """
    from releases.choices import Inclusion

    modification_ids = release.scope_items.filter(inclusion=Inclusion.APPROVED).values(
        "modification_id"
    )
    changes: dict[int, DocumentChange] = {}
    named_versions: dict[int, list[str]] = {}

    def change_for(document: SecDocument) -> DocumentChange:
        return changes.setdefault(document.pk, DocumentChange(document=document))

    for impact in DocumentImpact.objects.filter(
        modification_id__in=modification_ids
    ).select_related("document", "modification"):
        change = change_for(impact.document)
        change.by_modification = True
        change.changed_by.append(impact.modification.reference)
    for impact in TechSpecImpact.objects.filter(
        modification_id__in=modification_ids
    ).select_related("document", "modification"):
        change = change_for(impact.document)
        change.by_modification = True
        change.changed_by.append(impact.modification.reference)
        named_versions.setdefault(impact.document_id, []).append(impact.new_version)
    for designated in DesignatedDocument.objects.filter(
        designation__release=release
    ).select_related("document", "designation"):
        change = change_for(designated.document)
        change.by_designation = True
        change.changed_by.append(designated.designation.title)
        if designated.new_version:
            named_versions.setdefault(designated.document_id, []).append(designated.new_version)

    in_effect: dict[int, DocumentVersion] = {}
    for version in DocumentVersion.objects.filter(
        document_id__in=list(changes), effective_from__lt=on
    ).order_by("effective_from"):
        in_effect[version.document_id] = version

    for pk, change in changes.items():
        change.changed_by = sorted(set(change.changed_by), key=reference_sort_key)
        change.current = in_effect.get(pk)
        change.proposed_version, change.rule = propose_version(
            change.document,
            current=change.current.version if change.current else "",
            named=named_versions.get(pk, []),
            sec_version=sec_version,
        )
    return sorted(changes.values(), key=lambda c: document_sort_key(c.document))
