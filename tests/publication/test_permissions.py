import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "permission", "held"),
    [
        ("secas", "publication.add_releasenote", True),
        ("secas", "publication.change_releasenote", True),
        ("secas", "publication.publish_releasenote", True),
        ("secas", "modifications.add_designation", True),
        ("secas", "releases.set_live", False),
        ("panel", "releases.set_live", True),
        ("csc", "releases.set_live", True),
        ("panel", "publication.publish_releasenote", False),
        ("csc", "publication.change_releasenote", False),
        ("dcc", "publication.add_releasenote", False),
    ],
)
def test_secas_writes_notes_and_the_panel_or_csc_sets_releases_live(
    user_with_role, role, permission, held
):
    assert user_with_role(role).has_perm(permission) is held
