"""Compare two RID snapshots (two baselines, or a baseline and the draft): what entered or left
the scope, which milestones moved, which costs and impacts changed, and a word-level redline of
every text that changed. Works on the snapshot dicts alone: no query, no history table."""

import datetime
import difflib
import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from releases.choices import Inclusion, date_label
from releases.rid.content import scope_rows

_TOKENS = re.compile(r"\s+|[^\s]+")

IMPACT_SECTIONS = (
    ("participants", "Participant impacts"),
    ("party_summaries", "SEC Party impacts"),
    ("dcc", "DCC impacts"),
    ("documents", "SEC document impacts"),
    ("tech_specs", "Technical Specification impacts"),
    ("other_codes", "Other code impacts"),
)
SCOPE_FIELDS = (
    ("inclusion", "status"),
    ("decision_cutoff", "decision cut-off"),
    ("impacts_dcc_systems", "impacts DCC Systems"),
    ("part", "part"),
)


def redline(old: str, new: str) -> SafeString:
    """`new` as a redline of `old`, word by word: <del> what went, <ins> what came."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    out = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))


@dataclass
class Change:
    """One row of the comparison: `status` is added, removed or changed."""

    key: str
    status: str
    label: str = ""
    old: str = ""
    new: str = ""
    details: list[str] = field(default_factory=list)
    redline: SafeString | None = None


@dataclass
class Comparison:
    old_label: str
    new_label: str
    scope: list[Change]
    milestones: list[Change]
    costs: list[Change]
    impacts: list[Change]
    texts: list[Change]

    @property
    def sections(self) -> list[tuple[str, str, list[Change]]]:
        return [
            ("scope", "Scope", self.scope),
            ("milestones", "Implementation timeline", self.milestones),
            ("costs", "Costs", self.costs),
            ("impacts", "Impacts", self.impacts),
            ("texts", "Text", self.texts),
        ]

    @property
    def has_changes(self) -> bool:
        return any(changes for _, _, changes in self.sections)


def _label(snapshot: dict) -> str:
    version = snapshot.get("document", {}).get("version", "")
    return "the draft" if version == "Draft" else f"v{version}"


def _scope_rows(snapshot: dict) -> dict[str, dict]:
    return {r["key"]: r for r in scope_rows(snapshot)}


def _scope_value(name: str, value) -> str:
    """A scope field as the paper writes it: "Targeted", "21 Oct 2021"."""
    if name == "inclusion" and value in Inclusion.values:
        return Inclusion(value).label
    if name == "decision_cutoff" and value:
        return date_label(datetime.date.fromisoformat(value))
    return _display(value)


def _display(value) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return "" if value in (None, "") else str(value)


def _item_title(row: dict) -> str:
    return f"{row['key']} ‘{row.get('title', '')}’"


def compare_scope(old: dict, new: dict) -> list[Change]:
    a, b = _scope_rows(old), _scope_rows(new)
    changes = [
        Change(
            key,
            "added",
            _item_title(b[key]),
            new=_scope_value("inclusion", b[key].get("inclusion")),
        )
        for key in b
        if key not in a
    ]
    changes += [
        Change(
            key,
            "removed",
            _item_title(a[key]),
            old=_scope_value("inclusion", a[key].get("inclusion")),
        )
        for key in a
        if key not in b
    ]
    for key in b:
        if key in a:
            details = [
                f"{label}: {_scope_value(name, a[key].get(name)) or 'none'} → "
                f"{_scope_value(name, b[key].get(name)) or 'none'}"
                for name, label in SCOPE_FIELDS
                if a[key].get(name) != b[key].get(name)
            ]
            if details:
                changes.append(Change(key, "changed", _item_title(b[key]), details=details))
    return changes


def compare_milestones(old: dict, new: dict) -> list[Change]:
    a = {r["key"]: r for r in old.get("timeline", [])}
    b = {r["key"]: r for r in new.get("timeline", [])}
    changes = []
    for key, row in b.items():
        if key not in a:
            changes.append(Change(key, "added", row["event"], new=row.get("date_display", "")))
        elif a[key].get("date") != row.get("date") or a[key].get("date_display") != row.get(
            "date_display"
        ):
            changes.append(
                Change(
                    key,
                    "moved",
                    row["event"],
                    old=a[key].get("date_display", ""),
                    new=row.get("date_display", ""),
                )
            )
        elif a[key].get("responsible") != row.get("responsible"):
            changes.append(
                Change(
                    key,
                    "changed",
                    row["event"],
                    details=[
                        f"responsible: {a[key].get('responsible')} → {row.get('responsible')}"
                    ],
                )
            )
    changes += [
        Change(key, "removed", row["event"], old=row.get("date_display", ""))
        for key, row in a.items()
        if key not in b
    ]
    return changes


def _keyed_changes(a: dict, b: dict, label_of, display_of) -> list[Change]:
    changes = []
    for key, row in b.items():
        if key not in a:
            changes.append(Change(key, "added", label_of(row), new=display_of(row)))
        elif display_of(a[key]) != display_of(row):
            changes.append(
                Change(key, "changed", label_of(row), old=display_of(a[key]), new=display_of(row))
            )
    changes += [
        Change(key, "removed", label_of(row), old=display_of(row))
        for key, row in a.items()
        if key not in b
    ]
    return changes


def compare_costs(old: dict, new: dict) -> list[Change]:
    def dcc(snapshot):
        return {
            f"{c['reference']} {c['stage']}": c for c in snapshot.get("costs", {}).get("dcc", [])
        }

    def secas(snapshot):
        return {f"SECAS {c['activity']}": c for c in snapshot.get("costs", {}).get("secas", [])}

    def dcc_display(cell):
        basis = " (firm)" if cell.get("firm") else ""
        return f"{cell.get('display', '')}{basis}"

    changes = _keyed_changes(
        dcc(old),
        dcc(new),
        lambda c: f"DCC cost of {c['reference']}: {c.get('stage_label', c['stage'])}",
        dcc_display,
    )
    changes += _keyed_changes(
        secas(old),
        secas(new),
        lambda c: f"SECAS: {c['activity']}",
        lambda c: c.get("display", ""),
    )
    return changes


def _impact_rows(section) -> list[dict]:
    if isinstance(section, dict):
        return section.get("rows", [])
    return section or []


def _describe(row: dict) -> str:
    """A row of an impact table in words: its ticks, then its texts."""
    parts = []
    ticks = row.get("ticks")
    if isinstance(ticks, dict):
        ticked = [name for name, on in ticks.items() if on]
        parts.append(", ".join(ticked) if ticked else "no ticks")
    if row.get("code") and row.get("code") != row.get("reference"):
        parts.append(str(row["code"]))
    for name in ("audience_label", "area_label", "new_version", "text", "summary"):
        if row.get(name):
            parts.append(str(row[name]))
    if row.get("provisional"):
        parts.append(f"provisional for {', '.join(row['provisional'])}")
    return "; ".join(p for p in parts if p)


def compare_impacts(old: dict, new: dict) -> list[Change]:
    changes = []
    for name, title in IMPACT_SECTIONS:

        def grouped(snapshot, name=name):
            rows: dict[str, list[dict]] = {}
            for row in _impact_rows(snapshot.get("impacts", {}).get(name)):
                rows.setdefault(row.get("reference", ""), []).append(row)
            return rows

        changes += _keyed_changes(
            grouped(old),
            grouped(new),
            lambda rows, title=title: f"{title}: {rows[0].get('reference', '')}",
            lambda rows: " | ".join(_describe(r) for r in rows),
        )
    return changes


def _texts(snapshot: dict) -> dict[str, tuple[str, str]]:
    texts = {
        f"narrative:{name}": (name.replace("_", " ").capitalize(), text or "")
        for name, text in snapshot.get("narrative", {}).items()
    }
    for set_name, rows in snapshot.get("criteria", {}).items():
        for row in rows:
            texts[f"criteria:{set_name}:{row['number']}"] = (
                f"{set_name.capitalize()} acceptance criterion {row['number']}",
                row.get("text", ""),
            )
    for row in scope_rows(snapshot):
        if row.get("note"):
            texts[f"scope-note:{row['key']}"] = (f"Scope note on {row['key']}", row["note"])
    return texts


def compare_texts(old: dict, new: dict) -> list[Change]:
    a, b = _texts(old), _texts(new)
    changes = []
    for key in [*b, *(k for k in a if k not in b)]:
        before = a.get(key, ("", ""))[1]
        after = b.get(key, ("", ""))[1]
        if before != after:
            label = (b.get(key) or a.get(key))[0]
            status = "added" if key not in a else "removed" if key not in b else "changed"
            changes.append(Change(key, status, label, redline=redline(before, after)))
    return changes


def rid_compare(old: dict, new: dict) -> Comparison:
    """Everything that differs from `old` to `new`, section by section."""
    return Comparison(
        old_label=_label(old),
        new_label=_label(new),
        scope=compare_scope(old, new),
        milestones=compare_milestones(old, new),
        costs=compare_costs(old, new),
        impacts=compare_impacts(old, new),
        texts=compare_texts(old, new),
    )
