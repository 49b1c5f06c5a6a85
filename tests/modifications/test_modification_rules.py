import datetime

import pytest

from core.errors import ApplicationError
from core.services import validated_save
from modifications.choices import Phase
from modifications.models import DccCost, Modification
from modifications.services import (
    modification_change_phase,
    modification_create,
    status_update_post,
)
from tests.factories import DccCostFactory, ModificationFactory, StatusUpdateFactory, UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize("reference", ["MP1", "XP104", "MP104AB", "SECMP00155", "MP 104", "DP15"])
def test_a_malformed_reference_is_refused_with_the_rule(reference):
    actor = UserFactory()

    with pytest.raises(ApplicationError) as refused:
        modification_create(reference=reference, title="Security Improvements", actor=actor)

    assert refused.value.field == "reference"
    assert "DP, MP or SECMP" in refused.value.message
    assert not Modification.objects.exists()


@pytest.mark.parametrize("reference", ["MP104", "MP134A", "SECMP0015", "DP157"])
def test_well_formed_references_are_accepted(reference):
    modification = modification_create(reference=reference, title="A title", actor=UserFactory())

    assert Modification.objects.get().reference == reference
    assert modification.phase == Phase.DEVELOPMENT


def test_a_reference_typed_in_lower_case_is_stored_as_the_papers_write_it():
    modification_create(reference=" mp134a ", title="Use of SMKI Certificates", actor=UserFactory())

    assert Modification.objects.get().reference == "MP134A"


def test_withdrawn_to_approved_is_refused_and_says_what_is_allowed():
    modification = ModificationFactory(
        reference="MP117", phase=Phase.WITHDRAWN, withdrawn_on=D(2021, 6, 9)
    )

    with pytest.raises(ApplicationError) as refused:
        modification_change_phase(
            modification=modification, phase=Phase.APPROVED, actor=UserFactory()
        )

    assert refused.value.field == "phase"
    assert refused.value.message == (
        "A proposal cannot move from Withdrawn to Approved. Allowed from Withdrawn: Refinement."
    )
    modification.refresh_from_db()
    assert modification.phase == Phase.WITHDRAWN
    assert modification.history.count() == 1


def test_a_withdrawal_opens_a_ten_working_day_referral_period():
    modification = ModificationFactory(reference="MP117", phase=Phase.REFINEMENT)

    modification_change_phase(
        modification=modification, phase=Phase.WITHDRAWN, on=D(2021, 6, 9), actor=UserFactory()
    )

    modification.refresh_from_db()
    assert modification.withdrawn_on == D(2021, 6, 9)
    assert modification.referral_period_ends == D(2021, 6, 23)


def test_a_referral_period_spanning_a_bank_holiday_ends_a_day_later():
    # Withdrawn on Tuesday 24 May 2022: the Jubilee bank holidays (2, 3 June) fall inside.
    modification = ModificationFactory(phase=Phase.WITHDRAWN, withdrawn_on=D(2022, 5, 24))

    assert modification.referral_period_ends == D(2022, 6, 9)


def test_converting_a_draft_proposal_keeps_its_dp_reference_findable():
    draft = ModificationFactory(reference="DP157", phase=Phase.DEVELOPMENT)

    modification_change_phase(modification=draft, phase=Phase.REPORT, actor=UserFactory())

    converted = Modification.objects.get(former_reference="DP157")
    assert converted.reference == "MP157"
    assert converted.phase == Phase.REPORT


def test_a_phase_change_is_kept_in_history_with_who_made_it():
    secas = UserFactory(username="analyst")
    modification = ModificationFactory(phase=Phase.DECISION)

    modification_change_phase(
        modification=modification, phase=Phase.APPROVED, on=D(2021, 10, 1), actor=secas
    )

    latest, previous = modification.history.all()[:2]
    assert (previous.phase, latest.phase) == (Phase.DECISION, Phase.APPROVED)
    assert latest.history_user == secas
    assert latest.approved_on == D(2021, 10, 1)


def test_a_stale_edit_is_refused_rather_than_overwriting():
    modification = ModificationFactory(phase=Phase.REFINEMENT)
    seen_version = modification.version
    modification_change_phase(
        modification=modification,
        phase=Phase.REPORT,
        actor=UserFactory(),
        expected_version=seen_version,
    )

    with pytest.raises(ApplicationError) as refused:
        modification_change_phase(
            modification=modification,
            phase=Phase.WITHDRAWN,
            actor=UserFactory(),
            expected_version=seen_version,
        )

    assert refused.value.status == 409
    modification.refresh_from_db()
    assert modification.phase == Phase.REPORT


def test_the_latest_status_update_is_the_narrative_papers_show():
    modification = ModificationFactory()
    StatusUpdateFactory(modification=modification, as_of=D(2021, 6, 11), text="Older")

    status_update_post(
        modification=modification,
        text="The DCC completed its Impact Assessment on 7 June 2021.",
        as_of=D(2021, 7, 1),
        actor=UserFactory(),
    )

    assert modification.status_updates.latest().text.startswith("The DCC completed")


def test_an_empty_status_update_is_refused():
    modification = ModificationFactory()

    with pytest.raises(ApplicationError) as refused:
        status_update_post(modification=modification, text="   ", actor=UserFactory())

    assert refused.value.field == "text"
    assert not modification.status_updates.exists()


def test_a_cost_range_must_run_low_to_high():
    cost = DccCostFactory.build(modification=ModificationFactory(), low=350000, high=151000)

    with pytest.raises(ApplicationError) as refused:
        validated_save(cost)

    assert "low end first" in refused.value.message
    assert not DccCost.objects.exists()


def test_a_cost_reads_as_the_rid_prints_it():
    assert DccCostFactory(low=300000, high=350000).display == "£300,000 – £350,000"
    assert DccCostFactory(low=None, high=None).display == "TBC"
