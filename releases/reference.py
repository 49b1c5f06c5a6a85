"""The reference data set: the real SEC Release history of 2021-2022, loaded from CSV files.

The files in `releases/reference_data/` (see its README) transcribe the four source documents.
`load()` reads every file, resolves every reference to a row another file defines, validates every
row with its model's rules (`full_clean()`) and upserts it by its natural key, saving a row only
when a value changed: a second run writes nothing, not even a history row. Everything happens in
one transaction, so one malformed row refuses the whole load and leaves the database as it was.
"""

import csv
import datetime
import zoneinfo
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models, transaction

from acceptance.models import (
    AcceptanceCriterion,
    GoNoGoDecision,
    GroupView,
    ReadinessStatement,
    RegressionResult,
    ResidualRisk,
    TestingExclusion,
    TestingIssueCount,
)
from acceptance.services import criteria_copy_standard
from acceptance.standard import STANDARD_CRITERIA
from core.errors import ApplicationError
from core.workdays import add_working_days
from modifications.models import (
    Assessment,
    DccCost,
    DccImpact,
    DesignatedDocument,
    Designation,
    DocumentImpact,
    DocumentVersion,
    Modification,
    ParticipantImpact,
    PartyImpactSummary,
    SecDocument,
    StatusUpdate,
    TechSpecImpact,
)
from publication.models import ReleaseNote, ReleaseNoteDocument, ReleaseNoteItem
from releases.choices import IN_SCOPE, DecisionAsk, Inclusion, ReleaseStatus
from releases.models import (
    RID_NARRATIVE_FIELDS,
    ConcurrentProgramme,
    Decision,
    Milestone,
    Release,
    RidBaseline,
    RidNarrative,
    ScopeItem,
    SecasCost,
)
from releases.rid.baselines import parse_version, rid_baseline_record
from releases.rid.content import rid_snapshot

DATA_DIR = Path(__file__).resolve().parent / "reference_data"
# Written into every history row the loader causes, so the audit trail says where a value came from.
CHANGE_REASON = "load_sec_history"
CRITERIA_LABEL = "standard acceptance criteria"

TRUE_WORDS = frozenset({"yes", "y", "true", "1"})
FALSE_WORDS = frozenset({"no", "n", "false", "0"})


class MalformedRow(Exception):
    """A row the loader refuses: which file, on which line (where the row starts), which field."""

    def __init__(self, filename: str, line: int | None, field: str, message: str):
        super().__init__(message)
        self.filename = filename
        self.line = line
        self.field = field
        self.message = message

    def __str__(self) -> str:
        where = f"{self.filename}:{self.line}" if self.line else self.filename
        return f"{where}: {self.field}: {self.message}"


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class Summary:
    """What a load did, per file (and for the criteria each release copies from the standard)."""

    tallies: dict[str, Tally] = field(default_factory=dict)

    def tally(self, label: str) -> Tally:
        return self.tallies.setdefault(label, Tally())

    @property
    def created(self) -> int:
        return sum(t.created for t in self.tallies.values())

    @property
    def updated(self) -> int:
        return sum(t.updated for t in self.tallies.values())

    @property
    def unchanged(self) -> int:
        return sum(t.unchanged for t in self.tallies.values())

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated)

    def lines(self) -> list[str]:
        width = max((len(label) for label in self.tallies), default=0)
        lines = [
            f"{label:<{width}}  {t.created:>4} created  {t.updated:>4} updated  "
            f"{t.unchanged:>4} unchanged"
            for label, t in self.tallies.items()
        ]
        lines.append(
            f"Total: {self.created} created, {self.updated} updated, {self.unchanged} unchanged."
        )
        return lines


class Row:
    """One data row of a file: its cells by column name and the line on which it starts."""

    def __init__(self, filename: str, line: int, cells: dict[str, str]):
        self.filename = filename
        self.line = line
        self.cells = cells

    def __getitem__(self, column: str) -> str:
        return self.cells[column].strip()

    def pick(self, *columns: str) -> dict[str, str]:
        """These columns' cells, by name (the loader converts them with the model's fields)."""
        return {column: self.cells[column] for column in columns}

    def error(self, field: str, message: str) -> MalformedRow:
        return MalformedRow(self.filename, self.line, field, message)


def read_rows(path: Path, columns: Iterable[str]) -> list[Row]:
    """The data rows of a CSV file whose header names exactly `columns` (in any order).

    Quoted cells may span lines; a row's line is the one where it starts. Blank lines are skipped.
    """
    filename = path.name
    columns = list(columns)
    if not path.is_file():
        raise MalformedRow(filename, None, "file", f"not found in {path.parent}.")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle, strict=True)
        try:
            header = [name.strip() for name in next(reader)]
        except StopIteration:
            raise MalformedRow(filename, 1, "header", "the file is empty.") from None
        except csv.Error as error:
            raise MalformedRow(filename, 1, "header", str(error)) from None
        unknown = [name for name in header if name not in columns]
        missing = [name for name in columns if name not in header]
        repeated = sorted(name for name, n in Counter(header).items() if n > 1)
        if unknown or missing or repeated:
            problems = []
            if unknown:
                problems.append("unknown column(s) " + ", ".join(unknown))
            if missing:
                problems.append("missing column(s) " + ", ".join(missing))
            if repeated:
                problems.append("repeated column(s) " + ", ".join(repeated))
            raise MalformedRow(filename, 1, "header", "; ".join(problems) + ".")
        rows = []
        start = reader.line_num + 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                raise MalformedRow(filename, start, "row", str(error)) from None
            if any(cell.strip() for cell in cells):
                if len(cells) != len(header):
                    raise MalformedRow(
                        filename,
                        start,
                        "row",
                        f"{len(cells)} cells, but the header names {len(header)} columns.",
                    )
                rows.append(Row(filename, start, dict(zip(header, cells, strict=True))))
            start = reader.line_num + 1
    return rows


def _convert(row: Row, model: type[models.Model], name: str, raw):
    """A cell's text as the model field's Python value (relations arrive already resolved)."""
    model_field = model._meta.get_field(name)
    if model_field.is_relation or not isinstance(raw, str):
        return raw
    text = raw.strip()
    if isinstance(model_field, models.BooleanField):
        if text == "":
            return model_field.get_default()
        if text.lower() in TRUE_WORDS:
            return True
        if text.lower() in FALSE_WORDS:
            return False
        raise row.error(name, f"‘{text}’ is not yes or no.")
    if text == "":
        # full_clean() then says whether the field may be empty.
        return "" if isinstance(model_field, (models.CharField, models.TextField)) else None
    try:
        return model_field.to_python(text)
    except ValidationError as error:
        raise row.error(name, error.messages[0]) from None


# Every file with its columns, in the order the loader writes them: a row refers only to rows of
# the files above its own. A file's header must name exactly these columns (in any order).
FILES: dict[str, tuple[str, ...]] = {
    "sec_documents.csv": (
        "code",
        "title",
        "kind",
        "short_name",
        "is_technical_specification",
        "on_codeworks",
    ),
    "modifications.csv": (
        "reference",
        "former_reference",
        "title",
        "url",
        "summary",
        "phase",
        "path",
        "authority_led_variation",
        "impacts_dcc_systems",
        "withdrawn_on",
        "approved_on",
    ),
    "status_updates.csv": ("modification", "as_of", "text"),
    "assessments.csv": (
        "modification",
        "kind",
        "requested_on",
        "expected_completion_on",
        "completed_on",
        "notes",
    ),
    "participant_impacts.csv": ("modification", "category"),
    "party_impact_summaries.csv": ("modification", "audience", "summary"),
    "dcc_impacts.csv": ("modification", "area", "summary"),
    "document_impacts.csv": ("modification", "document", "provisional"),
    "tech_spec_impacts.csv": ("modification", "document", "new_version"),
    "dcc_costs.csv": ("modification", "stage", "low", "high", "basis"),
    "releases.csv": (
        "slug",
        "name",
        "kind",
        "planned_go_live",
        "actual_go_live",
        "sec_version",
        "status",
        "notes",
    ),
    "document_versions.csv": ("document", "version", "effective_from", "release"),
    "scope_items.csv": (
        "release",
        "modification",
        "part",
        "inclusion",
        "decision_cutoff",
        "impacts_dcc_systems",
        "note",
        "cost_note",
        "reason",
        "deferred_to",
    ),
    "concurrent_programmes.csv": ("release", "name", "description"),
    "secas_costs.csv": ("release", "activity", "effort_days", "amount", "is_maximum"),
    "rid_narratives.csv": ("release", *RID_NARRATIVE_FIELDS),
    "milestones.csv": (
        "release",
        "event",
        "kind",
        "responsible",
        "date",
        "precision",
        "anchor",
        "offset_working_days",
        "notes",
    ),
    "decisions.csv": (
        "body",
        "meeting_date",
        "paper_reference",
        "ask",
        "release",
        "summary",
        "outcome",
        "published_on",
        "minutes",
    ),
    "rid_baselines.csv": (
        "release",
        "version",
        "issued_on",
        "changes",
        "decision_body",
        "decision_meeting_date",
        "decision_paper_reference",
        "approved",
        "targeted",
    ),
    "readiness_statements.csv": ("release", "criterion_set", "number", "version", "text"),
    "group_views.csv": (
        "release",
        "criterion_set",
        "number",
        "version",
        "group",
        "rag",
        "meeting_date",
        "text",
        "qualification",
    ),
    "testing_issue_counts.csv": ("release", "phase", "severity", "as_of", "outstanding", "closed"),
    "testing_exclusions.csv": ("release", "phase", "agreed_on", "count", "reason"),
    "regression_results.csv": (
        "release",
        "as_of",
        "required_pass_rate",
        "achieved_pass_rate",
        "failed_tests",
        "notes",
    ),
    "residual_risks.csv": (
        "release",
        "title",
        "level",
        "owner",
        "raised_by",
        "description",
        "mitigation",
    ),
    "go_no_go_decisions.csv": (
        "release",
        "body",
        "decided_on",
        "outcome",
        "paper_reference",
        "decision_ask",
        "opsg_recommendation",
        "tag_recommendation",
        "recommendations",
    ),
    # What went live: the Government's designations, and the release notes of `004`, whose
    # documents with a version imply the Document Log entries.
    "designations.csv": (
        "reference",
        "title",
        "designated_by",
        "release",
        "designated_on",
        "summary",
        "changes",
        "url",
    ),
    "designated_documents.csv": ("designation", "document", "new_version"),
    "release_notes.csv": (
        "release",
        "title",
        "dated",
        "introduction",
        "redlining",
        "redlining_url",
        "further_information",
        "status",
    ),
    "release_note_items.csv": ("release", "modification", "part", "designation", "summary"),
    "release_note_documents.csv": (
        "release",
        "document",
        "on_codeworks",
        "by_modification",
        "by_designation",
        "version",
    ),
}
# The tally of the Document Log entries that release_note_documents.csv implies.
NOTE_LOG_LABEL = "document log (notes)"
NOTES_PUBLISHED_AT = datetime.time(9, 0)


class _Loader:
    """One load: the rows of every file, the objects they define, and what was written."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.summary = Summary()
        # Read (and so check the shape of) every file before touching the database.
        self.files = {name: read_rows(data_dir / name, columns) for name, columns in FILES.items()}
        self.modifications: dict[str, Modification] = {}
        self.documents: dict[str, SecDocument] = {}
        self.releases: dict[str, Release] = {}
        self.decisions: dict[tuple, Decision] = {}
        self.designations: dict[str, Designation] = {}
        self.notes: dict[str, ReleaseNote] = {}

    def rows(self, filename: str) -> list[Row]:
        self.summary.tally(filename)  # list every file in the summary, even an empty one
        return self.files[filename]

    # -- resolving references ----------------------------------------------------------------

    def _lookup(self, row: Row, column: str, registry: dict, what: str, defined_in: str):
        value = row[column]
        if not value:
            raise row.error(column, f"name the {what}.")
        try:
            return registry[value]
        except KeyError:
            raise row.error(column, f"no {what} ‘{value}’ is defined in {defined_in}.") from None

    def modification(self, row: Row, column: str = "modification") -> Modification:
        return self._lookup(row, column, self.modifications, "modification", "modifications.csv")

    def document(self, row: Row, column: str = "document") -> SecDocument:
        return self._lookup(row, column, self.documents, "SEC document", "sec_documents.csv")

    def release(self, row: Row, column: str = "release") -> Release:
        return self._lookup(row, column, self.releases, "release", "releases.csv")

    def optional_release(self, row: Row, column: str) -> Release | None:
        return self.release(row, column) if row[column] else None

    def criterion(self, row: Row) -> AcceptanceCriterion:
        release = self.release(row)
        criterion_set = _convert(
            row, AcceptanceCriterion, "criterion_set", row.cells["criterion_set"]
        )
        number = _convert(row, AcceptanceCriterion, "number", row.cells["number"])
        criterion = AcceptanceCriterion.objects.filter(
            release=release, criterion_set=criterion_set, number=number
        ).first()
        if criterion is None:
            raise row.error(
                "number", f"{release.name} has no {str(criterion_set).lower()} criterion {number}."
            )
        return criterion

    # -- writing -----------------------------------------------------------------------------

    def upsert(
        self,
        row: Row,
        model: type[models.Model],
        key: dict,
        values: dict,
        *,
        occurrence: int = 0,
        bump_version: bool = False,
    ) -> models.Model:
        """Create or update the row of `model` with this natural key; save only on a change.

        `occurrence` picks among rows sharing a key that is not unique (the second OPSG review of
        a timeline), oldest first. `bump_version` advances the optimistic lock of models that have
        one, so an editor holding the old copy is told rather than overwritten.
        """
        key = {name: _convert(row, model, name, value) for name, value in key.items()}
        values = {name: _convert(row, model, name, value) for name, value in values.items()}
        found = model.objects.filter(**key).order_by("pk")[occurrence : occurrence + 1]
        instance = found[0] if found else None
        created = instance is None
        if created:
            instance = model(**key)
        changed = _assign(instance, values)
        try:
            instance.full_clean()
        except ValidationError as error:
            refusal = ApplicationError.from_validation_error(error)
            raise row.error(refusal.field or "row", refusal.message) from None
        tally = self.summary.tally(row.filename)
        if created or changed:
            if bump_version and not created:
                instance.version += 1
            instance._change_reason = CHANGE_REASON
            instance.save()
            if created:
                tally.created += 1
            else:
                tally.updated += 1
        else:
            tally.unchanged += 1
        return instance

    def upsert_all(
        self,
        filename: str,
        model: type[models.Model],
        key: Callable[[Row], dict],
        values: Callable[[Row], dict],
        *,
        repeatable: bool = False,
        bump_version: bool = False,
    ) -> list[tuple[Row, models.Model]]:
        """Upsert every row of a file, each by the natural key `key(row)` gives.

        Without `repeatable` a key appears once per file. With it, rows sharing a key are told
        apart by their order: the n-th row with the key updates the n-th oldest row in the table.
        """
        seen: dict = {}
        occurrences: Counter = Counter()
        done = []
        for row in self.rows(filename):
            natural = key(row)
            signature = tuple(
                (name, value.pk if isinstance(value, models.Model) else str(value).strip())
                for name, value in natural.items()
            )
            occurrence = 0
            if repeatable:
                occurrence = occurrences[signature]
                occurrences[signature] += 1
            else:
                _once(row, seen, signature, "row", "a row with the same natural key")
            instance = self.upsert(
                row, model, natural, values(row), occurrence=occurrence, bump_version=bump_version
            )
            done.append((row, instance))
        return done

    # -- the files, in the order of FILES ------------------------------------------------------

    def load(self) -> Summary:
        self.sec_documents()
        self.modification_rows()
        self.status_updates()
        self.assessments()
        self.participant_impacts()
        self.party_impact_summaries()
        self.dcc_impacts()
        self.document_impacts()
        self.tech_spec_impacts()
        self.dcc_costs()
        self.release_rows()
        self.document_versions()
        self.scope_items()
        self.concurrent_programmes()
        self.secas_costs()
        self.rid_narratives()
        self.milestones()
        self.decision_rows()
        self.readiness_statements()
        self.group_views()
        self.testing_issue_counts()
        self.testing_exclusions()
        self.regression_results()
        self.residual_risks()
        self.go_no_go_decisions()
        self.designation_rows()
        self.designated_documents()
        self.release_notes()
        self.release_note_items()
        self.release_note_documents()
        # Last: a baseline freezes the RID as the rest of the data has made it.
        self.rid_baselines()
        return self.summary

    def sec_documents(self):
        for row, document in self.upsert_all(
            "sec_documents.csv",
            SecDocument,
            lambda row: {"code": row["code"]},
            lambda row: row.pick(
                "title", "kind", "short_name", "is_technical_specification", "on_codeworks"
            ),
        ):
            self.documents[row["code"]] = document

    def modification_rows(self):
        for row, modification in self.upsert_all(
            "modifications.csv",
            Modification,
            lambda row: {"reference": row["reference"]},
            lambda row: row.pick(*FILES["modifications.csv"][1:]),
            bump_version=True,
        ):
            self.modifications[row["reference"]] = modification

    def status_updates(self):
        self.upsert_all(
            "status_updates.csv",
            StatusUpdate,
            lambda row: {"modification": self.modification(row), **row.pick("as_of")},
            lambda row: row.pick("text"),
        )

    def assessments(self):
        self.upsert_all(
            "assessments.csv",
            Assessment,
            lambda row: {"modification": self.modification(row), **row.pick("kind")},
            lambda row: row.pick("requested_on", "expected_completion_on", "completed_on", "notes"),
        )

    def participant_impacts(self):
        self.upsert_all(
            "participant_impacts.csv",
            ParticipantImpact,
            lambda row: {"modification": self.modification(row), **row.pick("category")},
            lambda row: {},
        )

    def party_impact_summaries(self):
        self.upsert_all(
            "party_impact_summaries.csv",
            PartyImpactSummary,
            lambda row: {"modification": self.modification(row), **row.pick("audience")},
            lambda row: row.pick("summary"),
            repeatable=True,
        )

    def dcc_impacts(self):
        self.upsert_all(
            "dcc_impacts.csv",
            DccImpact,
            lambda row: {"modification": self.modification(row), **row.pick("area")},
            lambda row: row.pick("summary"),
            repeatable=True,
        )

    def document_impacts(self):
        self.upsert_all(
            "document_impacts.csv",
            DocumentImpact,
            lambda row: {"modification": self.modification(row), "document": self.document(row)},
            lambda row: row.pick("provisional"),
        )

    def tech_spec_impacts(self):
        self.upsert_all(
            "tech_spec_impacts.csv",
            TechSpecImpact,
            lambda row: {"modification": self.modification(row), "document": self.document(row)},
            lambda row: row.pick("new_version"),
        )

    def dcc_costs(self):
        self.upsert_all(
            "dcc_costs.csv",
            DccCost,
            lambda row: {"modification": self.modification(row), **row.pick("stage")},
            lambda row: row.pick("low", "high", "basis"),
        )

    def release_rows(self):
        criteria = self.summary.tally(CRITERIA_LABEL)
        for row, release in self.upsert_all(
            "releases.csv",
            Release,
            lambda row: {"slug": row["slug"]},
            lambda row: row.pick(*FILES["releases.csv"][1:]),
            bump_version=True,
        ):
            self.releases[row["slug"]] = release
            # Every release carries its own copy of the 10 operational and 7 testing criteria.
            copied = criteria_copy_standard(release=release, actor=None)
            criteria.created += len(copied)
            criteria.unchanged += len(STANDARD_CRITERIA) - len(copied)

    def document_versions(self):
        self.upsert_all(
            "document_versions.csv",
            DocumentVersion,
            lambda row: {"document": self.document(row), **row.pick("version")},
            lambda row: {
                **row.pick("effective_from"),
                "release": self.optional_release(row, "release"),
            },
        )

    def scope_items(self):
        positions: Counter = Counter()

        def values(row: Row) -> dict:
            # An item's position is its place among its release's rows, as the papers list them.
            positions[row["release"]] += 1
            return {
                **row.pick(
                    "inclusion",
                    "decision_cutoff",
                    "impacts_dcc_systems",
                    "note",
                    "cost_note",
                    "reason",
                ),
                "deferred_to": self.optional_release(row, "deferred_to"),
                "position": positions[row["release"]],
                # An approved item of a live release went live with it.
                "implemented_on": _implemented_on(self.release(row), row["inclusion"]),
            }

        self.upsert_all(
            "scope_items.csv",
            ScopeItem,
            lambda row: {
                "release": self.release(row),
                "modification": self.modification(row),
                **row.pick("part"),
            },
            values,
            bump_version=True,
        )

    def concurrent_programmes(self):
        self.upsert_all(
            "concurrent_programmes.csv",
            ConcurrentProgramme,
            lambda row: {"release": self.release(row), **row.pick("name")},
            lambda row: row.pick("description"),
        )

    def secas_costs(self):
        self.upsert_all(
            "secas_costs.csv",
            SecasCost,
            lambda row: {"release": self.release(row), **row.pick("activity")},
            lambda row: row.pick("effort_days", "amount", "is_maximum"),
        )

    def rid_narratives(self):
        self.upsert_all(
            "rid_narratives.csv",
            RidNarrative,
            lambda row: {"release": self.release(row)},
            lambda row: row.pick(*RID_NARRATIVE_FIELDS),
            bump_version=True,
        )

    def milestones(self):
        """The timelines. A rule row ("10 Working Days before UIT begins") names its anchor by the
        anchor's event; its date is derived from the anchor's, so anchors are written first."""
        filename = "milestones.csv"
        placed: list[tuple[Row, Release, int, int]] = []
        events: dict[tuple[str, str], list[Row]] = {}
        positions: Counter = Counter()
        occurrences: Counter = Counter()
        for row in self.rows(filename):
            release = self.release(row)
            positions[release.slug] += 1
            occurrence = occurrences[(release.slug, row["event"])]
            occurrences[(release.slug, row["event"])] += 1
            placed.append((row, release, positions[release.slug], occurrence))
            events.setdefault((release.slug, row["event"]), []).append(row)

        saved: dict[int, Milestone] = {}  # by the line of the row that defines it

        def anchor_row(row: Row, release: Release) -> Row | None:
            name = row["anchor"]
            if not name:
                return None
            candidates = events.get((release.slug, name), [])
            if not candidates:
                raise row.error(
                    "anchor", f"no milestone ‘{name}’ of {release.name} is in {filename}."
                )
            if len(candidates) > 1:
                lines = ", ".join(str(other.line) for other in candidates)
                raise row.error(
                    "anchor",
                    f"‘{name}’ names {len(candidates)} milestones of {release.name} "
                    f"(lines {lines}); anchor a rule on a milestone whose event is unique.",
                )
            return candidates[0]

        def write(row: Row, release: Release, position: int, occurrence: int):
            values = {
                **row.pick("kind", "responsible", "notes", "precision", "offset_working_days"),
                "position": position,
                "anchor": None,
            }
            date = _convert(row, Milestone, "date", row.cells["date"])
            source = anchor_row(row, release)
            if source is not None:
                anchor = saved[source.line]
                offset = _convert(
                    row, Milestone, "offset_working_days", row.cells["offset_working_days"]
                )
                if offset is None:
                    raise row.error(
                        "offset_working_days", "Say how many Working Days from the anchor."
                    )
                derived = add_working_days(anchor.date, offset) if anchor.date else None
                if date is not None and derived is not None and date != derived:
                    raise row.error(
                        "date",
                        f"the rule gives {_day(derived)}, not {_day(date)}; "
                        "leave the date empty or give the derived one.",
                    )
                date = derived
                values["anchor"] = anchor
            values["date"] = date
            saved[row.line] = self.upsert(
                row,
                Milestone,
                {"release": release, **row.pick("event")},
                values,
                occurrence=occurrence,
                bump_version=True,
            )

        pending = placed
        while pending:
            waiting = []
            for item in pending:
                row, release = item[0], item[1]
                source = anchor_row(row, release)
                if source is None or source.line in saved:
                    write(*item)
                else:
                    waiting.append(item)
            if len(waiting) == len(pending):
                raise waiting[0][0].error("anchor", "these rules anchor on each other in a circle.")
            pending = waiting

    def decision_rows(self):
        for _row, decision in self.upsert_all(
            "decisions.csv",
            Decision,
            lambda row: row.pick("body", "meeting_date", "paper_reference", "ask"),
            lambda row: {
                "release": self.optional_release(row, "release"),
                **row.pick("summary", "outcome", "published_on", "minutes"),
            },
        ):
            self.decisions[_decision_key(decision)] = decision

    def rid_baselines(self):
        """The RID versions the decisions baselined, each frozen and its PDF rendered here, once:
        a baseline already recorded is left as it is (never re-frozen or re-rendered), and a row
        that disagrees with it is refused, since a baseline never changes."""
        for row in self.rows("rid_baselines.csv"):
            release = self.release(row)
            key = (
                _convert(row, Decision, "body", row["decision_body"]),
                _convert(row, Decision, "meeting_date", row["decision_meeting_date"]),
                row["decision_paper_reference"],
                DecisionAsk.BASELINE,
            )
            decision = self.decisions.get(key)
            if decision is None or decision.release_id != release.pk:
                raise row.error(
                    "decision_paper_reference",
                    f"decisions.csv has no BASELINE decision of the {release.name} by "
                    f"{row['decision_body']} on {row['decision_meeting_date']} "
                    f"({row['decision_paper_reference']}).",
                )
            try:
                version = parse_version(row["version"])
            except ApplicationError as error:
                raise row.error("version", error.message) from None
            issued_on = _convert(row, RidBaseline, "issued_on", row["issued_on"])
            existing = release.rid_baselines.filter(version=version).first()
            if existing is not None:
                if (existing.issued_on, existing.changes, existing.decision_id) != (
                    issued_on,
                    row["changes"],
                    decision.pk,
                ):
                    raise row.error(
                        "changes",
                        f"{existing} is baselined with another date, text or decision; a "
                        "baseline never changes: add the change as a new version.",
                    )
                self.summary.tally(row.filename).unchanged += 1
                continue
            rid_baseline_record(
                decision=decision,
                version=version,
                changes=row["changes"],
                issued_on=issued_on,
                draft=self._draft_as_baselined(row, release),
            )
            self.summary.tally(row.filename).created += 1

    def _draft_as_baselined(self, row: Row, release: Release) -> dict:
        """The draft RID with the scope the version had: the data holds the release as it ended
        (June 2022: MP117 withdrawn, three document-only modifications added later), so the scope
        is put back to the row's `approved` and `targeted` references (every other item out of
        scope) inside a savepoint, snapshotted, and the savepoint rolled back: nothing written."""
        approved, targeted = row["approved"].split(), row["targeted"].split()
        if not approved and not targeted:
            return rid_snapshot(release)
        items = ScopeItem.objects.filter(release=release)
        known = set(items.values_list("modification__reference", flat=True))
        for column, references in (("approved", approved), ("targeted", targeted)):
            unknown = sorted(set(references) - known)
            if unknown:
                raise row.error(
                    column,
                    f"{', '.join(unknown)} has no row of the {release.name} in scope_items.csv.",
                )
        savepoint = transaction.savepoint()
        try:
            listed = [*approved, *targeted]
            items.filter(inclusion__in=IN_SCOPE).exclude(modification__reference__in=listed).update(
                inclusion=Inclusion.REMOVED, decision_cutoff=None
            )
            items.filter(modification__reference__in=approved).update(
                inclusion=Inclusion.APPROVED, decision_cutoff=None
            )
            items.filter(modification__reference__in=targeted).update(inclusion=Inclusion.TARGETED)
            return rid_snapshot(release)
        finally:
            transaction.savepoint_rollback(savepoint)

    def readiness_statements(self):
        self.upsert_all(
            "readiness_statements.csv",
            ReadinessStatement,
            lambda row: {"criterion": self.criterion(row), **row.pick("version")},
            lambda row: row.pick("text"),
        )

    def group_views(self):
        self.upsert_all(
            "group_views.csv",
            GroupView,
            lambda row: {"criterion": self.criterion(row), **row.pick("version")},
            lambda row: row.pick("group", "rag", "meeting_date", "text", "qualification"),
        )

    def testing_issue_counts(self):
        self.upsert_all(
            "testing_issue_counts.csv",
            TestingIssueCount,
            lambda row: {"release": self.release(row), **row.pick("phase", "severity", "as_of")},
            lambda row: row.pick("outstanding", "closed"),
        )

    def testing_exclusions(self):
        self.upsert_all(
            "testing_exclusions.csv",
            TestingExclusion,
            lambda row: {"release": self.release(row), **row.pick("phase", "agreed_on")},
            lambda row: row.pick("count", "reason"),
            repeatable=True,
        )

    def regression_results(self):
        self.upsert_all(
            "regression_results.csv",
            RegressionResult,
            lambda row: {"release": self.release(row), **row.pick("as_of")},
            lambda row: row.pick(
                "required_pass_rate", "achieved_pass_rate", "failed_tests", "notes"
            ),
        )

    def residual_risks(self):
        self.upsert_all(
            "residual_risks.csv",
            ResidualRisk,
            lambda row: {"release": self.release(row), **row.pick("title")},
            lambda row: row.pick("level", "owner", "raised_by", "description", "mitigation"),
        )

    def go_no_go_decisions(self):
        def decision(row: Row) -> Decision | None:
            # The decision the same body took on the same day, on the paper, for the ask named.
            if not row["decision_ask"]:
                return None
            decided_on = _convert(row, GoNoGoDecision, "decided_on", row.cells["decided_on"])
            wanted = (row["body"], decided_on, row["paper_reference"], row["decision_ask"])
            try:
                return self.decisions[wanted]
            except KeyError:
                on = _day(decided_on) if decided_on else "that day"
                raise row.error(
                    "decision_ask",
                    f"no {row['decision_ask']} decision of the {row['body']} on {on} "
                    f"(paper ‘{row['paper_reference']}’) is defined in decisions.csv.",
                ) from None

        self.upsert_all(
            "go_no_go_decisions.csv",
            GoNoGoDecision,
            lambda row: {"release": self.release(row)},
            lambda row: {
                "decision": decision(row),
                **row.pick(
                    "body",
                    "decided_on",
                    "outcome",
                    "opsg_recommendation",
                    "tag_recommendation",
                    "recommendations",
                ),
            },
        )

    # -- what went live: designations and release notes --------------------------------------

    def designation(self, row: Row, column: str = "designation") -> Designation:
        return self._lookup(row, column, self.designations, "designation", "designations.csv")

    def note(self, row: Row) -> ReleaseNote:
        return self._lookup(row, "release", self.notes, "release note", "release_notes.csv")

    def designation_rows(self):
        for row, designation in self.upsert_all(
            "designations.csv",
            Designation,
            lambda row: {"reference": row["reference"]},
            lambda row: {
                **row.pick("title", "designated_by", "designated_on", "summary", "changes", "url"),
                "release": self.optional_release(row, "release"),
            },
        ):
            self.designations[row["reference"]] = designation

    def designated_documents(self):
        self.upsert_all(
            "designated_documents.csv",
            DesignatedDocument,
            lambda row: {"designation": self.designation(row), "document": self.document(row)},
            lambda row: row.pick("new_version"),
        )

    def release_notes(self):
        def values(row: Row) -> dict:
            published = row["status"] == "PUBLISHED"
            dated = _convert(row, ReleaseNote, "dated", row.cells["dated"])
            if published and dated is None:
                raise row.error("dated", "a published note needs its date.")
            return {
                **row.pick(
                    "title",
                    "dated",
                    "introduction",
                    "redlining",
                    "redlining_url",
                    "further_information",
                    "status",
                ),
                # The SEC published each note on its go-live day; the time is a convention.
                "published_at": datetime.datetime.combine(
                    dated, NOTES_PUBLISHED_AT, tzinfo=zoneinfo.ZoneInfo("Europe/London")
                )
                if published
                else None,
            }

        for row, note in self.upsert_all(
            "release_notes.csv",
            ReleaseNote,
            lambda row: {"release": self.release(row)},
            values,
            bump_version=True,
        ):
            if note.is_published and note.release.status != ReleaseStatus.LIVE:
                raise row.error(
                    "status", f"{note.release.name} is not live: its note cannot be published."
                )
            self.notes[row["release"]] = note

    def release_note_items(self):
        positions: Counter = Counter()

        def key(row: Row) -> dict:
            return {
                "note": self.note(row),
                "modification": self.modification(row) if row["modification"] else None,
                "designation": self.designation(row) if row["designation"] else None,
                **row.pick("part"),
            }

        def values(row: Row) -> dict:
            positions[row["release"]] += 1
            return {**row.pick("summary"), "position": positions[row["release"]]}

        self.upsert_all("release_note_items.csv", ReleaseNoteItem, key, values)

    def release_note_documents(self):
        positions: Counter = Counter()

        def values(row: Row) -> dict:
            positions[row["release"]] += 1
            return {
                **row.pick("on_codeworks", "by_modification", "by_designation", "version"),
                "position": positions[row["release"]],
            }

        for row, entry in self.upsert_all(
            "release_note_documents.csv",
            ReleaseNoteDocument,
            lambda row: {"note": self.note(row), "document": self.document(row)},
            values,
        ):
            if not entry.version:
                continue  # a Technical Specification whose version the documents do not give
            release = entry.note.release
            if release.actual_go_live is None:
                raise row.error("version", f"{release.name} has no go-live date to date it from.")
            # The Document Log entry the note implies: this version, from the go-live, by it.
            log_row = Row(NOTE_LOG_LABEL, row.line, row.cells)
            self.upsert(
                log_row,
                DocumentVersion,
                {"document": entry.document, "version": entry.version},
                {"effective_from": release.actual_go_live, "release": release},
            )


def _implemented_on(release: Release, inclusion: str) -> datetime.date | None:
    if release.status == ReleaseStatus.LIVE and inclusion == Inclusion.APPROVED:
        return release.actual_go_live
    return None


def _once(row: Row, seen: dict, key, column: str, what: str) -> None:
    """Refuse a second row with the same key in a file."""
    if key in seen:
        raise row.error(column, f"{what} is already defined on line {seen[key]}.")
    seen[key] = row.line


def _decision_key(decision: Decision) -> tuple:
    return (decision.body, decision.meeting_date, decision.paper_reference, decision.ask)


def _day(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _assign(instance: models.Model, values: dict) -> bool:
    """Set `values` on `instance`; True when any of them differs from what it held."""
    changed = False
    for name, value in values.items():
        model_field = instance._meta.get_field(name)
        if model_field.is_relation:
            new_id = value.pk if value is not None else None
            if getattr(instance, model_field.attname) != new_id:
                changed = True
            setattr(instance, name, value)  # also caches the related row for clean()
        elif getattr(instance, model_field.attname) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def load(data_dir: Path | str | None = None) -> Summary:
    """Load every reference file in one transaction; raise MalformedRow and write nothing if
    any row is refused."""
    loader = _Loader(Path(data_dir) if data_dir else DATA_DIR)
    with transaction.atomic():
        return loader.load()
