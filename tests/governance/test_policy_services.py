"""Drafting, publishing and freezing the policy: the Panel's alone, consulted on before it takes
effect, never changed once published; every refusal names its field and writes nothing."""

import datetime

import pytest
import time_machine
from django.apps import apps

from core.errors import ApplicationError
from governance.choices import ExceptionCovers
from governance.models import FreezeWindow, PanelException, PolicyVersion
from governance.services import (
    freeze_window_add,
    freeze_window_remove,
    panel_exception_record,
    policy_version_create,
    policy_version_publish,
    policy_version_update,
)
from releases.choices import ReleaseStatus
from tests.factories import ReleaseFactory
from tests.governance.factories import FreezeWindowFactory, PolicyVersionFactory

pytestmark = pytest.mark.django_db
D = datetime.date

DRAFT = {
    "notice_period_working_days": 15,
    "allocation_rule": "Modifications are allocated to the first release after their approval.",
    "cost_review": "SECAS presents forecast and actual costs to the Panel after each go-live.",
    "go_live_decision": "The CSC decides go/no-go; the Panel may call the decision in.",
    "consultation_opened_on": D(2022, 1, 10),
    "consultation_closed_on": D(2022, 2, 4),
    "effective_from": D(2022, 3, 1),
    "decision_reference": "SECP_101_1102_22",
}


def governance_rows() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_app_config("governance").get_models()
    }


def on(day: datetime.date):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 12, 0), tick=False)


def test_the_panel_drafts_a_version_with_the_previous_ones_freeze_windows_and_publishes_it(panel):
    v1 = PolicyVersionFactory(number=1)
    FreezeWindowFactory(policy=v1, starts_on=D(2021, 12, 20), ends_on=D(2022, 1, 4))

    draft = policy_version_create(actor=panel, **DRAFT)

    assert (draft.number, draft.is_published) == (2, False)
    assert list(draft.freeze_windows.values_list("starts_on", "ends_on")) == [
        (D(2021, 12, 20), D(2022, 1, 4))
    ]
    with on(D(2022, 2, 7)):
        published = policy_version_publish(policy=draft, actor=panel)
    assert (published.published_by, published.is_published) == (panel, True)
    assert published.history.first().history_user == panel


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"effective_from": D(2022, 2, 4)},
            "effective_from",
            "A version takes effect only after its consultation closes (D10.9): 4 Feb 2022 is "
            "not after 4 Feb 2022.",
        ),
        (
            {"consultation_closed_on": D(2022, 1, 9)},
            "consultation_closed_on",
            "The consultation cannot close (9 Jan 2022) before it opens (10 Jan 2022).",
        ),
        (
            {"notice_period_working_days": 400},
            "notice_period_working_days",
            "A notice period of 400 Working Days is more than a year (260).",
        ),
        (
            {
                "effective_from": D(2020, 12, 1),
                "consultation_closed_on": D(2020, 11, 30),
                "consultation_opened_on": D(2020, 11, 2),
            },
            "effective_from",
            "Release Management Policy v1 takes effect on 4 Jan 2021: a new version must take "
            "effect after it, not on 1 Dec 2020.",
        ),
        ({"decision_reference": ""}, "decision_reference", None),
    ],
)
def test_a_bad_version_is_refused_naming_the_field_and_nothing_is_written(
    panel, changes, field, message
):
    PolicyVersionFactory(number=1)
    before = governance_rows()

    with pytest.raises(ApplicationError) as refused:
        policy_version_create(actor=panel, **{**DRAFT, **changes})

    assert refused.value.field == field
    if message:
        assert refused.value.message == message
    assert governance_rows() == before


def test_a_published_version_never_changes(panel):
    v1 = PolicyVersionFactory(number=1)
    window = FreezeWindowFactory(policy=v1)
    before = governance_rows()

    with pytest.raises(ApplicationError) as refused:
        policy_version_update(policy=v1, actor=panel, **DRAFT)
    assert refused.value.message.startswith(
        "Release Management Policy v1 is published and never changes: a change is a new version"
    )
    with pytest.raises(ApplicationError):
        freeze_window_add(
            policy=v1, starts_on=D(2022, 8, 1), ends_on=D(2022, 8, 5), reason="x", actor=panel
        )
    with pytest.raises(ApplicationError):
        freeze_window_remove(window=window, actor=panel)
    with pytest.raises(ApplicationError):
        policy_version_publish(policy=v1, actor=panel)

    v1.refresh_from_db()
    assert v1.notice_period_working_days == 10
    assert governance_rows() == before


def test_publishing_waits_for_the_consultation_to_close_and_refuses_a_past_date(panel):
    draft = policy_version_create(actor=panel, **DRAFT)
    before = governance_rows()

    with on(D(2022, 2, 4)), pytest.raises(ApplicationError) as refused:
        policy_version_publish(policy=draft, actor=panel)
    assert refused.value.field == "consultation_closed_on"

    with on(D(2022, 3, 2)), pytest.raises(ApplicationError) as refused:
        policy_version_publish(policy=draft, actor=panel)
    assert refused.value.field == "effective_from"

    draft.refresh_from_db()
    assert draft.published_at is None
    assert governance_rows() == before


def test_one_draft_at_a_time(panel):
    policy_version_create(actor=panel, **DRAFT)

    with pytest.raises(ApplicationError, match="A draft version already exists"):
        policy_version_create(actor=panel, **DRAFT)

    assert PolicyVersion.objects.count() == 1


def test_a_freeze_window_that_ends_before_it_starts_is_refused(panel):
    draft = policy_version_create(actor=panel, **DRAFT)
    before = governance_rows()

    with pytest.raises(ApplicationError) as refused:
        freeze_window_add(
            policy=draft,
            starts_on=D(2022, 12, 23),
            ends_on=D(2022, 12, 19),
            reason="Christmas",
            actor=panel,
        )

    assert refused.value.field == "ends_on"
    assert refused.value.message == (
        "A freeze window cannot end (19 Dec 2022) before it starts (23 Dec 2022)."
    )
    assert governance_rows() == before


def test_a_freeze_window_over_a_live_releases_go_live_is_refused(panel):
    ReleaseFactory(
        slug="june-2022",
        planned_go_live=D(2022, 6, 30),
        actual_go_live=D(2022, 6, 30),
        status=ReleaseStatus.LIVE,
    )
    draft = policy_version_create(actor=panel, **DRAFT)
    before = governance_rows()

    with pytest.raises(ApplicationError) as refused:
        freeze_window_add(
            policy=draft,
            starts_on=D(2022, 6, 30),
            ends_on=D(2022, 7, 8),
            reason="Summer",
            actor=panel,
        )

    assert refused.value.field == "starts_on"
    assert refused.value.message == (
        "The June 2022 SEC Release went live on 30 Jun 2022, inside this freeze window "
        "(30 Jun 2022 to 8 Jul 2022): a freeze cannot cover a go-live that has happened."
    )
    assert governance_rows() == before

    window = freeze_window_add(
        policy=draft, starts_on=D(2022, 7, 1), ends_on=D(2022, 7, 8), reason="Summer", actor=panel
    )
    assert window.history.first().history_user == panel


@pytest.mark.parametrize("role", ["secas", "csc", "dcc", "tag", "opsg", "auditor"])
def test_only_the_panel_writes_the_policy(user_with_role, panel, role):
    someone = user_with_role(role)
    draft = policy_version_create(actor=panel, **DRAFT)
    window = FreezeWindowFactory(policy=draft)
    release = ReleaseFactory(slug="june-2031", planned_go_live=D(2031, 6, 26))
    before = governance_rows()

    attempts = [
        lambda: policy_version_create(actor=someone, **DRAFT),
        lambda: policy_version_update(policy=draft, actor=someone, **DRAFT),
        lambda: policy_version_publish(policy=draft, actor=someone),
        lambda: freeze_window_add(
            policy=draft, starts_on=D(2022, 8, 1), ends_on=D(2022, 8, 5), reason="x", actor=someone
        ),
        lambda: freeze_window_remove(window=window, actor=someone),
        lambda: panel_exception_record(
            release=release,
            covers=ExceptionCovers.SCOPE_CHANGE,
            reason="Late",
            decision_reference="SECP_1",
            actor=someone,
        ),
    ]
    for attempt in attempts:
        with pytest.raises(ApplicationError) as refused:
            attempt()
        assert refused.value.status == 403

    assert governance_rows() == before


def test_an_exception_for_a_closed_release_or_without_its_reference_is_refused(panel):
    live = ReleaseFactory(
        slug="june-2022", actual_go_live=D(2022, 6, 30), status=ReleaseStatus.LIVE
    )
    open_release = ReleaseFactory(slug="june-2031", planned_go_live=D(2031, 6, 26))

    with pytest.raises(ApplicationError) as refused:
        panel_exception_record(
            release=live,
            covers=ExceptionCovers.SCOPE_CHANGE,
            reason="Late",
            decision_reference="SECP_1",
            actor=panel,
        )
    assert refused.value.field == "release"
    with pytest.raises(ApplicationError) as refused:
        panel_exception_record(
            release=open_release,
            covers=ExceptionCovers.RID_BASELINE,
            reason="Late",
            decision_reference="  ",
            actor=panel,
        )
    assert refused.value.field == "decision_reference"
    assert PanelException.objects.count() == 0
    assert FreezeWindow.objects.count() == 0
