"""Sign-in, sign-out, password change, and 403/404 pages a person understands."""

import pytest

from tests.factories import ReleaseFactory

pytestmark = pytest.mark.django_db


def test_sign_in_and_out_round_trip(client, user_with_role):
    user_with_role("panel", username="pat")

    page = client.get("/accounts/login/?next=/releases/")
    assert page.status_code == 200 and 'autocomplete="current-password"' in page.content.decode()

    response = client.post(
        "/accounts/login/", {"username": "pat", "password": "pw", "next": "/releases/"}
    )
    assert response.status_code == 302 and response["Location"] == "/releases/"
    assert "Signed in as <strong>pat</strong>" in client.get("/releases/").content.decode()

    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "Signed in as" not in client.get("/").content.decode()


def test_a_password_change_needs_the_old_password_and_shows_errors_by_the_field(
    client, user_with_role
):
    client.force_login(user_with_role("secas", username="sam"))

    response = client.post(
        "/accounts/password_change/",
        {"old_password": "wrong", "new_password1": "x", "new_password2": "y"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_old_password-error"' in html
    assert "Your old password was entered incorrectly" in html

    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": "pw",
            "new_password1": "a long enough passphrase 42",
            "new_password2": "a long enough passphrase 42",
        },
    )
    assert response["Location"] == "/accounts/password_change/done/"
    assert "Your password has been changed." in client.get(response["Location"]).content.decode()


def test_the_password_change_page_needs_a_signed_in_user(client):
    response = client.get("/accounts/password_change/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_403_page_says_why_who_you_are_and_that_nothing_changed(client, user_with_role):
    ReleaseFactory(slug="june-2022")
    client.force_login(user_with_role("panel", username="pat"))

    response = client.post("/releases/june-2022/scope/add/", {})

    html = response.content.decode()
    assert response.status_code == 403
    assert "<h1>You are not allowed to do that</h1>" in html
    assert "Only SECAS staff change a release&#x27;s scope, timeline and decisions" in html
    assert (
        "You are signed in as <strong>pat</strong> with the role panel. Nothing was changed."
        in html
    )


def test_the_404_page_says_how_pages_are_named(client):
    response = client.get("/releases/june-2099/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "<code>/releases/june-2022/</code>" in html
    assert "<code>/modifications/MP104/</code>" in html
