"""The June 2022 RID generated from the reference data, checked against the real v0.1 (`000`,
Appendix A): the snapshot section by section, and the PDF read back."""

import io
import json
import re

import pypdf
import pytest

from acceptance.standard import STANDARD_CRITERIA
from core.pdf import sha256_hex
from releases.rid.content import rid_snapshot
from releases.rid.render import rid_html, rid_pdf
from tests.reference.conftest import sec_history  # noqa: F401  (the loaded reference data)
from tests.releases.rid_june_2022 import june_2022_as_in_v01

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sec_history")]

TOP_LEVEL = {
    "schema",
    "document",
    "narrative",
    "scope",
    "impacts",
    "timeline",
    "test_strategy",
    "costs",
    "criteria",
    "version_control",
    "glossary",
}


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture
def v01():
    return rid_snapshot(june_2022_as_in_v01())


def test_the_snapshot_is_plain_json_and_the_same_for_the_same_data(v01):
    assert set(v01) == TOP_LEVEL
    assert json.loads(json.dumps(v01)) == v01
    assert rid_snapshot(june_2022_as_in_v01()) == v01
    assert v01["document"] == {
        "release_slug": "june-2022",
        "release_name": "June 2022 SEC Release",
        "title": "Release Implementation Document",
        "version": "Draft",
        "status": "Draft",
        "issued_on": None,
        "classification": "White",
        "go_live": "2022-06-30",
        "go_live_display": "30 June 2022",
    }


def test_scope_is_v01s(v01):
    scope = v01["scope"]
    assert [i["key"] for i in scope["approved"]] == ["SECMP0015 (DUIS and MMC changes only)"]
    assert [i["key"] for i in scope["targeted"]] == ["SECMP0024", "MP104", "MP117"]
    assert scope["approved"][0]["part"] == "DUIS and MMC changes only"
    assert scope["targeted"][2]["summary"].startswith("proposes to increase the number of Global")
    assert scope["dcc_change_requests"] == []
    assert [p["name"] for p in scope["concurrent"]] == ["Enduring Change of Supplier (ECoS)"]
    assert v01["narrative"]["scope_note"].startswith("No further modifications that impact")


def test_impacts_are_v01s(v01):
    impacts = v01["impacts"]
    ticks = {row["reference"]: row["ticks"] for row in impacts["participants"]}
    assert ticks["MP104"] == {
        "Suppliers": True,
        "Electricity Networks": True,
        "Gas Networks": True,
        "Other SEC Parties": True,
        "DCC": True,
    }
    assert not any(ticks["SECMP0015"].values())
    assert [k for k, v in ticks["MP117"].items() if v] == ["Suppliers", "DCC"]
    assert [(r["audience_label"], r["reference"]) for r in impacts["party_summaries"]] == [
        ("All SEC Parties", "MP104"),
        ("Supplier Parties", "SECMP0024"),
        ("Supplier Parties", "MP117"),
    ]
    assert [(r["area"], r["reference"]) for r in impacts["dcc"]] == [
        ("DUIS", "SECMP0024"),
        ("DSP", "SECMP0024"),
        ("DSP", "MP104"),
        ("DSP", "MP104"),
        ("CSP", "SECMP0024"),
    ]
    documents = impacts["documents"]
    assert documents["columns"] == ["SECMP0015", "SECMP0024", "MP104", "MP117"]
    assert [(d["code"], [r for r, t in d["ticks"].items() if t]) for d in documents["rows"]] == [
        ("Section A", ["SECMP0015", "SECMP0024", "MP104", "MP117"]),
        ("Appendix AB", []),
        ("Appendix AD", ["SECMP0015"]),
        ("Appendix AF", ["SECMP0015"]),
    ]
    assert documents["rows"][1]["designations"] == ["ECoS-related changes"]
    assert documents["any_provisional"] is True
    specs = impacts["tech_specs"]["rows"]
    assert [(s["short_name"], s["new_version"]) for s in specs] == [("DUIS", "6.0"), ("MMC", "6.0")]
    assert all(specs[0]["ticks"].values())
    assert impacts["other_codes"] == []


def test_timeline_costs_criteria_and_glossary_are_v01s(v01):
    first = v01["timeline"][0]
    assert first == {
        "key": "Panel baselines RID for system-impacting modifications",
        "date": "2021-06-18",
        "precision": "DAY",
        "date_display": "18 Jun 2021",
        "event": "Panel baselines RID for system-impacting modifications",
        "notes": "The Panel will review the RID for DCC System-impacting modifications "
        "(including modifications targeted but not approved) and baseline the document.",
        "responsible": "SEC Panel",
        "rule": "",
    }
    assert [m["date_display"] for m in v01["timeline"] if m["precision"] == "MONTH"] == [
        "Oct 2021",
        "Jan 2022",
        "Jun 2022",
    ]
    keys = [m["key"] for m in v01["timeline"]]
    assert len(keys) == len(set(keys)) == 21
    assert keys[-1] == "Release go-live"

    costs = v01["costs"]
    mp117 = [c for c in costs["dcc"] if c["reference"] == "MP117"]
    assert [(c["stage"], c["display"], c["firm"], c["span"]) for c in mp117] == [
        ("IMPLEMENTATION_WHOLE", "£300,000 – £350,000", False, 4),
        ("APPLICATION_SUPPORT", "£50,000 – £100,000", False, 1),
    ]
    secmp0024 = [c for c in costs["dcc"] if c["reference"] == "SECMP0024"]
    assert [c["display"] for c in secmp0024] == ["£151,000 – £350,000"] + ["TBC"] * 4
    assert secmp0024[0]["firm"] is True
    assert costs["dcc_rows"][0]["not_applicable"] is True
    assert [s["display"] for s in costs["secas"]] == [
        "SECAS will incur five days effort, equating to around £3,000, to update and implement "
        "the changes to the SEC.",
        "SECAS estimate a maximum of 20 days of effort, equating to around £12,000, will be "
        "needed for project management of the release.",
    ]

    assert [c["number"] for c in v01["criteria"]["operational"]] == list(range(1, 11))
    assert [c["number"] for c in v01["criteria"]["testing"]] == list(range(1, 8))
    assert v01["test_strategy"]["tad"] is None
    # The reference data records the Panel's baseline of v0.1 (rid_baselines.csv).
    assert [(e["version"], e["issued_on"], e["decision"]) for e in v01["version_control"]] == [
        ("0.1", "2021-06-11", "SECP_93_1806_21")
    ]

    acronyms = [g["acronym"] for g in v01["glossary"]]
    # Every acronym of the real v0.1 glossary that its text uses (TABASC appears only there).
    for acronym in ("CSC", "CSP", "DCC", "DSP", "DUGIDS", "DUIS", "GPF", "GSME", "GUID", "MMC"):
        assert acronym in acronyms
    for acronym in ("PIT", "RID", "SEC", "SECAS", "SIT", "TAD", "TAG", "UIT", "XML"):
        assert acronym in acronyms
    assert "SMKI" not in acronyms and "TABASC" not in acronyms
    assert acronyms == sorted(acronyms, key=str.upper)


def test_rendering_reads_only_the_snapshot(v01, django_assert_num_queries):
    with django_assert_num_queries(0):
        page = rid_html(v01)
        document = rid_html(v01, for_pdf=True)
    assert "<html" not in page and 'id="scope"' in page
    assert document.startswith("<!doctype html>")
    assert "June 2022 SEC Release Implementation Document" in document


def test_the_pdf_reads_like_the_real_v01(v01):
    pdf = rid_pdf(v01)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    pages = [page.extract_text() for page in reader.pages]
    text = "\n".join(pages)
    flat = _words(text)

    assert 9 <= len(pages) <= 13
    # The cover, then "About this document" and the contents with their page numbers.
    assert "June 2022 SEC Release Implementation Document Draft" in _words(pages[0])
    assert "Page 1 of" in pages[0]
    assert "About this document" in pages[1]
    contents = re.findall(r"^(.+?) \.{5,} ?(\d+)$", pages[1], flags=re.M)
    titles = [title for title, _ in contents]
    assert titles == [
        "1. Scope",
        "2. Impacts",
        "3. Implementation timeline",
        "4. Test strategy",
        "5. Costs",
        "6. Acceptance criteria",
        "Appendix 1: Version control",
        "Appendix 2: Glossary",
    ]
    numbers = [int(n) for _, n in contents]
    assert numbers[0] == 3 and numbers == sorted(numbers)
    # Each contents entry's page starts or carries that heading.
    for title, number in contents:
        assert title in pages[int(number) - 1]
    # The running header and footer on every page after the cover.
    for n, page in enumerate(pages, start=1):
        assert f"Page {n} of {len(pages)}" in page
        assert "This document has a Classification of White" in _words(page)
    assert all("June 2022 SEC Release Implementation Document" in _words(p) for p in pages[1:])

    assert "MP104 ✓ ✓ ✓ ✓ ✓" in text
    assert "MP117 £300,000 – £350,000 £50,000 –" in flat
    # A cell's line break after a hyphen reads back as "- ".
    joined = re.sub(r"(\w)- (\w)", r"\1-\2", flat)
    assert "18 Jun 2021 Panel baselines RID for system-impacting modifications" in joined
    assert "Other code impacts No other Codes are impacted" in flat
    assert (
        "Appendix AB and Appendix AD are also changed by ECoS-related changes, a Government "
        "designation implemented alongside this release." in flat
    )
    for criterion in STANDARD_CRITERIA:
        assert _words(criterion.text) in flat, criterion.number
    assert "Appendix 2: Glossary" in flat and "GUID Global Unique Identifier" in flat


def test_the_same_snapshot_gives_the_same_pdf(v01):
    first = rid_pdf(v01)
    assert sha256_hex(rid_pdf(json.loads(json.dumps(v01)))) == sha256_hex(first)


def test_the_draft_page_shows_june_2022_as_it_ended(client):
    response = client.get("/releases/june-2022/rid/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Release Implementation Document (RID): live draft" in html
    # Live today: every modification approved, MP117 gone, the 2022 additions in.
    assert "Targeted Modification Proposals" in html
    assert "No further Modification Proposals are targeted for this release." in html
    for reference in ("SECMP0015", "SECMP0024", "MP104", "MP159", "MP195", "MP199"):
        assert f"<strong>{reference} ‘" in html
    assert "<strong>MP117 ‘" not in html
    assert "No further modifications that impact on DCC Systems are expected" in html


def test_the_loader_carries_the_narrative_and_a_second_run_changes_nothing():
    from releases.models import RidNarrative
    from tests.reference.conftest import run_loader, table_counts

    narrative = RidNarrative.objects.get(release__slug="june-2022")
    assert narrative.dcc_costs_outlook.startswith("The DCC will provide standalone costs")
    assert narrative.history.count() == 1
    before = table_counts()
    output = run_loader()
    assert re.search(r"rid_narratives\.csv +0 created +0 updated +1 unchanged", output)
    assert table_counts() == before
