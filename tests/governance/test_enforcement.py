"""The policy enforced where the product writes: no scope change or RID baseline inside a
release's notice period without a Panel exception (D10.15), no go-live inside a change freeze
(D10.8). Each refusal names the policy version and the date, and writes nothing."""

import datetime

import pytest
import time_machine
from django.test import TestCase

from core.errors import ApplicationError
from core.workdays import add_working_days
from governance.choices import ExceptionCovers
from governance.rules import check_notice_period, in_notice_period, notice_period_start
from governance.selectors import policy_in_effect
from governance.services import panel_exception_record
from modifications.models import DocumentVersion
from releases.choices import Inclusion, ReleaseStatus
from releases.models import Decision, RidBaseline, ScopeItem
from releases.rid.baselines import rid_baseline_create
from releases.services import release_set_live, scope_item_add, scope_item_move, scope_item_remove
from tests.factories import ModificationFactory, ReleaseFactory, ScopeItemFactory
from tests.governance.factories import (
    FreezeWindowFactory,
    PanelExceptionFactory,
    PolicyVersionFactory,
)
from tests.publication.conftest import world_state
from tests.releases.rid_helpers import BASELINE_INPUT, release_to_baseline

pytestmark = pytest.mark.django_db
D = datetime.date

# June 2031 goes live on Thursday 26 June 2031. With a notice period of 10 Working Days, Thursday
# 12 June still has 10 before it (13 to 26 June): the period begins on Friday 13 June.
GO_LIVE = D(2031, 6, 26)
LAST_FREE_DAY = D(2031, 6, 12)
PERIOD_BEGINS = D(2031, 6, 13)


def on(day: datetime.date):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 12, 0), tick=False)


def scope_rows():
    return (ScopeItem.objects.count(), ScopeItem.history.count())


@pytest.mark.parametrize(
    ("go_live", "days", "begins"),
    [
        (GO_LIVE, 10, PERIOD_BEGINS),
        (D(2021, 11, 4), 10, D(2021, 10, 22)),  # November 2021
        (
            D(2022, 6, 6),
            3,
            D(2022, 5, 31),
        ),  # over a weekend and the Jubilee bank holidays (2-3 June)
        (GO_LIVE, 1, GO_LIVE),
        (GO_LIVE, 0, None),
    ],
)
def test_the_notice_period_begins_on_the_first_working_day_with_fewer_than_n_left(
    go_live, days, begins
):
    assert notice_period_start(go_live, days) == begins
    if begins is not None:
        assert in_notice_period(begins, go_live, days)
        assert not in_notice_period(add_working_days(begins, -1), go_live, days)


def test_with_no_policy_in_effect_nothing_is_refused():
    release = ReleaseFactory(slug="june-2031", planned_go_live=GO_LIVE)
    PolicyVersionFactory(effective_from=D(2032, 1, 5))  # published, but not yet in effect

    with on(D(2031, 6, 25)):
        item = scope_item_add(
            release=release,
            modification=ModificationFactory(),
            inclusion=Inclusion.APPROVED,
            actor=None,
        )

    assert item.pk is not None


def test_a_draft_version_is_not_enforced():
    release = ReleaseFactory(slug="june-2031", planned_go_live=GO_LIVE)
    PolicyVersionFactory(published_at=None)

    assert (
        check_notice_period(release=release, on=D(2031, 6, 25), covers=ExceptionCovers.SCOPE_CHANGE)
        is None
    )


def test_a_scope_change_inside_the_notice_period_is_refused_then_accepted_with_a_panel_exception(
    panel,
):
    PolicyVersionFactory(number=2, notice_period_working_days=10)
    release = ReleaseFactory(slug="june-2031", planned_go_live=GO_LIVE)
    modification = ModificationFactory(reference="MP180")
    before = scope_rows()

    with on(PERIOD_BEGINS), pytest.raises(ApplicationError) as refused:
        scope_item_add(
            release=release, modification=modification, inclusion=Inclusion.APPROVED, actor=panel
        )

    assert refused.value.field == "release"
    assert refused.value.message == (
        "The June 2031 SEC Release is inside its notice period: under the Release Management "
        "Policy v2 its RID cannot change fewer than 10 Working Days before its planned go-live "
        "(26 Jun 2031); the period began on 13 Jun 2031. A scope change now needs a Panel "
        "exception recorded for this release (D10.15)."
    )
    assert scope_rows() == before

    with on(PERIOD_BEGINS):
        exception = panel_exception_record(
            release=release,
            covers=ExceptionCovers.SCOPE_CHANGE,
            reason="MP180 must be in this release to meet the Government's direction.",
            decision_reference="SECP_96_1510_21",
            actor=panel,
        )
        item = scope_item_add(
            release=release, modification=modification, inclusion=Inclusion.APPROVED, actor=panel
        )

    assert item.release == release
    assert scope_rows() == (before[0] + 1, before[1] + 1)
    # The history row says which exception let it through.
    assert item.history.get().history_change_reason == (
        "Allowed by Panel exception SECP_96_1510_21"
    )
    assert (exception.recorded_by, exception.history.count()) == (panel, 1)
    # The rule names the exception that let the change through.
    assert (
        check_notice_period(release=release, on=PERIOD_BEGINS, covers=ExceptionCovers.SCOPE_CHANGE)
        == exception
    )


def test_the_day_before_the_period_a_scope_change_needs_no_exception():
    PolicyVersionFactory(notice_period_working_days=10)
    release = ReleaseFactory(slug="june-2031", planned_go_live=GO_LIVE)

    with on(LAST_FREE_DAY):
        item = scope_item_add(
            release=release,
            modification=ModificationFactory(),
            inclusion=Inclusion.APPROVED,
            actor=None,
        )

    assert item.in_scope


def test_removing_an_item_inside_the_notice_period_is_refused():
    PolicyVersionFactory()
    item = ScopeItemFactory(release=ReleaseFactory(slug="june-2031", planned_go_live=GO_LIVE))
    before = scope_rows()

    with on(D(2031, 6, 20)), pytest.raises(ApplicationError, match="began on 13 Jun 2031"):
        scope_item_remove(item=item, reason="Not ready", actor=None)

    item.refresh_from_db()
    assert item.inclusion == Inclusion.APPROVED
    assert scope_rows() == before


def test_a_move_is_checked_at_both_ends_before_anything_is_written():
    PolicyVersionFactory(number=3)
    june = ReleaseFactory(slug="june-2031", planned_go_live=GO_LIVE)
    november = ReleaseFactory(slug="november-2031", planned_go_live=D(2031, 11, 6))
    late = ReleaseFactory(slug="february-2031", planned_go_live=D(2031, 6, 30))
    item = ScopeItemFactory(release=november)
    before = scope_rows()

    with on(D(2031, 6, 20)):
        # From a release far from go-live into one inside its period: refused on the target.
        with pytest.raises(ApplicationError) as refused:
            scope_item_move(item=item, to_release=june, reason="Sooner", actor=None)
        assert refused.value.field == "to_release"
        assert "The June 2031 SEC Release is inside its notice period" in refused.value.message
        assert scope_rows() == before

        # Out of a release inside its period: refused on the source.
        leaving = ScopeItemFactory(release=late)
        before = scope_rows()
        with pytest.raises(ApplicationError) as refused:
            scope_item_move(item=leaving, to_release=november, reason="Later", actor=None)
        assert refused.value.field == "release"
        assert scope_rows() == before

        # The Panel excepts the target: the move goes through.
        PanelExceptionFactory(release=june, covers=ExceptionCovers.SCOPE_CHANGE)
        moved = scope_item_move(item=item, to_release=june, reason="Sooner", actor=None)

    assert moved.release == june
    item.refresh_from_db()
    assert (item.inclusion, item.deferred_to) == (Inclusion.DEFERRED, june)


def baseline(release, actor, **changes):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return rid_baseline_create(release=release, actor=actor, **{**BASELINE_INPUT, **changes})


def test_a_baseline_inside_the_notice_period_is_refused_then_accepted_with_a_panel_exception(
    panel,
):
    PolicyVersionFactory(number=4, notice_period_working_days=10)
    release = release_to_baseline()  # June 2031, going live on 26 June 2031
    before = (RidBaseline.objects.count(), Decision.objects.count())

    with pytest.raises(ApplicationError) as refused:
        baseline(release, panel, meeting_date=D(2031, 6, 18), published_on=D(2031, 6, 18))

    assert refused.value.field == "release"
    assert "Release Management Policy v4" in refused.value.message
    assert "the period began on 13 Jun 2031. A RID baseline now needs" in refused.value.message
    assert (RidBaseline.objects.count(), Decision.objects.count()) == before

    # An exception for scope changes does not cover a baseline.
    PanelExceptionFactory(release=release, covers=ExceptionCovers.SCOPE_CHANGE)
    with pytest.raises(ApplicationError):
        baseline(release, panel, meeting_date=D(2031, 6, 18), published_on=D(2031, 6, 18))
    assert (RidBaseline.objects.count(), Decision.objects.count()) == before

    PanelExceptionFactory(release=release, covers=ExceptionCovers.RID_BASELINE)
    made = baseline(release, panel, meeting_date=D(2031, 6, 18), published_on=D(2031, 6, 18))

    assert (made.release, str(made.version)) == (release, "0.1")
    assert made.decision.history.get().history_change_reason == (
        "Allowed by Panel exception SECP_96_1510_21"
    )
    assert (RidBaseline.objects.count(), Decision.objects.count()) == (
        before[0] + 1,
        before[1] + 1,
    )


def test_a_baseline_decided_before_the_period_needs_no_exception(panel):
    PolicyVersionFactory(notice_period_working_days=10)
    release = release_to_baseline()

    made = baseline(release, panel, meeting_date=LAST_FREE_DAY, published_on=LAST_FREE_DAY)

    assert made.decision.meeting_date == LAST_FREE_DAY


def test_a_go_live_inside_a_freeze_window_is_refused_and_writes_nothing(june_2022, panel):
    window = FreezeWindowFactory(
        policy=PolicyVersionFactory(number=5, effective_from=D(2022, 1, 4)),
        starts_on=D(2022, 6, 27),
        ends_on=D(2022, 7, 1),
        reason="Quarter-end settlement runs",
    )
    before = world_state()
    documents = DocumentVersion.objects.count()

    with pytest.raises(ApplicationError) as refused:
        release_set_live(release=june_2022.release, actor=panel, go_live_on=D(2022, 6, 30))

    assert refused.value.field == "go_live_on"
    assert refused.value.message == (
        "30 Jun 2022 is inside a change freeze (27 Jun 2022 to 1 Jul 2022: Quarter-end "
        "settlement runs) of the Release Management Policy v5: the June 2022 SEC Release "
        "cannot go live then."
    )
    june_2022.release.refresh_from_db()
    assert june_2022.release.status != ReleaseStatus.LIVE
    assert june_2022.release.actual_go_live is None
    assert DocumentVersion.objects.count() == documents
    assert world_state() == before

    # The window's last day is inside it; the day after, the release goes live.
    window.ends_on = D(2022, 6, 29)
    window.save()
    release = release_set_live(release=june_2022.release, actor=panel, go_live_on=D(2022, 6, 30))
    assert release.status == ReleaseStatus.LIVE


def test_the_version_in_effect_on_a_date():
    v1 = PolicyVersionFactory(number=1, effective_from=D(2021, 1, 4))
    v2 = PolicyVersionFactory(
        number=2,
        consultation_opened_on=D(2021, 9, 1),
        consultation_closed_on=D(2021, 9, 30),
        effective_from=D(2021, 11, 1),
    )
    PolicyVersionFactory(
        number=3,
        consultation_opened_on=D(2022, 1, 4),
        consultation_closed_on=D(2022, 2, 1),
        effective_from=D(2022, 3, 1),
        published_at=None,  # a draft
    )

    assert policy_in_effect(D(2021, 1, 3)) is None
    assert policy_in_effect(D(2021, 1, 4)) == v1
    assert policy_in_effect(D(2021, 10, 31)) == v1
    assert policy_in_effect(D(2021, 11, 1)) == v2
    assert policy_in_effect(D(2023, 1, 1)) == v2
