"""`/api/v1/releases/<slug>/rid/`: each baseline's status, page and the PDF download URL."""

from decimal import Decimal

import pytest

from tests.factories import ReleaseFactory, RidBaselineFactory

pytestmark = pytest.mark.django_db


def test_the_rid_endpoint_links_each_rendered_pdf_and_says_which_is_rendering(client):
    release = ReleaseFactory(slug="june-2031")
    RidBaselineFactory(
        release=release, version=Decimal("0.1"), pdf="rid/a.pdf", pdf_sha256="a" * 64
    )
    RidBaselineFactory(release=release, version=Decimal("1.0"))

    body = client.get("/api/v1/releases/june-2031/rid/").json()

    rows = body["results"] if isinstance(body, dict) else body
    assert [(r["version"], r["status"], r["pdf_url"], r["url"]) for r in rows] == [
        (
            "0.1",
            "rendered",
            "http://testserver/releases/june-2031/rid/0.1.pdf",
            "http://testserver/releases/june-2031/rid/0.1/",
        ),
        ("1.0", "rendering", None, "http://testserver/releases/june-2031/rid/1.0/"),
    ]
    pdf = client.get("/releases/june-2031/rid/1.0.pdf")
    assert pdf.status_code == 409  # still rendering: not served
