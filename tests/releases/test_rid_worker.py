"""Rendering a baseline's PDF through a real Celery worker (Redis database 12), twice = once."""

from decimal import Decimal

import pytest
from django.core.files.storage import default_storage

from core.pdf import sha256_hex
from releases.models import RidBaseline
from tests.factories import RidBaselineFactory
from tests.notifications.test_worker import _send, _wait_for, broker, processes  # noqa: F401
from tests.releases.rid_helpers import release_to_baseline

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("broker", [12], indirect=True)
@pytest.mark.usefixtures("broker")
def test_a_real_worker_renders_the_pdf_and_stores_its_sha_once(request):
    url, start = request.getfixturevalue("broker"), request.getfixturevalue("processes")
    baseline = RidBaselineFactory(release=release_to_baseline(), version=Decimal("1.0"))
    # Storage names a second file of the same name "june-2031-rid-v1_<random>.0-...": the
    # prefix covers both, whichever render wins.
    stem = "june-2031-rid-v1"
    for name in _files("rid", stem):  # earlier runs' files: this test counts its own
        default_storage.delete(f"rid/{name}")
    worker = start("worker", "rid", "--concurrency=2")
    # Sent twice (a redelivery, or a second click): two renders race, one file is kept.
    _send(url, "releases.tasks.render_rid_baseline", baseline_id=baseline.pk)
    _send(url, "releases.tasks.render_rid_baseline", baseline_id=baseline.pk)

    _wait_for(
        lambda: RidBaseline.objects.filter(pk=baseline.pk).exclude(pdf_sha256="").exists(),
        timeout=120,
        what="the PDF",
        logs=[worker.log_path],
    )
    _wait_for(
        lambda: worker.log_path.read_text().count("succeeded") >= 2,
        timeout=60,
        what="both tasks to finish",
        logs=[worker.log_path],
    )

    baseline.refresh_from_db()
    with default_storage.open(baseline.pdf.name, "rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF")
    assert sha256_hex(data) == baseline.pdf_sha256
    log = worker.log_path.read_text()
    assert "Traceback" not in log
    assert baseline.pdf.name.endswith(f"-{baseline.pdf_sha256[:12]}.pdf")
    assert _files("rid", stem) == [baseline.pdf.name.removeprefix("rid/")]  # the loser's deleted


def _files(folder: str, prefix: str) -> list[str]:
    if not default_storage.exists(folder):
        return []
    return sorted(f for f in default_storage.listdir(folder)[1] if f.startswith(prefix))
