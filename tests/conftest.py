import pytest
from django.contrib.auth.models import Group


@pytest.fixture
def user_with_role(django_user_model):
    """Make a user holding one role: `user_with_role("secas")`."""

    def make(role: str, username: str | None = None):
        user = django_user_model.objects.create_user(
            username=username or f"{role}-user", password="pw", email=f"{role}@example.org"
        )
        user.groups.add(Group.objects.get(name=role))
        return user

    return make
