"""Demo users (one per role, password "demo") are for development: `create_demo_users` makes them,
and production refuses to start while they exist.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError

from core.checks import check_no_demo_users, refuse_to_start_with_demo_users
from core.roles import DEMO_USERS
from tests.deploy.conftest import manage

pytestmark = pytest.mark.django_db

ROLES = ["secas", "panel", "csc", "opsg", "tag", "dcc", "auditor"]


def test_create_demo_users_makes_one_user_per_role_in_its_group():
    call_command("create_demo_users", stdout=None)

    users = get_user_model().objects.order_by("username")
    assert sorted(u.username for u in users) == sorted(ROLES)
    for user in users:
        assert user.check_password("demo")
        assert [g.name for g in user.groups.all()] == [user.username]
        assert user.is_staff == (user.username == "secas")
        assert not user.is_superuser


def test_create_demo_users_twice_resets_them_and_adds_none():
    call_command("create_demo_users")
    get_user_model().objects.filter(username="tag").update(password="changed")

    call_command("create_demo_users")

    assert get_user_model().objects.count() == 7
    assert get_user_model().objects.get(username="tag").check_password("demo")


def test_create_demo_users_refuses_when_demo_users_are_not_allowed(settings):
    settings.DEMO_USERS_ALLOWED = False

    with pytest.raises(CommandError, match="development only"):
        call_command("create_demo_users")

    assert not get_user_model().objects.exists()


def test_create_demo_users_refuses_under_production_settings(production_env):
    # Production settings switch demo users off whatever DEMO_USERS_ALLOWED says.
    result = manage(
        ["create_demo_users"], {**production_env, "DEMO_USERS_ALLOWED": "true"}, check=False
    )

    assert result.returncode == 1
    assert "Demo users are for development only" in result.stderr


@pytest.fixture
def demo_user(django_user_model):
    return django_user_model.objects.create_user("panel", password="demo")


def test_check_reports_a_demo_user_when_they_are_not_allowed(settings, demo_user):
    settings.DEMO_USERS_ALLOWED = False

    errors = check_no_demo_users(databases=["default"])

    assert [(e.id, e.msg) for e in errors] == [
        ("secrelease.E001", "Demo users are present: panel.")
    ]
    with pytest.raises(SystemCheckError, match="secrelease.E001"):
        call_command("check", databases=["default"])
    with pytest.raises(ImproperlyConfigured, match="Demo users are present: panel"):
        refuse_to_start_with_demo_users()


def test_check_passes_without_demo_users(settings, django_user_model):
    settings.DEMO_USERS_ALLOWED = False
    # Named after a role but with a real password: not a demo user.
    django_user_model.objects.create_user("secas", password="a-real-passphrase")
    django_user_model.objects.create_user("alice", password="demo")

    assert check_no_demo_users(databases=["default"]) == []
    call_command("check", databases=["default"])
    refuse_to_start_with_demo_users()


def test_check_allows_demo_users_in_development(settings, demo_user):
    settings.DEMO_USERS_ALLOWED = True

    assert check_no_demo_users(databases=["default"]) == []
    refuse_to_start_with_demo_users()


def test_demo_users_are_the_roles():
    assert list(DEMO_USERS) == ROLES


def test_the_demo_auditor_is_appointed_to_june_2022_once():
    from audit.models import AuditorAppointment
    from tests.factories import ReleaseFactory

    ReleaseFactory(slug="june-2022", name="June 2022 SEC Release")

    call_command("create_demo_users")
    call_command("create_demo_users")

    appointment = AuditorAppointment.objects.get()
    assert (appointment.user.username, appointment.release.slug) == ("auditor", "june-2022")
    assert appointment.appointed_by.username == "panel"
    assert appointment.is_current()
