import pytest

from tests.publication.conftest import june_2022  # noqa: F401  (the June 2022 release, to go live)


@pytest.fixture
def panel(user_with_role):
    return user_with_role("panel", "pat")


@pytest.fixture
def secas(user_with_role):
    return user_with_role("secas", "sam")
