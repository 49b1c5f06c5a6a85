import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction

from releases.reference import DATA_DIR


def run_loader(data_dir: Path | None = None) -> str:
    """Run `load_sec_history` and return what it printed."""
    out = StringIO()
    args = ["--data-dir", str(data_dir)] if data_dir else []
    call_command("load_sec_history", *args, stdout=out)
    return out.getvalue()


def table_counts() -> dict[str, int]:
    """The row count of every model's table, the history tables included."""
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def edit(path: Path, old: str, new: str) -> None:
    """Replace the one occurrence of `old` in the file."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_starting(path: Path, prefix: str) -> int:
    """The number of the one line of the file that starts with `prefix`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [n for n, line in enumerate(lines, start=1) if line.startswith(prefix)]
    assert len(found) == 1, f"{prefix!r} starts lines {found} of {path.name}"
    return found[0]


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A copy of the reference data that a test may break."""
    return Path(shutil.copytree(DATA_DIR, tmp_path / "reference_data"))


@pytest.fixture(scope="module")
def sec_history(django_db_setup, django_db_blocker):
    """The reference data, loaded once for the whole module and rolled back after its last test.

    Each test still runs in its own savepoint (`django_db`), so what a test writes is undone too.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            output = run_loader()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield output
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
