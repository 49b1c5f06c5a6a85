"""A TAD's attachment is a DCC document: only the roles holding acceptance.view_tad download it,
through the readiness page or the API; MEDIA_URL serves nothing, not even in DEBUG."""

import importlib

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import Resolver404, clear_url_caches, resolve

from tests.factories import ReleaseFactory, TadFactory

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4 the DCC's testing approach"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def tad(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    tad = TadFactory(release=ReleaseFactory(slug="june-2031"))
    tad.attachment.save("june-2031-tad-v1.pdf", ContentFile(PDF_BYTES), save=True)
    return tad


PAGE = "/releases/june-2031/readiness/tads/1/attachment/"
API = "/api/v1/releases/june-2031/tads/1/attachment/"


def test_anonymous_is_sent_to_sign_in_from_the_page(client, tad):
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_anonymous_is_refused_by_the_api(client, tad):
    assert client.get(API).status_code == 401


@pytest.mark.parametrize("url", [PAGE, API])
def test_a_role_without_view_tad_is_refused(client, tad, user_with_role, url):
    client.force_login(user_with_role("auditor"))

    response = client.get(url)

    assert response.status_code == 403
    assert PDF_BYTES not in b"".join(getattr(response, "streaming_content", [response.content]))


@pytest.mark.parametrize("role", ["dcc", "tag"])
@pytest.mark.parametrize("url", [PAGE, API])
def test_the_dcc_and_the_tag_download_the_bytes(client, tad, user_with_role, role, url):
    client.force_login(user_with_role(role))

    response = client.get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="june-2031-tad-v1.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_a_docx_is_typed_as_one(client, tad, user_with_role):
    tad.attachment.save("june-2031-tad-v2.docx", ContentFile(b"PK docx"), save=True)
    client.force_login(user_with_role("tag"))

    response = client.get(PAGE)

    assert response["Content-Type"] == DOCX


def test_the_api_links_the_checked_view_not_media(client, tad, user_with_role):
    client.force_login(user_with_role("dcc"))

    listed = client.get("/api/v1/releases/june-2031/tads/").json()

    rows = listed["results"] if isinstance(listed, dict) else listed
    assert rows[0]["attachment"]["url"] == f"http://testserver{API}"


def test_the_readiness_page_links_the_checked_view(client, tad, user_with_role):
    client.force_login(user_with_role("tag"))

    html = client.get("/releases/june-2031/readiness/").content.decode()

    assert f'href="{PAGE}"' in html
    assert "/media/" not in html


@override_settings(DEBUG=True)
def test_media_is_not_served_even_in_debug(tad):
    """The URLconf built with DEBUG on has no route to MEDIA_URL (nor would production)."""
    import secrelease.urls

    try:
        clear_url_caches()
        importlib.reload(secrelease.urls)
        with pytest.raises(Resolver404):
            resolve(f"/media/{tad.attachment.name}")
    finally:
        importlib.reload(secrelease.urls)
        clear_url_caches()


def test_reading_readiness_is_not_enough_without_view_tad(client, tad, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("readiness-only")
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="acceptance", codename="view_acceptancecriterion"
        )
    )
    client.force_login(user)

    assert client.get("/releases/june-2031/readiness/").status_code == 200
    assert client.get(PAGE).status_code == 403
