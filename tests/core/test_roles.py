import pytest
from django.contrib.auth.models import Group

from core.roles import Role, has_role

pytestmark = pytest.mark.django_db


def test_migrate_creates_one_group_per_role():
    assert set(Group.objects.values_list("name", flat=True)) == {r.value for r in Role}


@pytest.mark.parametrize(
    ("role", "permission", "held"),
    [
        ("secas", "releases.change_scopeitem", True),
        ("secas", "modifications.change_modification", True),
        ("secas", "releases.baseline_rid", False),
        ("panel", "releases.baseline_rid", True),
        ("panel", "releases.change_scopeitem", False),
        ("panel", "releases.view_scopeitem", True),
        ("csc", "releases.rebaseline_rid", True),
        ("csc", "acceptance.decide_go_no_go", True),
        ("opsg", "acceptance.record_opsg_view", True),
        ("opsg", "acceptance.record_tag_view", False),
        ("tag", "acceptance.record_tag_view", True),
        ("tag", "acceptance.review_tad", True),
        ("dcc", "acceptance.submit_dcc_evidence", True),
        ("dcc", "releases.change_release", False),
        ("auditor", "releases.view_release", False),
    ],
)
def test_each_role_holds_exactly_its_permissions(user_with_role, role, permission, held):
    user = user_with_role(role)

    assert user.has_perm(permission) is held
    assert has_role(user, role)
