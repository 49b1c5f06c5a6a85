import datetime

import pytest
from django.core.files.base import ContentFile

from acceptance.models import AcceptanceCriterion
from audit.services import auditor_appoint
from releases.models import Release
from tests.factories import ReadinessStatementFactory, TadFactory, TestingIssueCountFactory
from tests.reference.conftest import sec_history  # noqa: F401  (the loaded reference data)

JUNE = "june-2022"
NOVEMBER = "november-2021"
TAD_BYTES = b"%PDF-1.4 the June TAD"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def panel(user_with_role):
    return user_with_role("panel")


@pytest.fixture
def make_auditor(django_user_model, panel):
    """A user appointed by the Panel to `slug` (from 1 January 2022, until revoked)."""

    def make(slug=JUNE, username="ext-auditor", **dates):
        user = django_user_model.objects.filter(username=username).first()
        user = user or django_user_model.objects.create_user(username, password="pw")
        auditor_appoint(
            release=Release.objects.get(slug=slug),
            username=username,
            starts_on=dates.get("starts_on", datetime.date(2022, 1, 1)),
            ends_on=dates.get("ends_on"),
            decision_reference="SECP_104_2801_22",
            actor=panel,
        )
        return user

    return make


@pytest.fixture
def auditor(make_auditor):
    return make_auditor()


@pytest.fixture
def material():
    """What is never public, for June 2022 and November 2021: a TAD with its document, a DCC
    readiness statement and testing evidence (the reference data has no TAD)."""
    made = {}
    for slug in (JUNE, NOVEMBER):
        release = Release.objects.get(slug=slug)
        tad = TadFactory(release=release, version=1)
        tad.attachment.save(f"{slug}-tad-v1.pdf", ContentFile(TAD_BYTES), save=True)
        criterion = AcceptanceCriterion.objects.get(
            release=release, criterion_set="OPERATIONAL", number=1
        )
        statement = ReadinessStatementFactory(
            criterion=criterion, version=99, text=f"The DCC is ready for the {release.name}."
        )
        TestingIssueCountFactory(release=release, outstanding=7, as_of=datetime.date(2020, 1, 2))
        made[slug] = {
            "release": release,
            "tad": tad,
            "criterion": criterion,
            "statement": statement,
        }
    return made
