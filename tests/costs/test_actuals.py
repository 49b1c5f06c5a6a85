"""Reporting actuals: who may, what is refused (naming the field, writing nothing), corrections."""

import datetime
from decimal import Decimal

import pytest

from core.errors import ApplicationError
from costs.models import CostActual
from costs.services import cost_actual_report
from releases.choices import Inclusion, ReleaseStatus
from tests.factories import (
    DccCostFactory,
    ModificationFactory,
    ReleaseFactory,
    ScopeItemFactory,
    SecasCostFactory,
)

pytestmark = pytest.mark.django_db

ON = datetime.date(2022, 9, 30)


@pytest.fixture(autouse=True)
def _autumn_2022(time_machine):
    time_machine.move_to(datetime.datetime(2022, 10, 3, 12, 0))


@pytest.fixture
def live():
    """A live release with one DCC-impacting modification estimated per stage, one estimated as
    a whole, a document-only one, one removed, a split one counted elsewhere, a SECAS line."""
    release = ReleaseFactory(
        slug="june-2031", status=ReleaseStatus.LIVE, actual_go_live=datetime.date(2022, 6, 30)
    )
    staged = ModificationFactory(reference="MP401", impacts_dcc_systems=True)
    DccCostFactory(modification=staged, stage="DESIGN_BUILD_PIT", low=100, high=200)
    whole = ModificationFactory(reference="MP402", impacts_dcc_systems=True)
    DccCostFactory(modification=whole, stage="IMPLEMENTATION_WHOLE", low=300, high=350)
    ScopeItemFactory(release=release, modification=staged)
    ScopeItemFactory(release=release, modification=whole)
    ScopeItemFactory(release=release, modification=ModificationFactory(reference="MP403"))
    ScopeItemFactory(
        release=release,
        modification=ModificationFactory(reference="MP404", impacts_dcc_systems=True),
        inclusion=Inclusion.REMOVED,
        reason="Withdrawn.",
    )
    ScopeItemFactory(
        release=release,
        modification=ModificationFactory(reference="MP405", impacts_dcc_systems=True),
        part="DUIS only",
        cost_note="Costs are shown in the November release.",
    )
    SecasCostFactory(release=release, amount=3000)
    return release


@pytest.fixture
def dcc(user_with_role):
    return user_with_role("dcc")


@pytest.fixture
def secas(user_with_role):
    return user_with_role("secas")


def _mod(reference):
    from modifications.models import Modification

    return Modification.objects.get(reference=reference)


def _dcc(release, actor, **changes):
    args = {
        "release": release,
        "modification": _mod("MP401"),
        "stage": "DESIGN_BUILD_PIT",
        "amount": Decimal("150"),
        "reported_on": ON,
        "actor": actor,
    }
    return cost_actual_report(**{**args, **changes})


def test_the_dcc_reports_and_history_records_it(live, dcc):
    actual, created = _dcc(live, dcc)

    assert created
    assert (actual.reported_by, actual.amount, actual.recorded_by) == ("DCC", 150, dcc)
    assert actual.history.get().history_user == dcc


def test_a_correction_replaces_the_figure_and_keeps_the_old_one_in_history(live, dcc):
    _dcc(live, dcc)

    actual, created = _dcc(live, dcc, amount=Decimal("180"), correction=True, note="Invoice.")

    assert not created
    assert CostActual.objects.count() == 1
    assert actual.amount == 180
    assert [h.amount for h in actual.history.order_by("history_date")] == [150, 180]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"amount": Decimal("-1")}, "amount", "cannot be negative"),
        ({"amount": Decimal("10.50")}, "amount", "whole pounds"),
        ({"amount": None}, "amount", "amount"),
        ({"reported_on": datetime.date(2022, 6, 29)}, "reported_on", "went live on 30 June 2022"),
        ({"reported_on": datetime.date(2022, 10, 4)}, "reported_on", "in the future"),
        ({"reported_on": None}, "reported_on", "date"),
        ({"modification": "MP404"}, "modification", "MP404 is not in the June 2031"),
        ({"modification": "MP403"}, "modification", "does not impact DCC Systems"),
        ({"modification": "MP405"}, "modification", "shown in the November release"),
        ({"modification": "MP406"}, "modification", "MP406 is not in"),
        ({"stage": "TESTING"}, "stage", "not a DCC cost stage"),
        ({"stage": ""}, "stage", "not a DCC cost stage"),
        ({"stage": "IMPLEMENTATION_WHOLE"}, "stage", "stage by stage"),
        ({"modification": "MP402", "stage": "SIT"}, "stage", "one figure for the whole"),
        ({"correction": True, "note": "x"}, "correction", "nothing to correct"),
    ],
)
def test_each_bad_input_is_refused_naming_the_field(live, dcc, changes, field, words):
    ModificationFactory(reference="MP406", impacts_dcc_systems=True)
    if "modification" in changes:
        changes["modification"] = _mod(changes["modification"])

    with pytest.raises(ApplicationError) as refused:
        _dcc(live, dcc, **changes)

    assert refused.value.field == field
    assert words in refused.value.message
    assert CostActual.objects.count() == 0
    assert CostActual.history.count() == 0


def test_a_duplicate_is_refused_unless_sent_as_a_correction_with_a_note(live, dcc):
    _dcc(live, dcc)

    with pytest.raises(ApplicationError) as duplicate:
        _dcc(live, dcc, amount=Decimal("170"))
    with pytest.raises(ApplicationError) as no_note:
        _dcc(live, dcc, amount=Decimal("170"), correction=True)

    assert duplicate.value.field == "stage"
    assert "DCC reported £150 for MP401 Design, Build & PIT on 30 September 2022" in (
        duplicate.value.message
    )
    assert no_note.value.field == "note"
    assert list(CostActual.objects.values_list("amount", flat=True)) == [150]
    assert CostActual.history.count() == 1


@pytest.mark.parametrize(
    "status", [ReleaseStatus.PLANNING, ReleaseStatus.GO_NO_GO, ReleaseStatus.CANCELLED]
)
def test_actuals_for_a_release_not_live_are_refused(live, dcc, secas, status):
    live.status, live.actual_go_live = status, None
    live.save()

    with pytest.raises(ApplicationError) as refused:
        _dcc(live, dcc)
    with pytest.raises(ApplicationError) as secas_refused:
        cost_actual_report(
            release=live,
            secas_cost=live.secas_costs.get(),
            amount=Decimal("10"),
            reported_on=ON,
            actor=secas,
        )

    assert refused.value.field == secas_refused.value.field == "release"
    assert "is not live" in refused.value.message
    assert "actual costs are reported after go-live" in refused.value.message
    assert CostActual.objects.count() == 0


def test_secas_reports_its_lines_only_and_only_its_own_release(live, secas, dcc):
    line = live.secas_costs.get()
    other_line = SecasCostFactory(release=ReleaseFactory(slug="june-2032"))

    actual, _ = cost_actual_report(
        release=live, secas_cost=line, amount=Decimal("2800"), reported_on=ON, actor=secas
    )
    with pytest.raises(ApplicationError) as elsewhere:
        cost_actual_report(
            release=live, secas_cost=other_line, amount=Decimal("1"), reported_on=ON, actor=secas
        )

    assert (actual.reported_by, actual.stage, actual.modification) == ("SECAS", "", None)
    assert elsewhere.value.field == "secas_cost"
    assert CostActual.objects.count() == 1


@pytest.mark.parametrize("role", ["secas", "panel", "csc", "opsg", "tag", "auditor"])
def test_only_the_dcc_reports_the_dccs_costs(live, user_with_role, role):
    with pytest.raises(ApplicationError) as refused:
        _dcc(live, user_with_role(role))

    assert refused.value.status == 403
    assert CostActual.objects.count() == 0


@pytest.mark.parametrize("role", ["dcc", "panel", "csc", "opsg", "tag", "auditor"])
def test_only_secas_reports_secas_costs(live, user_with_role, role):
    with pytest.raises(ApplicationError) as refused:
        cost_actual_report(
            release=live,
            secas_cost=live.secas_costs.get(),
            amount=Decimal("1"),
            reported_on=ON,
            actor=user_with_role(role),
        )

    assert refused.value.status == 403
    assert CostActual.objects.count() == 0


def test_the_database_refuses_a_second_figure_for_one_line(live):
    from django.db import IntegrityError, transaction

    from tests.factories import CostActualFactory

    CostActualFactory(release=live, modification=_mod("MP401"))
    with pytest.raises(IntegrityError), transaction.atomic():
        CostActualFactory(release=live, modification=_mod("MP401"))


def test_the_report_shows_the_figure_a_correction_replaced(live, dcc, client, user_with_role):
    _dcc(live, dcc)
    _dcc(
        live,
        dcc,
        amount=Decimal("180"),
        reported_on=datetime.date(2022, 10, 3),
        correction=True,
        note="The final invoice.",
    )
    client.force_login(user_with_role("panel"))

    page = client.get("/releases/june-2031/costs/").content.decode()

    assert "£180" in page
    assert "The final invoice." in page
    assert "£150 (30 September 2022)" in page
