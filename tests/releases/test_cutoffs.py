import datetime

import pytest

from releases.cutoffs import cutoff_status

D = datetime.date
CUTOFF = D(2021, 10, 21)  # MP149's decision cut-off in the November 2021 release


@pytest.mark.parametrize(
    ("today", "label", "tone"),
    [
        (D(2021, 9, 1), "36 Working Days to cut-off", "info"),
        (D(2021, 10, 6), "11 Working Days to cut-off", "info"),
        (D(2021, 10, 7), "10 Working Days to cut-off", "warning"),
        (D(2021, 10, 20), "1 Working Day to cut-off", "warning"),
        (D(2021, 10, 21), "Cut-off today", "danger"),
        (D(2021, 10, 22), "Cut-off passed 1 Working Day ago", "danger"),
        (D(2021, 10, 25), "Cut-off passed 2 Working Days ago", "danger"),
    ],
)
def test_a_cut_off_counts_working_days_either_side(today, label, tone):
    status = cutoff_status(CUTOFF, today)

    assert (status.label, status.tone) == (label, tone)


def test_bank_holidays_are_not_working_days_before_a_cut_off():
    # 10 Working Days before Thursday 9 June 2022 skips the Jubilee bank holidays (2 and 3 June).
    assert cutoff_status(D(2022, 6, 9), D(2022, 5, 24)).label == "10 Working Days to cut-off"


def test_a_cut_off_on_a_weekend_passed_reads_without_a_zero_count():
    status = cutoff_status(D(2021, 10, 23), D(2021, 10, 24))

    assert (status.overdue, status.label) == (True, "Cut-off passed")


def test_a_closed_release_shows_the_date_only():
    status = cutoff_status(CUTOFF, D(2026, 11, 22), release_closed=True)

    assert (status.label, status.tone) == ("Cut-off was 21 Oct 2021", "secondary")


def test_no_cut_off_no_badge():
    assert cutoff_status(None, D(2021, 10, 1)) is None
