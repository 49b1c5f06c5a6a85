"""The database's guard on RID baselines: triggers that refuse any UPDATE or DELETE of a baseline
row, whoever sends it (the ORM, the admin, a raw SQL client), except the render's one fill of
`pdf` and `pdf_sha256` from empty.

SQLite has no session settings, so its DELETE trigger asks a function that only this project's
connections define (`secrelease_rid_unlocked()`): a client that is not Django fails on the missing
function, and Django's connections answer "no" except inside `baselines_unlocked()`, which only
`manage.py flush` (emptying a whole database, as the test suite does) uses. PostgreSQL's flush
is a TRUNCATE, which row triggers do not see, so it needs no such door.
"""

import contextlib
import threading

from django.db.backends.signals import connection_created

TABLE = "releases_ridbaseline"
MESSAGE = "A RID baseline is frozen: a change means a new version, never an edit."
# Every column but pdf and pdf_sha256: none of them may change, even while the PDF is filled.
# Each migration that makes the triggers names the columns of its own time (a trigger naming a
# column the table does not have yet breaks SQLite's next ALTER TABLE): a new column means a new
# tuple here and a migration that drops and makes the triggers again over it.
COLUMNS_0004 = (
    "id",
    "release_id",
    "version",
    "issued_on",
    "changes",
    "snapshot",
    "decision_id",
    "baselined_by_id",
    "baselined_at",
)
# Migration 0005 (the review of a draft) added its counts and override.
COLUMNS_0005 = (
    *COLUMNS_0004,
    "comments_raised",
    "comments_resolved",
    "override_reason",
    "override_by_id",
)
FROZEN_COLUMNS = COLUMNS_0005


def sqlite_create(columns: tuple[str, ...]) -> list[str]:
    fill_only = " AND ".join(
        ["OLD.pdf = ''", "OLD.pdf_sha256 = ''", "NEW.pdf <> ''", "NEW.pdf_sha256 <> ''"]
        + [f"NEW.{column} IS OLD.{column}" for column in columns]
    )
    return [
        f"""CREATE TRIGGER {TABLE}_frozen_update BEFORE UPDATE ON {TABLE} FOR EACH ROW
    WHEN NOT ({fill_only})
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
        f"""CREATE TRIGGER {TABLE}_frozen_delete BEFORE DELETE ON {TABLE} FOR EACH ROW
    WHEN NOT secrelease_rid_unlocked()
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    ]


SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_frozen_update",
    f"DROP TRIGGER IF EXISTS {TABLE}_frozen_delete",
]

POSTGRESQL_CREATE = [
    f"""CREATE OR REPLACE FUNCTION {TABLE}_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE'
           AND OLD.pdf = '' AND OLD.pdf_sha256 = '' AND NEW.pdf <> '' AND NEW.pdf_sha256 <> ''
           AND (to_jsonb(NEW) - 'pdf' - 'pdf_sha256') = (to_jsonb(OLD) - 'pdf' - 'pdf_sha256')
        THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation';
    END
    $$""",
    f"""CREATE TRIGGER {TABLE}_frozen BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION {TABLE}_frozen()""",
]
POSTGRESQL_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_frozen ON {TABLE}",
    f"DROP FUNCTION IF EXISTS {TABLE}_frozen()",
]

_state = threading.local()


@contextlib.contextmanager
def baselines_unlocked():
    """Let this thread's SQLite connections delete baseline rows (flush only)."""
    _state.unlocked = True
    try:
        yield
    finally:
        _state.unlocked = False


def _unlocked() -> int:
    return 1 if getattr(_state, "unlocked", False) else 0


def register_sqlite_function(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("secrelease_rid_unlocked", 0, _unlocked)


def connect() -> None:
    connection_created.connect(register_sqlite_function, dispatch_uid="secrelease_rid_unlocked")


def create_triggers(apps, schema_editor, *, columns: tuple[str, ...]):
    """The triggers over `columns` (PostgreSQL's compare the whole row, whatever its columns)."""
    vendor = schema_editor.connection.vendor
    sqlite = sqlite_create(columns)
    statements = {"sqlite": sqlite, "postgresql": POSTGRESQL_CREATE}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def create_triggers_0004(apps, schema_editor):
    """The triggers as migration 0004 made them (unapplying 0005 puts them back)."""
    create_triggers(apps, schema_editor, columns=COLUMNS_0004)


def create_triggers_0005(apps, schema_editor):
    create_triggers(apps, schema_editor, columns=COLUMNS_0005)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)
