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
_NATURAL_REFERENCE = ("reference_rank", "reference")  # Modification.reference_rank
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

    Each row knows its latest status update's date (`latest_status_on`); `register_rows` adds
    the releases a page's rows are in the scope of. The natural reference order is the indexed
    `Modification.reference_rank`.
    """
    from releases.choices import IN_SCOPE
    from releases.models import ScopeItem

    order = REGISTER_SORTS.get(sort, _NATURAL_REFERENCE)
    modifications = Modification.objects.all()
    if sort in ("phase", "-phase"):
        # Phases in the order of the process, not of their names.
        modifications = modifications.annotate(
            phase_rank=Case(
                *(When(phase=p, then=Value(rank)) for rank, p in enumerate(Phase)),
                output_field=IntegerField(),
            )
        )
    # The newest status update's date: a column of every page, and a sort. A subquery per row
    # of the page costs less than a query of its own.
    latest = StatusUpdate.objects.filter(modification=OuterRef("pk")).order_by("-as_of", "-id")
    modifications = modifications.annotate(latest_status_on=Subquery(latest.values("as_of")[:1]))
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
    "latest_status_on",
)


def register_releases(user=None) -> list[tuple[int, str, str]]:
    """Every release `user` may read (None: an anonymous reader) as (pk, slug, name), by planned
    go-live: the register's release filter and the names of its "In the scope of" column."""
    from releases.models import Release

    visible = Release.objects.visible_to(user)
    return list(visible.order_by("planned_go_live", "id").values_list("pk", "slug", "name"))


def register_rows(rows, releases: list[tuple[int, str, str]]) -> list[dict]:
    """A page of the register (`modification_register(...).values(*REGISTER_FIELDS)`) with
    `releases`: [(slug, name, part)] it is in the scope of, by planned go-live. One query for
    the page, of plain values; the releases' names come from `releases` (`register_releases`),
    which holds only those the reader may read: scope in any other is left out.

    Rows stay dicts: a template finds a dict's key at its first try, where an object's
    attribute costs it a failed key lookup first (a thousand lookups on a page).
    """
    from releases.choices import IN_SCOPE
    from releases.models import ScopeItem

    rows = list(rows)
    order = {pk: (position, slug, name) for position, (pk, slug, name) in enumerate(releases)}
    in_scope: dict[int, list] = {}
    for modification_id, release_id, part, pk in (
        ScopeItem.objects.filter(modification_id__in=[row["id"] for row in rows])
        .filter(inclusion__in=IN_SCOPE)
        .order_by()
        .values_list("modification_id", "release_id", "part", "pk")
    ):
        if release_id not in order:  # one the reader may not read, or made since
            continue
        position, slug, name = order[release_id]
        in_scope.setdefault(modification_id, []).append(((position, pk), slug, name, part))
    for row in rows:
        found = sorted(in_scope.get(row["id"], ()))
        row["releases"] = [(slug, name, part) for _, slug, name, part in found]
    return rows


def modification_find(reference: str, *, annotations=None) -> tuple[Modification, bool]:
    """The modification a reference names, and whether it was found by a former (DP) reference.

    `annotations` are read with it (`page_presence()`, `history_presence()`: what its page and
    its history page ask of it)."""
    reference = reference.upper()
    # Unordered: a reference names one modification at most (and ordering a query with
    # annotations costs Django more than running it).
    found = next(
        iter(
            Modification.objects.annotate(**(annotations or {}))
            .filter(reference=reference)
            .order_by()[:1]
        ),
        None,
    )
    if found:
        return found, False
    # Found by a former reference, the caller redirects: no annotations needed.
    found = Modification.objects.filter(former_reference=reference).first()
    if found:
        return found, True
    raise Http404(f"No modification {reference}")


def modification_status_updates(modification: Modification) -> list[StatusUpdate]:
    """Its status narrative, newest first: the first is what a Panel paper shows."""
    return list(modification.status_updates.select_related("author").order_by("-as_of", "-id"))


# What a modification's page lists beside its status and releases: often empty, so fetched only
# when `page_presence` found rows. Each with the order it is shown in.
PAGE_RELATED = {
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


def page_presence(viewer=None) -> dict:
    """Annotations of a modification saying which of PAGE_RELATED have rows for it and, for a
    signed-in `viewer`, whether they follow it (`followed`, for the follow button)."""
    from django.db.models import Exists

    from core.queries import has_rows
    from notifications.models import Follow

    asked = {
        f"has_{name}": has_rows(model, "modification", Modification)
        for name, (model, _) in PAGE_RELATED.items()
    }
    if viewer is not None and viewer.is_authenticated:
        asked["followed"] = Exists(Follow.objects.filter(user=viewer, modification=OuterRef("pk")))
    return asked


def modification_page(modification: Modification, *, viewer=None) -> dict:
    """Everything the modification's page shows, of the releases `viewer` may read (None: an
    anonymous reader).

    Status updates and releases are nearly always there: one query each. Assessments, impacts
    and costs are often empty: which of them have rows comes with the modification
    (`modification_find(..., annotations=page_presence(viewer))`) or from one query here, and
    only those are fetched (one query each).
    """
    from releases.models import ScopeItem, visible_release_q

    related = PAGE_RELATED
    present = {f"has_{name}": getattr(modification, f"has_{name}", None) for name in related}
    if None in present.values():
        asked = page_presence(viewer)
        present = Modification.objects.filter(pk=modification.pk).values(**asked).get()
        if "followed" in present:
            modification.followed = present["followed"]
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
        .filter(visible_release_q(viewer))
        .select_related("release", "deferred_to")
        .order_by("release__planned_go_live", "id")
    )
    for item in page["scope_items"]:
        if item.deferred_to_id and not item.deferred_to.is_visible_to(viewer):
            item.deferred_to = None  # for this page only: where it went is not the reader's to see
    return page


# The tables that often have no history for a proposal: their history is asked for only when
# `history_presence` (read with the proposal) found some.
SOMETIMES_HISTORY = (
    Assessment,
    ParticipantImpact,
    PartyImpactSummary,
    DccImpact,
    DocumentImpact,
    TechSpecImpact,
    OtherCodeImpact,
    DccCost,
)


def _presence_name(model) -> str:
    return f"has_history_{model.__name__.lower()}"


def history_presence() -> dict:
    """Annotations of a modification saying which of SOMETIMES_HISTORY have history for it."""
    from core.queries import has_rows

    return {
        _presence_name(model): has_rows(model.history.model, "modification", Modification)
        for model in SOMETIMES_HISTORY
    }


def modification_history_sources(modification: Modification, *, user=None):
    """The historical records of a modification and of what hangs off it, one query per model
    with history, each record with the names its foreign keys point at (for
    `core.history.history_entries`). Which of the often-empty tables have history comes with
    the modification (`modification_find(..., annotations=history_presence())`), or from one
    query here. Its scope in a release `user` may not read is left out, and a release it was
    deferred to that `user` may not read is HIDDEN_RELEASE_NAME."""
    from core.history import Source, with_username
    from releases.models import (
        PUBLIC_CLASSIFICATION,
        Release,
        ScopeItem,
        may_read_restricted,
        release_name_for,
    )

    present = {
        _presence_name(model): getattr(modification, _presence_name(model), None)
        for model in SOMETIMES_HISTORY
    }
    if None in present.values():
        present = Modification.objects.filter(pk=modification.pk).values(**history_presence()).get()

    def name_of(model, field, column):
        return Subquery(model.objects.filter(pk=OuterRef(field)).order_by().values(column)[:1])

    def records(model, **names):
        """The model's history, oldest first, each record with `names` (subqueries) read
        with it; none (and no query) for a table `present` says has none."""
        if model in SOMETIMES_HISTORY and not present[_presence_name(model)]:
            return []
        filters = (
            {"id": modification.pk}
            if model is Modification
            else {"modification_id": modification.pk}
        )
        return with_username(model.history.filter(**filters)).annotate(**names).order_by()

    # The names the records' foreign keys point at, read with each record (a deleted release
    # or document reads None: "#id (deleted)").
    everything = may_read_restricted(user)
    scope = [
        r
        for r in records(
            ScopeItem,
            release_name=name_of(Release, "release_id", "name"),
            release_classification=name_of(Release, "release_id", "classification"),
            deferred_to_name=name_of(Release, "deferred_to_id", "name"),
            deferred_to_classification=name_of(Release, "deferred_to_id", "classification"),
        )
        if everything or r.release_classification in (PUBLIC_CLASSIFICATION, None)
    ]
    release_names = {r.release_id: r.release_name for r in scope if r.release_name} | {
        r.deferred_to_id: release_name_for(
            r.deferred_to_name, r.deferred_to_classification, everything=everything
        )
        for r in scope
        if r.deferred_to_name
    }
    code = name_of(SecDocument, "document_id", "code")
    document_impacts = list(records(DocumentImpact, document_code=code))
    tech_specs = list(records(TechSpecImpact, document_code=code))
    documents = {r.document_id: r.document_code for r in document_impacts + tech_specs}
    documents = {pk: code for pk, code in documents.items() if code}
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
