"""The roles grant what with Django's permission tables for every role and permission."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from core.backends import role_grants
from core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_the_role_backend_grants_exactly_what_the_groups_hold(user_with_role, role):
    user = user_with_role(role)
    every = [
        f"{app}.{codename}"
        for app, codename in Permission.objects.values_list("content_type__app_label", "codename")
    ]

    by_roles = {p for p in every if role_grants(user, p)}
    by_tables = {p for p in every if ModelBackend().has_perm(user, p)}

    assert by_roles == by_tables


def test_an_inactive_user_holds_nothing(user_with_role):
    user = user_with_role("dcc")
    user.is_active = False

    assert not role_grants(user, "acceptance.submit_dcc_evidence")


def _fresh(user):
    """The user as a new request loads it: nothing cached on the object."""
    return type(user).objects.get(pk=user.pk)


def test_every_permission_is_answered_from_the_roles_query(
    user_with_role, django_assert_num_queries
):
    user = _fresh(user_with_role("secas"))

    with django_assert_num_queries(1):  # the user's groups and hand-given permissions
        assert user.has_perm("releases.change_scopeitem")
        assert not user.has_perm("releases.set_live")  # no role of the user grants it
        assert not user.has_perm("acceptance.decide_go_no_go")


def test_a_permission_given_by_hand_is_held_without_another_query(
    user_with_role, django_assert_num_queries
):
    user = user_with_role("dcc")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="releases", codename="set_live")
    )
    user = _fresh(user)

    with django_assert_num_queries(1):
        assert user.has_perm("releases.set_live")
        assert not user.has_perm("releases.baseline_rid")


def test_a_group_that_is_not_a_role_is_read_from_the_permission_tables(django_user_model):
    from django.contrib.auth.models import Group

    group = Group.objects.create(name="reviewers")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="releases", codename="set_live")
    )
    user = django_user_model.objects.create_user("reviewer")
    user.groups.add(group)
    user = _fresh(user)

    assert user.has_perm("releases.set_live")
    assert not user.has_perm("releases.baseline_rid")


def test_an_inactive_user_holds_no_permission_given_by_hand(django_user_model):
    user = django_user_model.objects.create_user("gone", is_active=False)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="releases", codename="set_live")
    )

    assert not _fresh(user).has_perm("releases.set_live")
