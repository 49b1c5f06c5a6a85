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
