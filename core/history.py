"""Who changed what and when, field by field, from django-simple-history's records.

A history page merges the records of several models (a release, its scope items, milestones and
decisions) into one list, newest first. Each entry compares a record with the one before it for
the same object (`diff_against`), so the page says "Inclusion: Targeted → Deferred to another
release", not "the row changed". The caller fetches each model's records in one query and passes
the names of related rows in `labels`: building the entries queries nothing.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from operator import attrgetter

from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from simple_history.manager import HistoryDescriptor

# Bookkeeping, not content: never shown as a change.
IGNORED_FIELDS = frozenset({"id", "created_at", "updated_at", "version", "position"})
ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}
EMPTY = "—"


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: str
    action: str
    kind: str
    subject: str
    changes: list[FieldChange] = field(default_factory=list)
    reason: str = ""

    @property
    def when_display(self) -> str:
        local = timezone.localtime(self.when)
        return f"{local.day} {local:%b %Y, %H:%M}"

    @property
    def when_iso(self) -> str:
        return self.when.isoformat()

    @property
    def summary(self) -> str:
        """A created record's first values on one line: "Inclusion: Targeted · Cut-off: ..."."""
        return " · ".join(f"{c.field}: {c.new}" for c in self.changes)


@dataclass(frozen=True)
class Source:
    """The historical records of one model, and how to name the object each one is about.

    `records` come in any order: `history_entries` puts them in `history_id` order (oldest
    first), cheaper in Python than in the query (Django's compiler hashes every selected column
    of an ordered query, and historical models have many).
    `labels` maps a foreign key's field name to {pk: its display name}.
    """

    kind: str
    records: Iterable
    subject: Callable[[object], str]
    labels: Mapping[str, Mapping[int, str]] = field(default_factory=dict)
    hidden: frozenset[str] = frozenset()


def display_value(model_field: models.Field, value, labels: Mapping[int, str] | None) -> str:
    """How a stored value reads on the page: choices by label, dates as "21 Oct 2021"."""
    if value is None or value == "":
        return EMPTY
    if isinstance(model_field, models.ForeignKey):
        if labels and value in labels:
            return labels[value]
        return f"#{value} (deleted)"
    if model_field.choices:
        choices = model_field.__dict__.get("_history_labels")
        if choices is None:
            choices = model_field._history_labels = dict(model_field.flatchoices)
        return str(choices.get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return f"{value:%d %b %Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value.day} {value:%b %Y}"
    return str(value)


_FIELDS: dict[tuple[type, frozenset[str]], dict[str, tuple[models.Field, str]]] = {}


def _fields(record, hidden: frozenset[str]) -> dict[str, tuple[models.Field, str]]:
    """The fields a record's entry shows, by name, each with its label: worked out once per
    model, not per record."""
    model = record.instance_type
    key = (model, hidden)
    found = _FIELDS.get(key)
    if found is None:
        found = _FIELDS[key] = {
            f.name: (f, capfirst(f.verbose_name))
            for f in model._meta.concrete_fields
            if f.editable and f.name not in IGNORED_FIELDS and f.name not in hidden
        }
    return found


def _who(record) -> str:
    """The username of who made the change: `history_username` when the query read it with
    the record (`with_username`), else from the user row."""
    if "history_username" in record.__dict__:
        return record.history_username or "System"
    user = record.history_user
    return user.get_username() if user is not None else "System"


def with_username(records):
    """Historical records with who made each change (`history_username`), by a join that
    reads one column rather than building a user for every record."""
    return records.annotate(history_username=models.F("history_user__username"))


def _entry(record, previous, source: Source) -> HistoryEntry:
    fields = _fields(record, source.hidden)
    changes = []
    if previous is not None and record.history_type != "-":
        delta = record.diff_against(previous, included_fields=list(fields))
        for change in delta.changes:
            model_field, label = fields[change.field]
            labels = source.labels.get(change.field)
            changes.append(
                FieldChange(
                    field=label,
                    old=display_value(model_field, change.old, labels),
                    new=display_value(model_field, change.new, labels),
                )
            )
    elif record.history_type == "+":
        for name, (model_field, label) in fields.items():
            value = getattr(record, model_field.attname)
            if value is None or value == "" or value is False:
                continue
            changes.append(
                FieldChange(
                    field=label,
                    old=EMPTY,
                    new=display_value(model_field, value, source.labels.get(name)),
                )
            )
    return HistoryEntry(
        when=record.history_date,
        who=_who(record),
        action=ACTIONS.get(record.history_type, record.history_type),
        kind=source.kind,
        subject=source.subject(record),
        changes=changes,
        reason=record.history_change_reason or "",
    )


def history_entries(sources: Iterable[Source]) -> list[HistoryEntry]:
    """Every change the sources record, newest first; a save that changed nothing is left out."""
    entries: list[HistoryEntry] = []
    for source in sources:
        previous_by_object: dict[int, object] = defaultdict(lambda: None)
        for record in sorted(source.records, key=attrgetter("history_id")):
            previous = previous_by_object[record.id]
            entry = _entry(record, previous, source)
            previous_by_object[record.id] = record
            if entry.action == "Changed" and not entry.changes:
                continue
            entries.append(entry)
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


BADGES = {"Created": "success", "Deleted": "danger"}


def history_page(request, entries: list[HistoryEntry], per_page: int):
    """The page of `entries` the request asks for, each as a dict of what
    `includes/history.html` prints (a template finds a dict's key at its first try, where a
    dataclass's attribute costs it a failed lookup first: hundreds on a page)."""
    from core.pagination import paginate

    page = paginate(request, entries, per_page)
    page.object_list = [
        {
            "when_iso": entry.when_iso,
            "when_display": entry.when_display,
            "who": entry.who,
            "action": entry.action,
            "badge": BADGES.get(entry.action, "secondary"),
            "kind": entry.kind,
            "subject": entry.subject,
            "created": entry.action == "Created",
            "summary": entry.summary if entry.action == "Created" else "",
            "changes": [{"field": c.field, "old": c.old, "new": c.new} for c in entry.changes],
            "reason": entry.reason,
        }
        for entry in page.object_list
    ]
    return page


class CachedHistoryDescriptor(HistoryDescriptor):
    """`Model.history`, whose manager class is built once, not at every access.

    simple_history's descriptor calls `Manager.from_queryset()` on every `instance.history` or
    `Model.history`, which builds a new class (inspecting every queryset method) each time:
    about a third of a millisecond, paid by every history row written and every history read.
    """

    def __init__(self, descriptor: HistoryDescriptor):
        super().__init__(descriptor.model, descriptor.manager_class, descriptor.queryset_class)
        self.manager = self.manager_class.from_queryset(self.queryset_class)

    def __get__(self, instance, owner):
        return self.manager(self.model, instance)


def cache_history_managers(models_: Iterable[type[models.Model]]) -> None:
    """Give every model with history the cached descriptor (run once the models are ready)."""
    for model in models_:
        for name, value in list(vars(model).items()):
            if type(value) is HistoryDescriptor:
                setattr(model, name, CachedHistoryDescriptor(value))
