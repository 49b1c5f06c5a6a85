"""The cost review of June 2022 on the reference data: the DCC's estimates of SECMP0024 and MP104
(Design, Build & PIT ranges, the other stages TBC), SECMP0015 counted in November 2022, SECAS's
two lines, against actuals the DCC and SECAS report after go-live."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from pypdf import PdfReader

from costs import selectors, services
from costs.choices import Standing
from costs.models import CostActual
from modifications.models import Modification
from releases.models import Release
from tests.factories import AuditorAppointmentFactory
from tests.reference.conftest import sec_history  # noqa: F401  (the loaded reference data)

pytestmark = pytest.mark.django_db

REPORT = "/releases/june-2022/costs/"
PDF = "/releases/june-2022/costs.pdf"
API = "/api/v1/releases/june-2022/cost-actuals/"


@pytest.fixture(autouse=True)
def _autumn_2022(time_machine):
    time_machine.move_to(datetime.datetime(2022, 10, 3, 12, 0))


@pytest.fixture
def june(sec_history):  # noqa: F811
    return Release.objects.get(slug="june-2022")


@pytest.fixture
def users(sec_history):  # noqa: F811
    made = {}
    for role in ("secas", "panel", "csc", "opsg", "tag", "dcc", "auditor"):
        user = User.objects.create_user(username=f"costs-{role}", password="pw")
        user.groups.add(Group.objects.get(name=role))
        made[role] = user
    return made


def _report_actuals(june, users):
    """The figures the DCC and SECAS report in the autumn after go-live."""
    dcc, secas = users["dcc"], users["secas"]
    mp104 = Modification.objects.get(reference="MP104")
    secmp24 = Modification.objects.get(reference="SECMP0024")
    on = datetime.date(2022, 9, 30)
    for modification, stage, amount in (
        (secmp24, "DESIGN_BUILD_PIT", 300_000),
        (secmp24, "SIT", 40_000),
        (mp104, "DESIGN_BUILD_PIT", 300_000),
    ):
        services.cost_actual_report(
            release=june,
            modification=modification,
            stage=stage,
            amount=Decimal(amount),
            reported_on=on,
            actor=dcc,
        )
    small, project = june.secas_costs.order_by("id")
    for line, amount in ((small, 2_500), (project, 12_000)):
        services.cost_actual_report(
            release=june, secas_cost=line, amount=Decimal(amount), reported_on=on, actor=secas
        )


def test_the_report_compares_each_forecast_with_its_actual(june, users):
    _report_actuals(june, users)

    report = selectors.cost_report(june)

    by_key = {mod.key: mod for mod in report.modifications}
    assert list(by_key) == [
        "SECMP0015 (DUIS and MMC changes only)",
        "SECMP0024",
        "MP104",
    ]
    assert by_key["SECMP0015 (DUIS and MMC changes only)"].not_applicable.startswith(
        "The SECMP0015 implementation costs will"
    )
    secmp24 = {line.stage: line for line in by_key["SECMP0024"].lines}
    assert [line.label for line in by_key["SECMP0024"].lines] == [
        "Design, Build & PIT",
        "SIT",
        "UIT",
        "Implement to live",
        "Application Support",
    ]
    design = secmp24["DESIGN_BUILD_PIT"]
    assert (design.forecast_display, design.actual_value) == ("£151,000 – £350,000", 300_000)
    assert (design.standing, design.variance) == (Standing.WITHIN, 0)
    assert (design.against_low, design.against_high) == (149_000, -50_000)
    assert (secmp24["SIT"].forecast_display, secmp24["SIT"].standing) == ("TBC", Standing.TBC)
    assert secmp24["SIT"].variance is None
    assert secmp24["UIT"].standing == Standing.NO_ACTUAL
    mp104 = by_key["MP104"].lines[0]
    assert (mp104.standing, mp104.variance, mp104.variance_display) == (
        Standing.OVER,
        20_000,
        "Over by £20,000",
    )
    small, project = report.secas
    assert (small.forecast_display, small.variance_display) == ("£3,000", "Under by £500")
    assert project.standing == Standing.WITHIN


def test_the_totals_are_the_sums_of_the_items(june, users):
    _report_actuals(june, users)

    report = selectors.cost_report(june)

    secmp24 = next(m for m in report.modifications if m.key == "SECMP0024").total
    assert (secmp24.low, secmp24.high, secmp24.actual_value) == (151_000, 350_000, 340_000)
    assert secmp24.caveats == "4 TBC forecasts not counted; 3 not reported yet"
    stages = {total.label: total for total in report.stage_totals}
    assert (stages["Design, Build & PIT"].low, stages["Design, Build & PIT"].high) == (
        321_000,
        630_000,
    )
    assert stages["Design, Build & PIT"].actual_value == 600_000
    assert stages["SIT"].forecast_display == "TBC"
    assert stages["SIT"].actual_value == 40_000
    dcc, secas, grand = report.summary
    assert (dcc.low, dcc.high, dcc.actual_value, dcc.variance) == (
        321_000,
        630_000,
        640_000,
        10_000,
    )
    assert (secas.low, secas.high, secas.actual_value, secas.variance) == (
        15_000,
        15_000,
        14_500,
        -500,
    )
    assert (grand.low, grand.high, grand.actual_value) == (336_000, 645_000, 654_500)
    assert grand.variance_display == "Over by £9,500"
    # Each total is its items added up: per modification, per stage, and the whole.
    lines = report.dcc_lines
    assert dcc.actual_value == sum(m.total.actual_value or 0 for m in report.modifications)
    assert dcc.actual_value == sum(t.actual_value or 0 for t in report.stage_totals)
    assert dcc.actual_value == sum(line.actual_value or 0 for line in lines)
    assert grand.actual_value == dcc.actual_value + secas.actual_value
    assert grand.actual_value == sum(a.amount for a in CostActual.objects.filter(release=june))


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_page_and_the_pdf_show_the_same_totals(june, users, client):
    _report_actuals(june, users)
    client.force_login(users["panel"])

    page = _text(client.get(REPORT).content.decode())
    pdf = client.get(PDF)
    pdf_text = re.sub(
        r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    )

    assert pdf["Content-Type"] == "application/pdf"
    for text in (page, pdf_text):
        assert "Cost review of the June 2022 SEC Release" in text
        assert "DCC total £321,000 – £630,000 £640,000 +£319,000 +£10,000 Over by £10,000" in text
        assert "SECAS total £15,000 £14,500 −£500 −£500 Under by £500" in text
        assert "Grand total £336,000 – £645,000 £654,500" in text
        assert "Over by £9,500" in text
        assert "Over by £20,000" in text
        assert "within range" in text.lower()
        assert "N/A: The SECMP0015 implementation costs will" in text


def test_the_report_of_a_release_not_live_shows_the_forecast_only(users, client, sec_history):  # noqa: F811
    client.force_login(users["dcc"])

    response = client.get("/releases/november-2022/costs/")

    assert response.status_code == 200
    text = _text(response.content.decode())
    assert (
        "No actual has been reported yet: the DCC and SECAS report them once the release is live"
        in text
    )
    assert "Report a DCC actual" not in text


def test_readers_and_the_tab(users, client, june):
    """Panel, CSC, SECAS and the DCC read costs; OPSG, TAG and an auditor without a grant do not."""
    assert client.get(REPORT).status_code == 302
    assert client.get(REPORT)["Location"].startswith("/accounts/login/")
    for role, status in (
        ("panel", 200),
        ("csc", 200),
        ("secas", 200),
        ("dcc", 200),
        ("opsg", 403),
        ("tag", 403),
        ("auditor", 403),
    ):
        client.force_login(users[role])
        assert client.get(REPORT).status_code == status, role
        assert client.get(PDF).status_code == status, role
        overview = client.get("/releases/june-2022/").content.decode()
        assert ('href="/releases/june-2022/costs/"' in overview) is (status == 200), role


def test_the_dcc_and_secas_report_in_the_browser(users, client, june):
    mp104 = Modification.objects.get(reference="MP104")
    client.force_login(users["dcc"])

    page = client.get(REPORT).content.decode()
    form = client.get(f"{REPORT}actuals/dcc/new/")
    response = client.post(
        f"{REPORT}actuals/dcc/new/",
        {
            "modification": mp104.pk,
            "stage": "DESIGN_BUILD_PIT",
            "amount": "250000",
            "reported_on": "2022-09-30",
        },
    )

    assert "Report a DCC actual" in page and "Report a SECAS actual" not in page
    assert form.status_code == 200
    assert response.status_code == 302
    actual = CostActual.objects.get()
    assert (actual.modification, actual.amount, actual.reported_by) == (mp104, 250_000, "DCC")
    assert actual.recorded_by == users["dcc"]
    assert client.get(f"{REPORT}actuals/secas/new/").status_code == 403

    client.force_login(users["secas"])
    line = june.secas_costs.order_by("id").first()
    response = client.post(
        f"{REPORT}actuals/secas/new/",
        {"secas_cost": line.pk, "amount": "3100", "reported_on": "2022-09-30"},
    )
    assert response.status_code == 302
    assert CostActual.objects.filter(reported_by="SECAS", secas_cost=line, amount=3100).exists()
    assert client.get(f"{REPORT}actuals/dcc/new/").status_code == 403


def test_a_refused_form_names_the_field_and_writes_nothing(users, client, june):
    mp117 = Modification.objects.get(reference="MP117")  # removed from June 2022's scope
    client.force_login(users["dcc"])

    response = client.post(
        f"{REPORT}actuals/dcc/new/",
        {
            "modification": mp117.pk,
            "stage": "DESIGN_BUILD_PIT",
            "amount": "-5",
            "reported_on": "2022-09-30",
        },
    )

    assert response.status_code == 400
    assert CostActual.objects.count() == 0
    # MP117 is not even offered: the form lists the modifications the release counts.
    assert "Select a valid choice" in response.content.decode()


def test_the_report_reads_in_a_constant_number_of_queries(
    june, users, client, django_assert_max_num_queries
):
    client.force_login(users["panel"])
    client.get(REPORT)  # the session and the user's roles, read once and warmed up
    with django_assert_max_num_queries(12) as few:
        client.get(REPORT)
    _report_actuals(june, users)
    # session, user, roles, the release, then the report: scope, estimates, SECAS lines, actuals
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(REPORT)
    assert response.status_code == 200


def test_an_auditor_of_june_2022_reads_its_costs_and_no_other_release_s(users, june, client):
    AuditorAppointmentFactory(release=june, user=users["auditor"])
    client.force_login(users["auditor"])

    assert client.get(REPORT).status_code == 200
    assert client.get(PDF).status_code == 200
    assert (
        'href="/releases/june-2022/costs/"' in client.get("/releases/june-2022/").content.decode()
    )
    assert client.get("/releases/november-2021/costs/").status_code == 403
    assert "/costs/" not in client.get("/releases/november-2021/").content.decode()
    assert client.get(f"{REPORT}actuals/dcc/new/").status_code == 403
