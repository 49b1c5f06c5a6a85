"""The go-live form on a release: Panel and CSC only, every value proposed and editable, a
refusal shown next to its field with nothing written."""

import datetime
from decimal import Decimal

import pytest

from modifications.models import DocumentVersion
from releases.choices import ReleaseStatus
from tests.publication.conftest import world_state

pytestmark = pytest.mark.django_db
D = datetime.date
URL = "/releases/june-2022/go-live/"


def _form_data(response, **changes) -> dict:
    """What a browser would send back: the form's values as shown, with `changes`."""
    form = response.context["form"]
    data = {"version": response.context["release"].version}
    for name in form.fields:
        value = form[name].value()
        if value is True:
            data[name] = "on"
        elif value not in (False, None):
            data[name] = str(value)
    data.update(changes)
    return data


@pytest.mark.parametrize("role", ["secas", "opsg", "tag", "dcc"])
def test_other_roles_get_403_from_the_page_and_a_forged_post(
    june_2022, user_with_role, client, role
):
    client.force_login(user_with_role(role))
    before = world_state()

    assert client.get(URL).status_code == 403
    assert client.post(URL, {"go_live_on": "2022-06-30", "sec_version": "61.0"}).status_code == 403
    assert world_state() == before


def test_anyone_signed_out_is_sent_to_sign_in(june_2022, client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={URL}"


def test_the_form_proposes_the_date_the_version_and_each_documents_version(
    june_2022, user_with_role, client
):
    client.force_login(user_with_role("csc"))

    response = client.get(URL)

    assert response.status_code == 200
    form = response.context["form"]
    docs = june_2022.documents
    assert form["go_live_on"].value() == D(2022, 6, 30)
    assert form["sec_version"].value() == Decimal("60.0")
    assert [change.document.code for change in form.changes] == [
        "Section A",
        "Section G",
        "Section J",
        "Schedule 11",
        "Appendix AB",
        "Appendix AD",
        "Appendix AF",
    ]
    # Technical Specifications show the version their impacts name; the rest follow the SEC
    # version, whatever is typed in its field.
    assert form[f"version_{docs['Appendix AD'].pk}"].value() == "6.0"
    assert form[f"version_{docs['Section A'].pk}"].value() == ""
    content = response.content.decode()
    assert 'placeholder="the new SEC version"' in content
    assert "Change Sub-Committee decided <strong>Go</strong> on 21 June 2022." in content


def test_the_panel_sets_june_2022_live_as_v61_through_the_form(june_2022, user_with_role, client):
    client.force_login(user_with_role("panel"))
    shown = client.get(URL)

    response = client.post(URL, _form_data(shown, sec_version="61.0"))

    assert response.status_code == 302
    assert response["Location"] == "/releases/june-2022/"
    june_2022.release.refresh_from_db()
    assert (june_2022.release.status, june_2022.release.sec_version) == (
        ReleaseStatus.LIVE,
        Decimal("61.0"),
    )
    assert (
        DocumentVersion.objects.get(release=june_2022.release, document__code="Section A").version
        == "61.0"
    )


def test_an_unticked_document_is_left_out_of_the_log(june_2022, user_with_role, client):
    client.force_login(user_with_role("panel"))
    shown = client.get(URL)
    data = _form_data(shown, sec_version="61.0")
    del data[f"include_{june_2022.documents['Schedule 11'].pk}"]

    client.post(URL, data)

    codes = set(
        DocumentVersion.objects.filter(release=june_2022.release).values_list(
            "document__code", flat=True
        )
    )
    assert "Schedule 11" not in codes
    assert len(codes) == 6


def test_a_version_going_backwards_is_shown_at_its_field_and_nothing_is_written(
    june_2022, user_with_role, client
):
    client.force_login(user_with_role("panel"))
    shown = client.get(URL)
    duis = june_2022.documents["Appendix AD"]
    before = world_state()

    response = client.post(
        URL, _form_data(shown, sec_version="61.0", **{f"version_{duis.pk}": "4.2"})
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {
        f"version_{duis.pk}": [
            "Appendix AD ‘DCC User Interface Specification’ cannot go back from v5.0 (in effect "
            "from 4 November 2021) to v4.2: a new version must be greater."
        ]
    }
    assert 'aria-invalid="true"' in response.content.decode()
    assert world_state() == before


def test_a_date_before_the_decision_is_shown_at_its_field(june_2022, user_with_role, client):
    client.force_login(user_with_role("panel"))
    shown = client.get(URL)
    before = world_state()

    response = client.post(URL, _form_data(shown, go_live_on="2022-06-01", sec_version="61.0"))

    assert response.status_code == 400
    assert response.context["form"].errors["go_live_on"] == [
        "The go-live date (1 June 2022) cannot be before the go/no-go decision (21 June 2022)."
    ]
    assert world_state() == before


def test_a_malformed_sec_version_is_refused_by_the_form(june_2022, user_with_role, client):
    client.force_login(user_with_role("panel"))
    shown = client.get(URL)
    before = world_state()

    response = client.post(URL, _form_data(shown, sec_version="sixty-one"))

    assert response.status_code == 400
    assert response.context["form"].errors["sec_version"] == ["Enter a number."]
    assert world_state() == before


@pytest.mark.parametrize("document", ["99999999999999999999999", "-99999999999999999999999"])
def test_an_extra_document_id_out_of_any_range_is_an_unknown_choice(
    june_2022, user_with_role, client, document
):
    """SQLite refused the id in Django's `IN` lookup (a 500)."""
    client.force_login(user_with_role("panel"))
    shown = client.get(URL)
    before = world_state()

    response = client.post(URL, _form_data(shown, also_changes=document))

    assert response.status_code == 400
    assert response.context["form"].errors["also_changes"] == [
        f"Select a valid choice. {document} is not one of the available choices."
    ]
    assert world_state() == before


def test_the_go_live_tab_shows_only_for_the_panel_and_csc(june_2022, user_with_role, client):
    assert b"/go-live/" not in client.get("/releases/june-2022/").content
    client.force_login(user_with_role("panel"))
    assert b'href="/releases/june-2022/go-live/"' in client.get("/releases/june-2022/").content
