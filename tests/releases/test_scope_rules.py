import datetime

import pytest

from core.errors import ApplicationError
from releases.choices import Inclusion, ReleaseStatus
from releases.models import ScopeItem
from releases.selectors import release_is_document_only, release_list
from releases.services import scope_item_add, scope_item_move, scope_item_remove
from tests.factories import ModificationFactory, ReleaseFactory, ScopeItemFactory, UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_same_modification_part_twice_in_one_release_is_refused():
    item = ScopeItemFactory(part="DUIS and MMC changes only")

    with pytest.raises(ApplicationError) as refused:
        scope_item_add(
            release=item.release,
            modification=item.modification,
            inclusion=Inclusion.APPROVED,
            part="DUIS and MMC changes only",
            actor=UserFactory(),
        )

    assert (
        refused.value.message == "This part of the modification is already in the release's scope."
    )
    assert ScopeItem.objects.count() == 1


def test_two_parts_of_a_split_modification_can_go_to_two_releases():
    secmp0015 = ModificationFactory(reference="SECMP0015", impacts_dcc_systems=True)
    june = ReleaseFactory(slug="june-2022", planned_go_live=D(2022, 6, 30))
    november = ReleaseFactory(slug="november-2022", planned_go_live=D(2022, 11, 3))
    secas = UserFactory()

    scope_item_add(
        release=june,
        modification=secmp0015,
        inclusion=Inclusion.APPROVED,
        part="DUIS and MMC changes only",
        actor=secas,
    )
    scope_item_add(
        release=november,
        modification=secmp0015,
        inclusion=Inclusion.APPROVED,
        part="All other document and DCC System changes",
        actor=secas,
    )

    assert sorted(secmp0015.scope_items.values_list("release__slug", "part")) == [
        ("june-2022", "DUIS and MMC changes only"),
        ("november-2022", "All other document and DCC System changes"),
    ]


def test_a_cut_off_after_the_go_live_date_is_refused():
    release = ReleaseFactory(planned_go_live=D(2021, 11, 4))

    with pytest.raises(ApplicationError) as refused:
        scope_item_add(
            release=release,
            modification=ModificationFactory(),
            inclusion=Inclusion.TARGETED,
            decision_cutoff=D(2021, 11, 5),
            actor=UserFactory(),
        )

    assert refused.value.field == "decision_cutoff"
    assert refused.value.message == (
        "The decision cut-off must be on or before the release's go-live date (04 November 2021)."
    )
    assert not ScopeItem.objects.exists()


def test_a_targeted_item_keeps_its_cut_off_and_an_approved_one_has_none():
    release = ReleaseFactory(planned_go_live=D(2021, 11, 4))
    secas = UserFactory()

    targeted = scope_item_add(
        release=release,
        modification=ModificationFactory(reference="MP149"),
        inclusion=Inclusion.TARGETED,
        decision_cutoff=D(2021, 10, 21),
        actor=secas,
    )
    approved = scope_item_add(
        release=release,
        modification=ModificationFactory(),
        inclusion=Inclusion.APPROVED,
        decision_cutoff=D(2021, 10, 21),
        actor=secas,
    )

    assert targeted.decision_cutoff == D(2021, 10, 21)
    assert approved.decision_cutoff is None


def test_moving_an_item_defers_it_here_and_adds_it_there():
    item = ScopeItemFactory(
        release=ReleaseFactory(slug="november-2021", planned_go_live=D(2021, 11, 4)),
        modification=ModificationFactory(reference="MP116"),
    )
    february = ReleaseFactory(slug="february-2022", planned_go_live=D(2022, 2, 24))

    moved = scope_item_move(
        item=item, to_release=february, reason="Not ready for November", actor=UserFactory()
    )

    item.refresh_from_db()
    assert (item.inclusion, item.deferred_to, item.reason) == (
        Inclusion.DEFERRED,
        february,
        "Not ready for November",
    )
    assert (moved.release, moved.inclusion) == (february, Inclusion.APPROVED)


def test_a_move_into_a_live_release_is_refused_and_nothing_changes():
    item = ScopeItemFactory()
    live = ReleaseFactory(status=ReleaseStatus.LIVE, actual_go_live=D(2021, 11, 4))

    with pytest.raises(ApplicationError) as refused:
        scope_item_move(item=item, to_release=live, reason="Late", actor=UserFactory())

    assert refused.value.field == "to_release"
    item.refresh_from_db()
    assert item.inclusion == Inclusion.APPROVED
    assert ScopeItem.objects.count() == 1


def test_removing_needs_a_reason_and_records_it():
    item = ScopeItemFactory()

    with pytest.raises(ApplicationError) as refused:
        scope_item_remove(item=item, reason=" ", actor=UserFactory())
    assert refused.value.field == "reason"
    item.refresh_from_db()
    assert item.inclusion == Inclusion.APPROVED

    scope_item_remove(item=item, reason="Withdrawn by the Proposer", actor=UserFactory())
    item.refresh_from_db()
    assert (item.inclusion, item.reason) == (Inclusion.REMOVED, "Withdrawn by the Proposer")


def test_a_removed_item_can_be_added_again():
    item = ScopeItemFactory(inclusion=Inclusion.REMOVED, reason="Withdrawn")

    again = scope_item_add(
        release=item.release,
        modification=item.modification,
        inclusion=Inclusion.APPROVED,
        actor=UserFactory(),
    )

    assert again.pk != item.pk


def test_the_second_of_two_editors_is_refused():
    item = ScopeItemFactory()
    seen = item.version
    scope_item_remove(item=item, reason="Withdrawn", actor=UserFactory(), expected_version=seen)

    with pytest.raises(ApplicationError) as refused:
        scope_item_move(
            item=item,
            to_release=ReleaseFactory(),
            reason="Later",
            actor=UserFactory(),
            expected_version=seen,
        )

    assert refused.value.status == 409
    assert ScopeItem.objects.count() == 1


def test_a_release_with_no_dcc_impacting_item_is_document_only():
    document_only = ReleaseFactory(slug="june-2021")
    ScopeItemFactory(release=document_only, impacts_dcc_systems=False)
    ScopeItemFactory(
        release=document_only, impacts_dcc_systems=True, inclusion=Inclusion.REMOVED, reason="x"
    )
    system = ReleaseFactory(slug="november-2021")
    ScopeItemFactory(release=system, impacts_dcc_systems=True)

    flags = {r.slug: r.document_only for r in release_list()}

    assert flags == {"june-2021": True, "november-2021": False}
    assert release_is_document_only(document_only) is True
    assert release_is_document_only(system) is False
