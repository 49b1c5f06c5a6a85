import datetime

import pytest

from core.errors import ApplicationError
from releases.choices import DatePrecision, MilestoneKind
from releases.models import Milestone
from releases.services import milestone_save
from tests.factories import MilestoneFactory, ReleaseFactory, UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def _rule(anchor, offset, event, kind=MilestoneKind.OTHER):
    return Milestone(
        release=anchor.release,
        kind=kind,
        event=event,
        responsible="TEST_PARTICIPANTS",
        anchor=anchor,
        offset_working_days=offset,
    )


def test_a_rule_derives_its_date_from_its_anchor():
    uit = MilestoneFactory(event="UIT commences", date=D(2022, 5, 19))

    plans = milestone_save(
        milestone=_rule(uit, -10, "Regression testing plans", MilestoneKind.REGRESSION_PLANS_DUE),
        actor=UserFactory(),
    )

    assert plans.date == D(2022, 5, 5)
    assert plans.rule_display == "10 Working Days before ‘UIT commences’"


def test_when_the_anchor_moves_every_milestone_ruled_by_it_follows():
    secas = UserFactory()
    closes = MilestoneFactory(event="UIT window closes", date=D(2022, 6, 29))
    results = milestone_save(milestone=_rule(closes, -5, "Regression results"), actor=secas)
    reminder = milestone_save(milestone=_rule(results, -1, "Chase results"), actor=secas)
    assert (results.date, reminder.date) == (D(2022, 6, 22), D(2022, 6, 21))

    closes.date = D(2022, 6, 8)
    milestone_save(milestone=closes, actor=secas)

    results.refresh_from_db()
    reminder.refresh_from_db()
    # Five Working Days before 8 June 2022 skips the Jubilee bank holidays (2 and 3 June).
    assert results.date == D(2022, 5, 30)
    assert reminder.date == D(2022, 5, 27)
    assert results.history.first().history_user == secas


def test_a_rule_that_refers_to_itself_is_refused():
    milestone = MilestoneFactory(date=D(2022, 5, 19))
    milestone.anchor = milestone
    milestone.offset_working_days = -1

    with pytest.raises(ApplicationError) as refused:
        milestone_save(milestone=milestone, actor=UserFactory())

    assert refused.value.field == "anchor"
    assert refused.value.message == "A milestone's rule cannot refer to itself."
    milestone.refresh_from_db()
    assert milestone.anchor is None


def test_a_cycle_of_rules_is_refused():
    secas = UserFactory()
    first = MilestoneFactory(date=D(2022, 5, 19))
    second = milestone_save(milestone=_rule(first, 5, "Second"), actor=secas)
    first.anchor, first.offset_working_days = second, 1

    with pytest.raises(ApplicationError) as refused:
        milestone_save(milestone=first, actor=secas)

    assert refused.value.message == "This rule would make the milestone depend on itself."


def test_a_rule_needs_an_anchor_in_the_same_release():
    anchor = MilestoneFactory(date=D(2022, 5, 19))
    other = Milestone(
        release=ReleaseFactory(),
        event="Elsewhere",
        responsible="DCC",
        anchor=anchor,
        offset_working_days=-1,
    )

    with pytest.raises(ApplicationError) as refused:
        milestone_save(milestone=other, actor=UserFactory())

    assert refused.value.message == "The anchor must be a milestone of the same release."
    assert Milestone.objects.count() == 1


def test_a_rule_whose_anchor_is_deleted_is_reported_broken_not_lost():
    uit = MilestoneFactory(date=D(2022, 5, 19))
    plans = milestone_save(milestone=_rule(uit, -10, "Plans"), actor=UserFactory())

    uit.delete()

    plans.refresh_from_db()
    assert plans.rule_is_broken
    assert plans.date == D(2022, 5, 5)
    assert plans.rule_display == "10 Working Days before ‘a deleted milestone’"


def test_month_only_dates_read_as_the_rid_prints_them():
    assert MilestoneFactory(date=D(2021, 10, 1), precision=DatePrecision.MONTH).display_date == (
        "Oct 2021"
    )
    assert MilestoneFactory(date=D(2021, 6, 18)).display_date == "18 Jun 2021"
