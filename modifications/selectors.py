"""Reads of Modification Proposals, shared by pages, the API, papers and exports."""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404

from modifications.choices import DocumentKind
from modifications.models import (
    VERSION_PATTERN,
    DesignatedDocument,
    DocumentImpact,
    DocumentVersion,
    Modification,
    SecDocument,
    TechSpecImpact,
    reference_sort_key,
    version_key,
)


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
