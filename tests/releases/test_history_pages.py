"""Per release and per modification: who changed what and when, field by field."""

import datetime
import re

import pytest
import time_machine

from modifications.services import status_update_post
from releases.choices import Inclusion
from releases.services import scope_item_move, scope_item_remove
from tests.factories import ModificationFactory, ReleaseFactory, ScopeItemFactory, UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture
def story():
    """MP149 targeted in November 2021, moved to February 2022 by sam, with a status update."""
    november = ReleaseFactory(
        slug="november-2021", name="November 2021 SEC Release", planned_go_live=D(2021, 11, 4)
    )
    february = ReleaseFactory(
        slug="february-2022", name="February 2022 SEC Release", planned_go_live=D(2022, 2, 24)
    )
    mp149 = ModificationFactory(reference="MP149", title="Effecting Changes to the SEC efficiently")
    item = ScopeItemFactory(
        release=november,
        modification=mp149,
        inclusion=Inclusion.TARGETED,
        decision_cutoff=D(2021, 10, 21),
    )
    sam = UserFactory(username="sam")
    with time_machine.travel(datetime.datetime(2021, 10, 22, 9, 30), tick=False):
        scope_item_move(
            item=item,
            to_release=february,
            decision_cutoff=D(2022, 1, 27),
            reason="Not approved by the cut-off",
            actor=sam,
        )
    with time_machine.travel(datetime.datetime(2021, 10, 25, 14, 0), tick=False):
        status_update_post(
            modification=mp149, text="The Authority expects to decide in January.", actor=sam
        )
    return november, february, mp149


def test_the_release_history_shows_each_changed_field_before_and_after(client, story):
    text = _text(client.get("/releases/november-2021/history/").content.decode())

    assert (
        "22 Oct 2021, 10:30 · sam · Changed Scope item MP149 What changed Field Before After "
        "Decision cutoff 21 Oct 2021 — Deferred to — February 2022 SEC Release Inclusion "
        "Targeted Deferred to another release Reason — Not approved by the cut-off" in text
    )
    assert "System · Created Scope item MP149" in text


def test_the_receiving_release_history_shows_the_item_arriving(client, story):
    text = _text(client.get("/releases/february-2022/history/").content.decode())

    assert "sam · Created Scope item MP149" in text
    assert "Decision cutoff: 27 Jan 2022" in text


def test_the_modification_history_shows_the_move_and_the_status_update(client, story):
    text = _text(client.get("/modifications/MP149/history/").content.decode())

    assert (
        "25 Oct 2021, 15:00 · sam · Created Status update of 25 Oct 2021 As of: 25 Oct 2021 · "
        "Text: The Authority expects to decide in January." in text
    )
    assert "sam · Changed Scope item November 2021 SEC Release" in text
    assert "sam · Created Scope item February 2022 SEC Release" in text
    assert text.index("Status update of 25 Oct") < text.index("Changed Scope item November")


def test_a_save_that_changed_nothing_is_not_listed(client):
    item = ScopeItemFactory(release=ReleaseFactory(slug="june-2022"))
    item.save()  # a second record, identical

    text = _text(client.get("/releases/june-2022/history/").content.decode())

    assert "Changed" not in text


def test_history_is_paginated_50_a_page(client):
    release = ReleaseFactory(slug="june-2022")
    for number in range(60):
        item = ScopeItemFactory(release=release)
        scope_item_remove(item=item, reason=f"reason {number}", actor=None)

    first = client.get("/releases/june-2022/history/").content.decode()
    last = client.get("/releases/june-2022/history/?page=3").content.decode()

    assert first.count('class="border-bottom py-2"') == 50
    assert last.count('class="border-bottom py-2"') == 121 - 100
    assert 'aria-label="History pages"' in first
