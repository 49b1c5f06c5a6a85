"""The D10.17 appeal window (10 Working Days from the decision's publication) and appeals."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from core.errors import ApplicationError
from releases.models import AppealOutcome, RidAppeal
from releases.rid.baselines import appeal_window, rid_appeal_decide, rid_appeal_lodge
from tests.factories import DecisionFactory, ReleaseFactory, RidBaselineFactory

D = datetime.date


@pytest.mark.parametrize(
    ("published", "closes"),
    [
        # The June 2022 RID v0.1: published Friday 18 June 2021, no bank holiday in the window.
        (D(2021, 6, 18), D(2021, 7, 2)),
        # Spring bank holiday (2 June) and the Platinum Jubilee (3 June 2022) inside the window.
        (D(2022, 5, 24), D(2022, 6, 9)),
        # Across Christmas: 27 and 28 December 2021 and 3 January 2022 are substitute days.
        (D(2021, 12, 17), D(2022, 1, 5)),
    ],
)
def test_the_window_ends_on_the_tenth_working_day_after_publication(published, closes):
    window = appeal_window(published)
    assert (window.opens, window.closes) == (published, closes)
    assert window.is_open(closes)
    assert not window.is_open(closes + datetime.timedelta(days=1))


def test_no_window_until_the_decision_is_published():
    assert appeal_window(None) is None


@pytest.fixture
def christmas_baseline(db):
    release = ReleaseFactory(slug="june-2033", planned_go_live=D(2033, 6, 30))
    decision = DecisionFactory(
        release=release,
        meeting_date=D(2021, 12, 14),
        published_on=D(2021, 12, 17),
        paper_reference="SECP_99_1412_21",
    )
    return RidBaselineFactory(
        release=release, version=Decimal("1.0"), decision=decision, pdf_sha256="a" * 64
    )


@pytest.mark.django_db
def test_an_appeal_on_the_last_day_is_recorded_and_its_outcome_kept_in_history(
    christmas_baseline, user_with_role
):
    sam = user_with_role("secas", "sam")
    appeal = rid_appeal_lodge(
        baseline=christmas_baseline,
        appellant="Example Energy Supply Ltd",
        lodged_on=D(2022, 1, 5),
        grounds="Too little time for UIT.",
        actor=sam,
    )

    decided = rid_appeal_decide(
        appeal=appeal, outcome=AppealOutcome.DISMISSED, decided_on=D(2022, 2, 1), actor=sam
    )

    assert (decided.outcome, decided.decided_on) == ("DISMISSED", D(2022, 2, 1))
    assert [h.outcome for h in decided.history.order_by("history_date")] == [
        "PENDING",
        "DISMISSED",
    ]
    with pytest.raises(ApplicationError) as again:
        rid_appeal_decide(appeal=appeal, outcome="UPHELD", decided_on=D(2022, 2, 2), actor=sam)
    assert again.value.field == "outcome"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lodged_on", "message"),
    [
        (D(2022, 1, 6), "The appeal window closed on 05 January 2022"),
        (D(2021, 12, 16), "The appeal window opens on 17 December 2021"),
    ],
)
def test_an_appeal_outside_the_window_is_refused_and_nothing_written(
    christmas_baseline, user_with_role, lodged_on, message
):
    with pytest.raises(ApplicationError) as refusal:
        rid_appeal_lodge(
            baseline=christmas_baseline,
            appellant="Example Energy Supply Ltd",
            lodged_on=lodged_on,
            grounds="Late.",
            actor=user_with_role("secas", "sam"),
        )
    assert refusal.value.field == "lodged_on"
    assert message in refusal.value.message
    assert RidAppeal.objects.count() == 0
    assert RidAppeal.history.count() == 0


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2022, 1, 4, 12, 0), tick=False)
def test_the_baseline_page_shows_the_window_and_secas_records_an_appeal(
    client, christmas_baseline, user_with_role
):
    url = f"/releases/{christmas_baseline.release.slug}/rid/1.0/"
    page = client.get(url).content.decode()
    assert "until <strong>5 January 2022</strong>" in page
    assert "The window is open today." in page
    assert "Record an appeal" not in page  # anonymous: reads only

    client.force_login(user_with_role("secas", "sam"))
    late = client.post(
        url + "appeals/",
        {"appellant": "Example Energy", "lodged_on": "2022-01-06", "grounds": "Late."},
    )
    in_time = client.post(
        url + "appeals/",
        {"appellant": "Example Energy", "lodged_on": "2022-01-05", "grounds": "In time."},
    )

    assert late.status_code == 422
    assert "The appeal window closed on 05 January 2022" in late.content.decode()
    assert in_time.status_code == 302
    assert list(RidAppeal.objects.values_list("appellant", "lodged_on")) == [
        ("Example Energy", D(2022, 1, 5))
    ]


@pytest.mark.django_db
def test_a_panel_member_cannot_record_an_appeal(client, christmas_baseline, user_with_role):
    client.force_login(user_with_role("panel", "pat"))
    response = client.post(
        f"/releases/{christmas_baseline.release.slug}/rid/1.0/appeals/",
        {"appellant": "Example Energy", "lodged_on": "2022-01-05", "grounds": "In time."},
    )
    assert response.status_code == 403
    assert RidAppeal.objects.count() == 0
