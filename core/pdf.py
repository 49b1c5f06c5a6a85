"""Render a Django template to PDF with WeasyPrint: papers, RIDs and their comparisons.

WeasyPrint takes 0.6-0.9 s to import, so it is imported on first use, in the long-lived worker
or web process, never at start-up. Styles live inside the PDF templates
(`templates/pdf/base.html`), so no file is fetched while rendering.
"""

import hashlib
import os

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string


def html_to_pdf(html: str) -> bytes:
    """The PDF of `html`: the same HTML gives the same bytes, so a SHA-256 of it means something.

    WeasyPrint writes no date of its own, but the fonts it embeds are subset by fontTools, which
    stamps each subset with the time unless SOURCE_DATE_EPOCH fixes it (reproducible builds).
    """
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def render_pdf(template_name: str, context: dict) -> bytes:
    """The PDF of `template_name` (which extends `pdf/base.html`) rendered with `context`."""
    return html_to_pdf(render_to_string(template_name, context))


def pdf_response(data: bytes, filename: str, *, attachment: bool = False) -> HttpResponse:
    """A PDF for the browser: shown in place (a paper read on screen), or downloaded as a file
    (`attachment`: a RID kept as the record)."""
    response = HttpResponse(data, content_type="application/pdf")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
