"""The inbox, the unread count, preferences, follows, the lead-time form and the cut-off alert."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group

from modifications.choices import Phase
from notifications.choices import Delivery, ItemKind
from notifications.models import DeliveryPreference, Follow, Notification, ReminderSchedule
from releases.choices import Inclusion, ReleaseStatus
from tests.factories import ModificationFactory, ReleaseFactory, ScopeItemFactory
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def secas(client, user_with_role):
    user = user_with_role("secas")
    client.force_login(user)
    return user


def test_the_inbox_lists_the_users_notifications_newest_first_and_only_theirs(
    client, secas, django_user_model, django_assert_num_queries
):
    for n in range(3):
        NotificationFactory(recipient=secas, subject=f"Reminder {n}")
    NotificationFactory(
        recipient=django_user_model.objects.create_user("other"), subject="Not yours"
    )

    # Session, user; the paginator's count; the unread count; roles (which also answer the
    # permission behind the link to the lead times, see core.backends); the page of notifications.
    with django_assert_num_queries(6):
        response = client.get("/notifications/")

    assert response.status_code == 200
    subjects = [n.subject for n in response.context["page"]]
    assert subjects == ["Reminder 2", "Reminder 1", "Reminder 0"]
    assert response.context["unread_count"] == 3
    assert "Not yours" not in response.content.decode()


def test_the_inbox_costs_the_same_queries_with_60_notifications(
    client, secas, django_assert_num_queries
):
    NotificationFactory.create_batch(60, recipient=secas)

    with django_assert_num_queries(6):
        response = client.get("/notifications/?show=unread")

    assert len(response.context["page"]) == 50


def test_the_inbox_needs_a_signed_in_user(client):
    response = client.get("/notifications/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/notifications/"


def test_marking_one_read_and_then_all_read(client, secas):
    first, second, third = NotificationFactory.create_batch(3, recipient=secas)

    response = client.post(f"/notifications/{first.pk}/read/", {"next": "/notifications/"})

    assert response.status_code == 302
    assert sorted(
        Notification.objects.filter(read_at__isnull=True).values_list("pk", flat=True)
    ) == [
        second.pk,
        third.pk,
    ]
    client.post("/notifications/read-all/")
    assert Notification.objects.filter(read_at__isnull=True).count() == 0


def test_someone_elses_notification_cannot_be_marked_read(client, secas, django_user_model):
    theirs = NotificationFactory(recipient=django_user_model.objects.create_user("other"))

    response = client.post(f"/notifications/{theirs.pk}/read/")

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_header_loads_the_unread_count(client, secas):
    NotificationFactory.create_batch(2, recipient=secas)

    page = client.get("/").content.decode()
    badge = client.get("/notifications/unread-count/").content.decode()

    assert 'hx-get="/notifications/unread-count/"' in page
    assert 'data-unread-count="2"' in badge
    assert '2<span class="visually-hidden"> unread</span>' in badge


def test_no_unread_count_when_signed_out_or_all_read(client):
    assert client.get("/notifications/unread-count/").content.decode().strip() == ""
    assert "/notifications/unread-count/" not in client.get("/").content.decode()


def test_a_user_chooses_in_app_only(client, secas):
    response = client.post("/notifications/preferences/", {"delivery": "IN_APP"})

    assert response.status_code == 302
    assert DeliveryPreference.objects.get(user=secas).delivery == Delivery.IN_APP
    page = client.get("/notifications/preferences/")
    assert page.context["form"].initial == {"delivery": "IN_APP"}


def test_an_unknown_delivery_choice_is_refused_and_nothing_is_written(client, secas):
    response = client.post("/notifications/preferences/", {"delivery": "PIGEON"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "delivery": ["Select a valid choice. PIGEON is not one of the available choices."]
    }
    assert DeliveryPreference.objects.count() == 0


def test_following_and_unfollowing_a_release_and_a_modification(client, secas):
    release = ReleaseFactory(slug="june-2022", name="June 2022 SEC Release")
    mp104 = ModificationFactory(reference="MP104")

    client.post("/notifications/follow/", {"release": "june-2022"})
    client.post("/notifications/follow/", {"release": "june-2022"})  # twice: still one follow
    response = client.post("/notifications/follow/", {"modification": "MP104"})

    assert response.status_code == 302
    assert response["Location"] == "/modifications/MP104/"
    assert list(
        Follow.objects.order_by("pk").values_list("release__slug", "modification__reference")
    ) == [("june-2022", None), (None, "MP104")]
    page = client.get("/notifications/preferences/").content.decode()
    assert "June 2022 SEC Release" in page and "MP104" in page

    client.post("/notifications/follow/", {"release": "june-2022", "action": "unfollow"})
    assert list(Follow.objects.values_list("modification", flat=True)) == [mp104.pk]
    assert release.followers.count() == 0


def test_the_follow_button_swaps_in_place_with_htmx(client, secas):
    ReleaseFactory(slug="june-2022", name="June 2022 SEC Release")

    response = client.post(
        "/notifications/follow/", {"release": "june-2022"}, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Following June 2022 SEC Release: stop" in html
    assert "You follow June 2022 SEC Release: its reminders reach you too." in html


def test_following_needs_a_signed_in_user_and_a_real_target(client, secas):
    assert client.post("/notifications/follow/", {"release": "no-such"}).status_code == 404
    assert client.post("/notifications/follow/", {}).status_code == 404
    client.logout()
    assert client.post("/notifications/follow/", {"release": "x"}).status_code == 302
    assert Follow.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"release": "june\x002022"}, "release: Null characters are not allowed."),
        ({"modification": "MP\x00104"}, "modification: Null characters are not allowed."),
        ({"release": "june-2022", "action": "stop"}, "action: Select a valid choice."),
    ],
)
def test_a_malformed_follow_is_a_400_naming_the_field(client, secas, data, message):
    """A NUL reached the database as a slug: PostgreSQL refuses it (a 500)."""
    ReleaseFactory(slug="june-2022")

    response = client.post("/notifications/follow/", data)

    assert response.status_code == 400
    assert response.content.decode().startswith(message)
    assert Follow.objects.count() == 0


def test_the_release_and_modification_pages_offer_to_follow(client, secas):
    ReleaseFactory(slug="june-2022", name="June 2022 SEC Release")
    ModificationFactory(reference="MP104")

    release_page = client.get("/releases/june-2022/").content.decode()
    modification_page = client.get("/modifications/MP104/").content.decode()

    assert "Follow June 2022 SEC Release" in release_page
    assert "Follow MP104" in modification_page
    client.logout()
    assert "Follow June 2022" not in client.get("/releases/june-2022/").content.decode()


def test_secas_changes_lead_times(client, secas):
    schedule = ReminderSchedule.objects.get(kind=ItemKind.DECISION_CUTOFF)

    response = client.post(
        "/notifications/lead-times/",
        {
            "kind": "DECISION_CUTOFF",
            "DECISION_CUTOFF-lead_times": "15, 10, 5, 1, 0",
            "DECISION_CUTOFF-remind_when_overdue": "on",
        },
    )

    assert response.status_code == 302
    schedule.refresh_from_db()
    assert (schedule.lead_times, schedule.remind_when_overdue, schedule.version) == (
        [15, 10, 5, 1, 0],
        True,
        2,
    )
    assert schedule.history.first().history_user == secas
    page = client.get("/notifications/lead-times/").content.decode()
    assert (
        "15 Working Days before, 10 Working Days before, 5 Working Days before, 1 Working Day "
        "before, on the day, first day overdue" in page
    )


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("10, -1", "‘-1’ is negative: a lead time counts Working Days before the date"),
        ("2.5", "‘2.5’ is not a whole number of Working Days: give lead times such as 10, 5, 1."),
    ],
)
def test_a_negative_or_fractional_lead_time_is_refused_on_the_form_and_nothing_changes(
    client, secas, typed, message
):
    response = client.post(
        "/notifications/lead-times/",
        {"kind": "MILESTONE", "MILESTONE-lead_times": typed, "MILESTONE-remind_when_overdue": "on"},
    )

    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    schedule = ReminderSchedule.objects.get(kind=ItemKind.MILESTONE)
    assert (schedule.lead_times, schedule.version) == ([10, 5, 1], 1)


def test_no_lead_time_and_no_overdue_is_refused(client, secas):
    response = client.post(
        "/notifications/lead-times/", {"kind": "MILESTONE", "MILESTONE-lead_times": ""}
    )

    assert response.status_code == 400
    assert "Give at least one lead time, or remind on the first day overdue." in (
        response.content.decode()
    )
    assert ReminderSchedule.objects.get(kind=ItemKind.MILESTONE).lead_times == [10, 5, 1]


def test_only_secas_changes_lead_times(client, user_with_role):
    client.force_login(user_with_role("dcc"))

    assert client.get("/notifications/lead-times/").status_code == 403
    response = client.post(
        "/notifications/lead-times/", {"kind": "MILESTONE", "MILESTONE-lead_times": "3"}
    )

    assert response.status_code == 403
    assert ReminderSchedule.objects.get(kind=ItemKind.MILESTONE).lead_times == [10, 5, 1]


def test_the_admin_refuses_a_negative_lead_time_with_a_clear_message(client, user_with_role):
    user = user_with_role("secas")
    user.is_staff = True
    user.save()
    client.force_login(user)
    schedule = ReminderSchedule.objects.get(kind=ItemKind.ASSESSMENT)

    response = client.post(
        f"/admin/notifications/reminderschedule/{schedule.pk}/change/",
        {"lead_times": "5, -2", "remind_when_overdue": "on"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["lead_times"][0].startswith("‘-2’ is negative")
    schedule.refresh_from_db()
    assert schedule.lead_times == [10, 5, 1]

    response = client.post(
        f"/admin/notifications/reminderschedule/{schedule.pk}/change/",
        {"lead_times": "20, 10", "remind_when_overdue": ""},
    )
    assert response.status_code == 302
    schedule.refresh_from_db()
    assert (schedule.lead_times, schedule.remind_when_overdue) == ([20, 10], False)


@pytest.fixture
def november_2021_before_go_live():
    release = ReleaseFactory(
        slug="november-2021",
        name="November 2021 SEC Release",
        planned_go_live=D(2021, 11, 4),
        status=ReleaseStatus.IN_TEST,
    )
    ScopeItemFactory(
        release=release,
        modification=ModificationFactory(
            reference="MP149",
            title="Effecting Changes to the Smart Energy Code efficiently",
            phase=Phase.DECISION,
        ),
        inclusion=Inclusion.TARGETED,
        decision_cutoff=D(2021, 10, 21),
    )
    return release


@time_machine.travel(datetime.datetime(2021, 10, 22, 9, 0), tick=False)
def test_a_cutoff_passed_without_approval_raises_an_alert_on_the_release_page(
    client, november_2021_before_go_live
):
    html = client.get("/releases/november-2021/").content.decode()

    assert 'data-missed-cutoff="MP149"' in html
    assert "Decision cut-off passed: MP149 not approved" in html
    assert "take it out of scope, or re-baseline the RID with a new cut-off." in html


@time_machine.travel(datetime.datetime(2021, 10, 21, 9, 0), tick=False)
def test_no_alert_on_the_cutoff_day_itself(client, november_2021_before_go_live):
    assert "data-missed-cutoff" not in client.get("/releases/november-2021/").content.decode()


@time_machine.travel(datetime.datetime(2021, 10, 22, 9, 0), tick=False)
def test_no_alert_when_approved_by_the_cutoff(client, november_2021_before_go_live):
    ModificationFactory._meta.model.objects.filter(reference="MP149").update(
        phase=Phase.APPROVED, approved_on=D(2021, 10, 21)
    )

    assert "data-missed-cutoff" not in client.get("/releases/november-2021/").content.decode()


@time_machine.travel(datetime.datetime(2021, 10, 26, 9, 0), tick=False)
def test_an_approval_after_the_cutoff_still_raises_the_alert(client, november_2021_before_go_live):
    ModificationFactory._meta.model.objects.filter(reference="MP149").update(
        phase=Phase.APPROVED, approved_on=D(2021, 10, 25)
    )

    html = client.get("/releases/november-2021/").content.decode()

    assert "not been approved in time (approved 25 October 2021)" in html


@time_machine.travel(datetime.datetime(2021, 11, 5, 9, 0), tick=False)
def test_no_alert_once_the_release_is_live(client, november_2021_before_go_live):
    ReleaseFactory._meta.model.objects.filter(pk=november_2021_before_go_live.pk).update(
        status=ReleaseStatus.LIVE, actual_go_live=D(2021, 11, 4)
    )

    assert "data-missed-cutoff" not in client.get("/releases/november-2021/").content.decode()


def test_the_role_groups_hold_the_lead_time_permissions():
    secas = Group.objects.get(name="secas")
    dcc = Group.objects.get(name="dcc")

    assert secas.permissions.filter(codename="change_reminderschedule").exists()
    assert not dcc.permissions.filter(codename__contains="reminderschedule").exists()


def test_a_kind_whose_row_was_lost_starts_from_the_defaults_and_can_be_set(client, secas):
    ReminderSchedule.objects.filter(kind=ItemKind.REFERRAL_PERIOD).delete()

    page = client.get("/notifications/lead-times/")
    response = client.post(
        "/notifications/lead-times/",
        {"kind": "REFERRAL_PERIOD", "REFERRAL_PERIOD-lead_times": "3"},
    )

    assert 'name="REFERRAL_PERIOD-lead_times"' in page.content.decode()
    assert response.status_code == 302
    schedule = ReminderSchedule.objects.get(kind=ItemKind.REFERRAL_PERIOD)
    assert (schedule.lead_times, schedule.remind_when_overdue) == ([3], False)


def test_an_unknown_kind_is_not_found(client, secas):
    response = client.post("/notifications/lead-times/", {"kind": "BIRTHDAY"})

    assert response.status_code == 404
    assert ReminderSchedule.objects.count() == 6


def test_the_follow_service_refuses_both_or_neither_and_writes_nothing(secas):
    from core.errors import ApplicationError
    from notifications.services import delivery_preference_set, follow_create

    release, mp104 = ReleaseFactory(), ModificationFactory()

    with pytest.raises(ApplicationError, match="Follow either a release or a modification."):
        follow_create(user=secas, release=release, modification=mp104)
    with pytest.raises(ApplicationError, match="Follow either a release or a modification."):
        follow_create(user=secas)
    with pytest.raises(ApplicationError) as refused:
        delivery_preference_set(user=secas, delivery="PIGEON")

    assert refused.value.message == "Choose ‘By e-mail and in the app’ or ‘In the app only’."
    assert refused.value.field == "delivery"
    assert (Follow.objects.count(), DeliveryPreference.objects.count()) == (0, 0)
