"""The scope table as CSV and XLSX: the page's rows, from the page's selector."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from releases.choices import Inclusion
from tests.factories import (
    ModificationFactory,
    ReleaseFactory,
    ScopeItemFactory,
    StatusUpdateFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def november():
    release = ReleaseFactory(
        slug="november-2021", name="November 2021 SEC Release", planned_go_live=D(2021, 11, 4)
    )
    mp077 = ModificationFactory(
        reference="MP077", title="DCC Service Flagging", impacts_dcc_systems=True
    )
    ScopeItemFactory(release=release, modification=mp077, position=1)
    mp149 = ModificationFactory(
        reference="MP149", title="Effecting Changes to the Smart Energy Code efficiently"
    )
    ScopeItemFactory(
        release=release,
        modification=mp149,
        inclusion=Inclusion.TARGETED,
        decision_cutoff=D(2021, 10, 21),
        position=2,
    )
    StatusUpdateFactory(
        modification=mp149,
        as_of=D(2021, 6, 11),
        text='=HYPERLINK("http://evil") The Modification Report is expected in July 2021.',
    )
    return release


def test_the_csv_has_the_scope_rows_in_page_order(client, november):
    response = client.get("/releases/november-2021/scope.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="november-2021-scope.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:6] == [
        "Reference",
        "Title",
        "Part",
        "Status",
        "Decision cut-off",
        "Impacts DCC Systems",
    ]
    assert rows[1][:6] == ["MP077", "DCC Service Flagging", "", "Approved for inclusion", "", "Yes"]
    assert rows[2][:8] == [
        "MP149",
        "Effecting Changes to the Smart Energy Code efficiently",
        "",
        "Targeted",
        "2021-10-21",
        "No",
        # A cell that would run as a formula in a spreadsheet is kept as text.
        '\'=HYPERLINK("http://evil") The Modification Report is expected in July 2021.',
        "2021-06-11",
    ]


def test_the_xlsx_has_the_same_rows_with_real_dates(client, november):
    response = client.get("/releases/november-2021/scope.xlsx")

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Scope of the November 2021 SEC Release"
    assert [c.value for c in sheet[3]][:4] == [
        "MP077",
        "DCC Service Flagging",
        None,
        "Approved for inclusion",
    ]
    mp149 = list(sheet[4])
    assert mp149[0].value == "MP149"
    assert mp149[4].value == datetime.datetime(2021, 10, 21)
    assert mp149[6].data_type == "s"  # text, not a formula
    assert mp149[6].value.startswith("=HYPERLINK")


def test_an_export_of_an_unknown_release_is_a_404(client):
    assert client.get("/releases/nope/scope.csv").status_code == 404
