"""A RID snapshot as HTML (the page's body, or the whole PDF document) and as PDF.

Rendering reads the snapshot and nothing else (no query), so a baseline's frozen snapshot renders
today as it did the day it was approved, and the same snapshot always gives the same PDF bytes.
"""

import datetime
import html
import re

from django.template.loader import render_to_string

from core.pdf import html_to_pdf
from releases.choices import date_label

DOCUMENT_TEMPLATE = "releases/rid/_document.html"
PDF_TEMPLATE = "pdf/rid.html"


def _grouped(rows: list[dict], key: str, labels: list[str] | None = None) -> list[dict]:
    """Rows grouped under their label, in the order given (every label, even an empty one,
    when `labels` is given), else in order of first appearance."""
    groups: dict[str, list] = {label: [] for label in labels or []}
    for row in rows:
        groups.setdefault(row[key], []).append(row)
    return [{"label": label, "rows": rows} for label, rows in groups.items()]


def _designation_notes(documents: list[dict]) -> list[dict]:
    """Per designation, the documents it changes: "Appendix AB and Appendix AD"."""
    changed: dict[str, list[str]] = {}
    for document in documents:
        for designation in document.get("designations", []):
            changed.setdefault(designation, []).append(document["code"])
    return [
        {
            "designation": designation,
            "documents": " and ".join(filter(None, [", ".join(codes[:-1]), codes[-1]])),
            "plural": len(codes) > 1,
        }
        for designation, codes in changed.items()
    ]


def _running_title(document: dict) -> str:
    """ "June 2022 SEC Release Implementation Document", as the real RID's header reads."""
    name = document["release_name"]
    title = document["title"]
    if name.endswith(" Release") and title.startswith("Release "):
        return f"{name} {title.removeprefix('Release ')}"
    return f"{name} {title}"


def _bullet(item: dict) -> dict:
    """A scope item with how its summary follows the bold reference and title: "MP117 ‘Bulk CH
    returns’ proposes ..." reads on; a summary that starts a sentence of its own follows a colon.
    (A copy: rendering never changes the snapshot.)"""
    summary = item["summary"]
    return {**item, "join": " " if summary[:1].islower() else ": " if summary else ""}


def _context(snapshot: dict, *, for_pdf: bool) -> dict:
    document = snapshot["document"]
    impacts = snapshot["impacts"]
    costs = snapshot["costs"]
    footnotes = []
    cost_rows = []
    for row in costs["dcc_rows"]:
        marker = None
        if row["not_applicable"] and row["note"]:
            footnotes.append(row["note"])
            marker = len(footnotes)
        cost_rows.append({**row, "footnote": marker})
    scope = snapshot["scope"]
    version = document["version"]
    issued_on = document.get("issued_on")
    return {
        **snapshot,
        "doc": document,
        "for_pdf": for_pdf,
        "doc_title": _running_title(document),
        "classification": document["classification"],
        "version_label": version if version == "Draft" else f"v{version}",
        "issued_on_display": (
            date_label(datetime.date.fromisoformat(issued_on)) if issued_on else ""
        ),
        "party_groups": _grouped(
            impacts["party_summaries"], "audience_label", impacts["party_audiences"]
        ),
        "dcc_groups": _grouped(impacts["dcc"], "area_label"),
        "approved": [_bullet(item) for item in scope["approved"]],
        "targeted": [_bullet(item) for item in scope["targeted"]],
        "designation_notes": _designation_notes(impacts["documents"]["rows"]),
        "cost_rows": cost_rows,
        "cost_footnotes": footnotes,
        "has_annex": snapshot["test_strategy"]["tad"] is not None,
    }


def rid_html(
    snapshot: dict, *, for_pdf: bool = False, review_panels: dict[str, str] | None = None
) -> str:
    """The RID as HTML: the body the page shows, or (`for_pdf`) the whole document for the PDF.

    `review_panels` (the draft page's, already rendered and safe) go at the end of the sections
    they name (`RidSection` names in lower case: "timeline"); never in a PDF."""
    context = _context(snapshot, for_pdf=for_pdf)
    if review_panels and not for_pdf:
        context["review_panels"] = review_panels
    return render_to_string(PDF_TEMPLATE if for_pdf else DOCUMENT_TEMPLATE, context)


def rid_pdf(snapshot: dict) -> bytes:
    """The RID as PDF: the same snapshot gives the same bytes (see `core.pdf.html_to_pdf`)."""
    return html_to_pdf(rid_html(snapshot, for_pdf=True))


_TAG = re.compile(r"<[^>]+>")


def rid_text(snapshot: dict) -> str:
    """The words of the document (what its glossary is worked out from)."""
    return html.unescape(_TAG.sub(" ", rid_html(snapshot)))
