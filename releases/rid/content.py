"""The content of a release's RID, section by section, as plain JSON data (a "snapshot").

The draft RID is live: `rid_snapshot(release)` reads the release as it stands. A baseline stores
the snapshot it approved, so the same renderer (`releases.rid.render`) shows either. Everything
here is a string, an int, a bool, None, a list or a dict (dates as ISO strings, money as ints),
in a stable order, so equal data gives an equal snapshot, and two snapshots can be compared.

The queries do not depend on the size of the release: one per kind of row.
"""

import datetime
import re
from collections import Counter

from acceptance.choices import TadReviewOutcome, TadStatus
from acceptance.models import AcceptanceCriterion, Tad, TadReview
from core.choices import Body, Classification
from modifications.choices import (
    COST_STAGES,
    WHOLE_COVERS,
    CostStage,
    DccArea,
    ParticipantCategory,
    PartyAudience,
)
from modifications.models import (
    DccCost,
    DccImpact,
    DesignatedDocument,
    DocumentImpact,
    OtherCodeImpact,
    ParticipantImpact,
    PartyImpactSummary,
    TechSpecImpact,
)
from releases.choices import IN_SCOPE, Inclusion, date_label
from releases.models import Release, RidBaseline, RidNarrative, rid_narrative_texts

SCHEMA = 1
TITLE = "Release Implementation Document"


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _money(amount) -> int | None:
    return None if amount is None else int(amount)


def pounds(amount: int) -> str:
    return f"£{amount:,}"


def cost_display(low: int | None, high: int | None) -> str:
    """A range as the RID prints it: "£300,000 – £350,000" (en dash), one figure, or TBC."""
    if low is None:
        return "TBC"
    if low == high:
        return pounds(low)
    return f"{pounds(low)} – {pounds(high)}"


def _summary(reference: str, title: str, summary: str) -> str:
    """The modification's summary without the reference and title it often starts with (the
    RID prints them in bold before it)."""
    summary = summary.strip()
    prefix = re.match(
        rf"^{re.escape(reference)}(?:\s+[‘'\"]{re.escape(title)}[’'\"])?[:,]?\s+", summary
    )
    return summary[prefix.end() :] if prefix else summary


def _scope(release: Release) -> tuple[list, list]:
    """The in-scope items, in the paper's order, each as the RID's Scope bullet needs it."""
    items = list(
        release.scope_items.filter(inclusion__in=IN_SCOPE)
        .select_related("modification")
        .order_by("position", "id")
    )
    rows = []
    for item in items:
        modification = item.modification
        reference = modification.reference
        rows.append(
            {
                "key": f"{reference} ({item.part})" if item.part else reference,
                "reference": reference,
                "title": modification.title,
                "url": modification.url,
                "summary": _summary(reference, modification.title, modification.summary),
                "part": item.part,
                "inclusion": item.inclusion,
                "impacts_dcc_systems": item.impacts_dcc_systems,
                "document_only": not item.impacts_dcc_systems,
                "decision_cutoff": _iso(item.decision_cutoff),
                "decision_cutoff_display": (
                    f"{item.decision_cutoff.day} {item.decision_cutoff:%B %Y}"
                    if item.decision_cutoff
                    else ""
                ),
                "note": item.note,
                "cost_note": item.cost_note,
            }
        )
    return items, rows


def _impacts(release: Release, items, rows) -> tuple[dict, dict]:
    """Section 2's matrices and summaries, and the DCC cost rows of section 5."""
    modification_ids = {item.modification_id for item in items}
    keys_of: dict[int, list[str]] = {}
    for item, row in zip(items, rows, strict=True):
        keys_of.setdefault(item.modification_id, []).append(row["key"])
    refs_in_order = list(dict.fromkeys(row["reference"] for row in rows))
    order = {ref: n for n, ref in enumerate(refs_in_order)}

    ticked = set(
        ParticipantImpact.objects.filter(modification_id__in=modification_ids).values_list(
            "modification__reference", "category"
        )
    )
    categories = [label for _, label in ParticipantCategory.choices]
    participants = [
        {
            "key": row["key"],
            "reference": row["reference"],
            "ticks": {
                label: (row["reference"], value) in ticked
                for value, label in ParticipantCategory.choices
            },
        }
        for row in rows
    ]

    audience_order = {value: n for n, (value, _) in enumerate(PartyAudience.choices)}
    party = sorted(
        PartyImpactSummary.objects.filter(modification_id__in=modification_ids).values_list(
            "modification__reference", "audience", "summary", "id"
        ),
        key=lambda r: (audience_order[r[1]], order[r[0]], r[3]),
    )
    party_summaries = [
        {
            "reference": ref,
            "audience": audience,
            "audience_label": PartyAudience(audience).label,
            "text": text,
        }
        for ref, audience, text, _ in party
    ]

    area_order = {value: n for n, (value, _) in enumerate(DccArea.choices)}
    dcc = sorted(
        DccImpact.objects.filter(modification_id__in=modification_ids).values_list(
            "modification__reference", "area", "summary", "id"
        ),
        key=lambda r: (area_order[r[1]], order[r[0]], r[3]),
    )
    dcc_impacts = [
        {"reference": ref, "area": area, "area_label": DccArea(area).label, "text": text}
        for ref, area, text, _ in dcc
    ]

    doc_rows = sorted(
        DocumentImpact.objects.filter(modification_id__in=modification_ids).values_list(
            "modification__reference",
            "document__code",
            "document__title",
            "document__kind",
            "provisional",
        ),
        key=lambda r: (_document_order(r[1]), order[r[0]]),
    )
    doc_columns = [ref for ref in refs_in_order if any(r[0] == ref for r in doc_rows)]
    # A Government designation implemented with the release changes documents too (ECoS changes
    # Appendix AB beside June 2022): a row with no modification's tick, as RID v0.1 shows it.
    designated = DesignatedDocument.objects.filter(designation__release=release).values_list(
        "document__code", "document__title", "designation__title"
    )
    documents_seen: dict[str, dict] = {}

    def document_row(code: str, title: str) -> dict:
        return documents_seen.setdefault(
            code,
            {
                "reference": code,
                "code": code,
                "title": title,
                "ticks": dict.fromkeys(doc_columns, False),
                "provisional": [],
                "designations": [],
            },
        )

    for ref, code, title, _kind, provisional in doc_rows:
        entry = document_row(code, title)
        entry["ticks"][ref] = True
        if provisional:
            entry["provisional"].append(ref)
    for code, title, designation in sorted(designated):
        document_row(code, title)["designations"].append(designation)
    documents = {
        "columns": doc_columns,
        "rows": sorted(documents_seen.values(), key=lambda d: _document_order(d["code"])),
        "any_provisional": any(r[4] for r in doc_rows),
    }

    spec_rows = sorted(
        TechSpecImpact.objects.filter(modification_id__in=modification_ids).values_list(
            "modification__reference",
            "document__code",
            "document__short_name",
            "new_version",
        ),
        key=lambda r: (_document_order(r[1]), order[r[0]]),
    )
    spec_columns = [ref for ref in refs_in_order if any(r[0] == ref for r in spec_rows)]
    specs_seen: dict[tuple, dict] = {}
    for ref, code, short_name, new_version in spec_rows:
        entry = specs_seen.setdefault(
            (code, new_version),
            {
                "reference": short_name or code,
                "code": code,
                "short_name": short_name or code,
                "new_version": new_version,
                "ticks": dict.fromkeys(spec_columns, False),
            },
        )
        entry["ticks"][ref] = True
    tech_specs = {"columns": spec_columns, "rows": list(specs_seen.values())}

    other_codes = [
        {"reference": ref, "code": code, "summary": summary}
        for ref, code, summary, _ in sorted(
            OtherCodeImpact.objects.filter(modification_id__in=modification_ids).values_list(
                "modification__reference", "code", "summary", "id"
            ),
            key=lambda r: (order[r[0]], r[3]),
        )
    ]

    impacts = {
        "participant_categories": categories,
        "participants": participants,
        "party_audiences": [label for _, label in PartyAudience.choices],
        "party_summaries": party_summaries,
        "dcc": dcc_impacts,
        "documents": documents,
        "tech_specs": tech_specs,
        "other_codes": other_codes,
    }
    return impacts, _dcc_costs(modification_ids, rows)


def _document_order(code: str) -> tuple:
    """Sections, then Schedules, then Appendices; within each by letter (A < B < AA) or number."""
    kind, _, name = code.partition(" ")
    rank = {"Section": 0, "Schedule": 1, "Appendix": 2}.get(kind, 3)
    return (rank, int(name) if name.isdigit() else 0, len(name), name)


def _dcc_costs(modification_ids, rows) -> dict:
    """The DCC breakdown: a row per in-scope item that impacts DCC Systems, a cell per stage."""
    costs: dict[str, dict[str, DccCost]] = {}
    for cost in DccCost.objects.filter(modification_id__in=modification_ids).select_related(
        "modification"
    ):
        costs.setdefault(cost.modification.reference, {})[cost.stage] = cost
    cells = []
    table = []
    for row in rows:
        if not row["impacts_dcc_systems"]:
            continue
        reference = row["reference"]
        by_stage = costs.get(reference, {})
        line = {
            "key": row["key"],
            "reference": reference,
            "not_applicable": bool(row["cost_note"]),
            "note": row["cost_note"],
            "cells": [],
        }
        if not line["not_applicable"]:
            whole = by_stage.get(CostStage.IMPLEMENTATION_WHOLE)
            stages = (CostStage.IMPLEMENTATION_WHOLE, COST_STAGES[4]) if whole else COST_STAGES
            for stage in stages:
                cost = by_stage.get(stage)
                low = _money(cost.low) if cost else None
                high = _money(cost.high) if cost else None
                cell = {
                    "reference": reference,
                    "stage": stage,
                    "stage_label": CostStage(stage).label,
                    "low": low,
                    "high": high,
                    "firm": bool(cost and cost.basis == "FIRM"),
                    "recorded": cost is not None,
                    "display": cost_display(low, high),
                    "span": len(WHOLE_COVERS) if stage == CostStage.IMPLEMENTATION_WHOLE else 1,
                }
                cells.append(cell)
                line["cells"].append(cell)
        table.append(line)
    known = [c for c in cells if c["low"] is not None]
    return {
        "stages": [CostStage(s).label for s in COST_STAGES],
        "dcc": cells,
        "dcc_rows": table,
        "dcc_total_low": sum(c["low"] for c in known),
        "dcc_total_high": sum(c["high"] for c in known),
        "dcc_any_tbc": any(c["low"] is None for c in cells),
        "dcc_any_estimated": any(not c["firm"] for c in known),
    }


NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _days(effort) -> str:
    """Numbers under ten in words, as the SEC writes them: "five days"."""
    n = float(effort)
    if n.is_integer():
        n = int(n)
        words = NUMBER_WORDS[n] if n < 10 else str(n)
    else:
        words = f"{n:g}"
    return f"{words} day" if n == 1 else f"{words} days"


def _secas_costs(release: Release) -> list[dict]:
    rows = []
    for cost in release.secas_costs.order_by("id"):
        amount = int(cost.amount)
        activity = cost.activity.strip().rstrip(".")
        activity_text = activity[:1].lower() + activity[1:]
        if cost.is_maximum:
            display = (
                f"SECAS estimate a maximum of {_days(cost.effort_days)} of effort, equating to "
                f"around {pounds(amount)}, will be needed for {activity_text}."
            )
        else:
            display = (
                f"SECAS will incur {_days(cost.effort_days)} effort, equating to around "
                f"{pounds(amount)}, to {activity_text}."
            )
        rows.append(
            {
                "activity": cost.activity,
                "effort_days": f"{cost.effort_days.normalize():f}",
                "amount": amount,
                "is_maximum": cost.is_maximum,
                "display": display,
            }
        )
    return rows


def _timeline(release: Release) -> list[dict]:
    milestones = release.milestones.order_by("date", "position", "id")
    seen: Counter = Counter()
    rows = []
    undated = []
    for m in milestones:
        seen[m.event] += 1
        row = {
            "key": m.event if seen[m.event] == 1 else f"{m.event} ({seen[m.event]})",
            "date": _iso(m.date),
            "precision": m.precision,
            "date_display": date_label(m.date, m.precision),
            "event": m.event,
            "notes": m.notes,
            "responsible": Body(m.responsible).label if m.responsible in Body.values else "",
            "rule": m.rule_display if m.has_rule and m.anchor_id is None else "",
        }
        (rows if m.date else undated).append(row)
    return rows + undated


def _tad(release: Release) -> dict | None:
    """Annex A: the latest TAD version the TAG approved, if any."""
    tad = (
        Tad.objects.filter(release=release, status=TadStatus.APPROVED).order_by("-version").first()
    )
    if tad is None:
        return None
    approved_on = (
        TadReview.objects.filter(tad=tad, outcome=TadReviewOutcome.APPROVED)
        .order_by("-reviewed_on")
        .values_list("reviewed_on", flat=True)
        .first()
    )
    return {
        "version": tad.version,
        "objectives": tad.objectives,
        "strategy": tad.strategy,
        "consequences": tad.consequences,
        "approved_on": _iso(approved_on),
        "approved_on_display": date_label(approved_on) if approved_on else "",
    }


def _criteria(release: Release) -> dict:
    criteria = AcceptanceCriterion.objects.filter(release=release).order_by(
        "criterion_set", "number"
    )
    sets: dict[str, list] = {"operational": [], "testing": []}
    for c in criteria:
        sets[c.criterion_set.lower()].append(
            {
                "number": c.number,
                "title": c.title,
                "text": c.text,
                "owner": c.owner,
                "reviewing_group": c.reviewing_group,
            }
        )
    return sets


def _version_control(release: Release) -> list[dict]:
    return [
        {
            "version": f"{b.version}",
            "issued_on": _iso(b.issued_on),
            "issued_on_display": date_label(b.issued_on),
            "changes": b.changes,
            "decision": b.decision.paper_reference if b.decision_id else None,
            # The review of the draft the version closed, as its baseline's snapshot has it.
            **({"review": _review(b)} if b.comments_raised else {}),
        }
        for b in RidBaseline.objects.filter(release=release)
        .select_related("decision", "override_by")
        .defer("snapshot")
        .order_by("version")
    ]


def review_entry(*, raised: int, resolved: int, override_reason: str, override_by: str) -> dict:
    """The review of the draft a version closed, in its Appendix 1 entry (releases/rid/review.py)."""
    return {
        "raised": raised,
        "resolved": resolved,
        "override_reason": override_reason,
        "override_by": override_by,
    }


def _review(baseline: RidBaseline) -> dict:
    return review_entry(
        raised=baseline.comments_raised,
        resolved=baseline.comments_resolved,
        override_reason=baseline.override_reason,
        override_by=baseline.override_by.get_username() if baseline.override_by_id else "",
    )


def scope_rows(snapshot: dict) -> list[dict]:
    """A snapshot's scope items, approved then targeted (each carries its `key`)."""
    scope = snapshot.get("scope", {})
    return [*scope.get("approved", []), *scope.get("targeted", [])]


def _narrative(release: Release) -> dict[str, str]:
    return rid_narrative_texts(RidNarrative.objects.filter(release=release).first())


def rid_glossary(snapshot: dict) -> list[dict[str, str]]:
    """Appendix 2 for this snapshot: the acronyms its rendered text uses.

    Read from the document as rendered (the fixed wording included), without the glossary
    itself; a service that changes a snapshot (a new version's entry) calls it again.
    """
    from releases.rid.glossary import glossary_for
    from releases.rid.render import rid_text

    return glossary_for(rid_text({**snapshot, "glossary": []}))


def rid_snapshot(release: Release) -> dict:
    """The whole RID of `release` as it stands now (the live draft)."""
    items, scope_rows = _scope(release)
    impacts, costs = _impacts(release, items, scope_rows)
    costs["secas"] = _secas_costs(release)
    narrative = _narrative(release)
    snapshot = {
        "schema": SCHEMA,
        "document": {
            "release_slug": release.slug,
            "release_name": release.name,
            "title": TITLE,
            "version": "Draft",
            "status": "Draft",
            "issued_on": None,
            "classification": Classification(release.classification).label,
            "go_live": _iso(release.go_live),
            "go_live_display": f"{release.go_live.day} {release.go_live:%B %Y}",
        },
        "narrative": narrative,
        "scope": {
            "approved": [r for r in scope_rows if r["inclusion"] == Inclusion.APPROVED],
            "targeted": [r for r in scope_rows if r["inclusion"] == Inclusion.TARGETED],
            "dcc_change_requests": [
                {"reference": cr.reference, "title": cr.title, "description": cr.description}
                for cr in release.dcc_change_requests.order_by("reference")
            ],
            "concurrent": [
                {"name": p.name, "description": p.description}
                for p in release.concurrent_programmes.order_by("name", "id")
            ],
        },
        "impacts": impacts,
        "timeline": _timeline(release),
        "test_strategy": {
            "dcc_approach": narrative["dcc_test_approach"],
            "user_approach": narrative["user_test_approach"],
            "tad": _tad(release),
        },
        "costs": costs,
        "criteria": _criteria(release),
        "version_control": _version_control(release),
        "glossary": [],
    }
    snapshot["glossary"] = rid_glossary(snapshot)
    return snapshot
