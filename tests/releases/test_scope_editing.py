"""SECAS edits a release's scope on its page: each write through the service, each refusal next
to its field with nothing written, every other role refused with 403."""

import datetime

import pytest
import time_machine

from releases.choices import Inclusion, ReleaseStatus
from releases.models import ScopeItem
from tests.factories import ModificationFactory, ReleaseFactory, ScopeItemFactory

pytestmark = pytest.mark.django_db
D = datetime.date
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2021, 10, 7, 12, 0), tick=False):
        yield


@pytest.fixture
def november():
    return ReleaseFactory(
        slug="november-2021", name="November 2021 SEC Release", planned_go_live=D(2021, 11, 4)
    )


@pytest.fixture
def february():
    return ReleaseFactory(
        slug="february-2022", name="February 2022 SEC Release", planned_go_live=D(2022, 2, 24)
    )


@pytest.fixture
def secas(client, user_with_role):
    user = user_with_role("secas", username="sam")
    client.force_login(user)
    return user


def _scope_rows():
    return sorted(
        ScopeItem.objects.values_list(
            "release__slug", "modification__reference", "inclusion", "decision_cutoff", "reason"
        )
    )


def _error_next_to(html: str, field_id: str) -> str:
    """The text of the error message rendered under the field `field_id`."""
    marker = f'id="{field_id}_error"'
    assert marker in html, f"no error under {field_id}"
    start = html.index(">", html.index(marker)) + 1
    return html[start : html.index("</div>", start)].strip()


# Adding


def test_secas_adds_a_targeted_modification_with_its_cut_off(client, secas, november):
    ModificationFactory(reference="MP149", title="Effecting Changes to the SEC efficiently")

    response = client.post(
        "/releases/november-2021/scope/add/",
        {"modification": "mp149", "inclusion": "TARGETED", "decision_cutoff": "2021-10-21"},
        **HTMX,
    )

    assert response.status_code == 200
    assert response["HX-Retarget"] == "#scope"
    page = response.content.decode()
    assert "MP149 added to the scope of November 2021 SEC Release (targeted)." in page
    assert "Targeted: included only if approved by 21 October 2021" in page
    assert "10 Working Days to cut-off" in page
    item = ScopeItem.objects.get()
    assert (item.inclusion, item.decision_cutoff) == (Inclusion.TARGETED, D(2021, 10, 21))
    assert item.history.first().history_user == secas


def test_without_javascript_an_add_redirects_back_to_the_scope(client, secas, november):
    ModificationFactory(reference="MP150")

    response = client.post(
        "/releases/november-2021/scope/add/", {"modification": "MP150", "inclusion": "APPROVED"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/releases/november-2021/#scope"
    page = client.get(response["Location"]).content.decode()
    assert "MP150 added to the scope of November 2021 SEC Release (approved for inclusion)." in page


def test_a_draft_proposal_is_found_by_its_former_reference(client, secas, november):
    ModificationFactory(reference="MP157", former_reference="DP157")

    client.post(
        "/releases/november-2021/scope/add/",
        {"modification": "DP157", "inclusion": "APPROVED"},
        **HTMX,
    )

    assert _scope_rows() == [("november-2021", "MP157", "APPROVED", None, "")]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"modification": "MP999", "inclusion": "APPROVED"},
            "add_modification",
            "No modification has the reference MP999.",
        ),
        (
            {"modification": "XY12", "inclusion": "APPROVED"},
            "add_modification",
            "‘XY12’ is not a reference: A modification reference is DP, MP or SECMP, then three "
            "or four digits and an optional capital letter (e.g. MP104, MP134A, SECMP0015, DP157).",
        ),
        (
            {"modification": "MP149", "inclusion": "TARGETED", "decision_cutoff": "2021-11-05"},
            "add_decision_cutoff",
            "The decision cut-off must be on or before the release&#x27;s go-live date "
            "(04 November 2021).",
        ),
        (
            {"modification": "MP149", "inclusion": "TARGETED"},
            "add_decision_cutoff",
            "A targeted item needs its decision cut-off date.",
        ),
        (
            {"modification": "MP149", "inclusion": "APPROVED", "decision_cutoff": "2021-10-21"},
            "add_decision_cutoff",
            "Only a targeted item has a decision cut-off; leave it empty for an approved one.",
        ),
    ],
    ids=[
        "unknown-reference",
        "malformed-reference",
        "cut-off-after-go-live",
        "no-cut-off",
        "cut-off-on-approved",
    ],
)
def test_a_bad_addition_is_refused_next_to_its_field_and_nothing_is_written(
    client, secas, november, data, field, message
):
    ModificationFactory(reference="MP149")

    response = client.post("/releases/november-2021/scope/add/", data, **HTMX)

    assert response.status_code == 422
    html = response.content.decode()
    assert _error_next_to(html, field) == message
    assert f'aria-describedby="{field}_error' in html
    assert not ScopeItem.objects.exists()


def test_a_duplicate_scope_item_is_refused_next_to_the_reference(client, secas, november):
    ScopeItemFactory(release=november, modification=ModificationFactory(reference="MP149"))
    before = _scope_rows()

    response = client.post(
        "/releases/november-2021/scope/add/",
        {"modification": "MP149", "inclusion": "APPROVED"},
        **HTMX,
    )

    assert response.status_code == 422
    assert (
        _error_next_to(response.content.decode(), "add_modification")
        == "This part of the modification is already in the release&#x27;s scope."
    )
    assert _scope_rows() == before


def test_without_javascript_a_refusal_shows_the_form_page_with_the_error(client, secas, november):
    response = client.post(
        "/releases/november-2021/scope/add/", {"modification": "MP999", "inclusion": "APPROVED"}
    )

    assert response.status_code == 422
    html = response.content.decode()
    assert "<h1" in html and "Add a modification to the November 2021 SEC Release" in html
    assert _error_next_to(html, "add_modification") == "No modification has the reference MP999."


# Moving


def test_secas_moves_a_targeted_item_to_another_release_with_a_new_cut_off(
    client, secas, november, february
):
    item = ScopeItemFactory(
        release=november,
        modification=ModificationFactory(reference="MP149"),
        inclusion=Inclusion.TARGETED,
        decision_cutoff=D(2021, 10, 21),
    )

    response = client.post(
        f"/releases/november-2021/scope/{item.pk}/move/",
        {
            "to_release": "february-2022",
            "decision_cutoff": "2022-01-27",
            "reason": "The Authority will not decide before the cut-off.",
            "version": item.version,
        },
        **HTMX,
    )

    assert response.status_code == 200
    assert response["HX-Retarget"] == "#scope"
    html = response.content.decode()
    assert "MP149 moved from November 2021 SEC Release to February 2022 SEC Release." in html
    assert 'Deferred to <a href="/releases/february-2022/">February 2022 SEC Release</a>' in html
    assert _scope_rows() == [
        ("february-2022", "MP149", "TARGETED", D(2022, 1, 27), ""),
        (
            "november-2021",
            "MP149",
            "DEFERRED",
            None,
            "The Authority will not decide before the cut-off.",
        ),
    ]


def test_the_move_form_offers_only_releases_still_open(client, secas, november, february):
    ReleaseFactory(
        slug="june-2021",
        name="June 2021 SEC Release",
        planned_go_live=D(2021, 6, 24),
        actual_go_live=D(2021, 6, 24),
        status=ReleaseStatus.LIVE,
    )
    item = ScopeItemFactory(release=november)

    html = client.get(f"/releases/november-2021/scope/{item.pk}/move/", **HTMX).content.decode()

    assert '<option value="february-2022">February 2022 SEC Release' in html
    assert "june-2021" not in html and 'value="november-2021"' not in html
    assert "Decision cut-off in that release" not in html  # an approved item has no cut-off


def test_a_move_to_a_live_release_is_refused_next_to_the_choice(client, secas, november):
    ReleaseFactory(
        slug="june-2021",
        name="June 2021 SEC Release",
        planned_go_live=D(2021, 6, 24),
        actual_go_live=D(2021, 6, 24),
        status=ReleaseStatus.LIVE,
    )
    item = ScopeItemFactory(release=november, modification=ModificationFactory(reference="MP150"))
    before = _scope_rows()

    response = client.post(
        f"/releases/november-2021/scope/{item.pk}/move/",
        {"to_release": "june-2021", "reason": "Earlier", "version": item.version},
        **HTMX,
    )

    assert response.status_code == 422
    assert (
        _error_next_to(response.content.decode(), f"move_{item.pk}_to_release")
        == "June 2021 SEC Release is live: nothing can be moved into it."
    )
    assert _scope_rows() == before


def test_a_move_whose_cut_off_falls_after_the_new_go_live_writes_nothing(
    client, secas, november, february
):
    item = ScopeItemFactory(
        release=november, inclusion=Inclusion.TARGETED, decision_cutoff=D(2021, 10, 21)
    )
    before = _scope_rows()

    response = client.post(
        f"/releases/november-2021/scope/{item.pk}/move/",
        {
            "to_release": "february-2022",
            "decision_cutoff": "2022-03-01",
            "reason": "Later",
            "version": item.version,
        },
        **HTMX,
    )

    assert response.status_code == 422
    assert _error_next_to(response.content.decode(), f"move_{item.pk}_decision_cutoff") == (
        "The decision cut-off must be on or before the release&#x27;s go-live date "
        "(24 February 2022)."
    )
    # The deferral written before the refusal was rolled back with it: nothing half saved.
    assert _scope_rows() == before


def test_a_move_into_a_release_that_already_has_the_item_is_refused(
    client, secas, november, february
):
    modification = ModificationFactory(reference="MP149")
    item = ScopeItemFactory(release=november, modification=modification)
    ScopeItemFactory(release=february, modification=modification)
    before = _scope_rows()

    response = client.post(
        f"/releases/november-2021/scope/{item.pk}/move/",
        {"to_release": "february-2022", "reason": "Later", "version": item.version},
        **HTMX,
    )

    assert response.status_code == 422
    assert _error_next_to(response.content.decode(), f"move_{item.pk}_to_release") == (
        "This part of the modification is already in the scope of February 2022 SEC Release."
    )
    assert _scope_rows() == before


def test_a_move_needs_a_reason(client, secas, november, february):
    item = ScopeItemFactory(release=november)

    response = client.post(
        f"/releases/november-2021/scope/{item.pk}/move/",
        {"to_release": "february-2022", "reason": "", "version": item.version},
        **HTMX,
    )

    assert response.status_code == 422
    assert (
        _error_next_to(response.content.decode(), f"move_{item.pk}_reason")
        == "Say why the item moves (it is recorded)."
    )
    assert ScopeItem.objects.count() == 1


def test_the_second_of_two_editors_is_told_and_nothing_is_overwritten(
    client, secas, november, february
):
    item = ScopeItemFactory(release=november, modification=ModificationFactory(reference="MP149"))
    opened = item.version
    # The first editor removes the item...
    client.post(
        f"/releases/november-2021/scope/{item.pk}/remove/",
        {"reason": "Withdrawn by the Proposer", "version": opened},
        **HTMX,
    )
    after_first = _scope_rows()

    # ...the second, working from the same page, tries to move it.
    response = client.post(
        f"/releases/november-2021/scope/{item.pk}/move/",
        {"to_release": "february-2022", "reason": "Later", "version": opened},
        **HTMX,
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "was changed by someone else since you opened it; reload and try again." in html, html
    assert (
        _scope_rows()
        == after_first
        == [("november-2021", "MP149", "REMOVED", None, "Withdrawn by the Proposer")]
    )


# Removing


def test_secas_removes_an_item_with_a_reason_that_is_recorded(client, secas, november):
    item = ScopeItemFactory(release=november, modification=ModificationFactory(reference="MP117"))

    response = client.post(
        f"/releases/november-2021/scope/{item.pk}/remove/",
        {"reason": "Withdrawn on 9 June 2021", "version": item.version},
        **HTMX,
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "MP117 removed from the scope of November 2021 SEC Release." in html
    assert "Reason: Withdrawn on 9 June 2021" in html
    assert _scope_rows() == [
        ("november-2021", "MP117", "REMOVED", None, "Withdrawn on 9 June 2021")
    ]


def test_cancelling_an_inline_form_puts_the_row_back(client, secas, november):
    item = ScopeItemFactory(release=november, modification=ModificationFactory(reference="MP117"))

    html = client.get(f"/releases/november-2021/scope/{item.pk}/", **HTMX).content.decode()

    assert html.strip().startswith("<tr") and 'id="scope-item-' in html and "MP117" in html


# Who may


@pytest.mark.parametrize("role", ["panel", "csc", "opsg", "tag", "dcc", "auditor"])
def test_every_other_role_is_refused_every_scope_write_with_403(
    client, user_with_role, november, february, role
):
    client.force_login(user_with_role(role))
    ModificationFactory(reference="MP149")
    item = ScopeItemFactory(release=november)
    before = _scope_rows()

    responses = [
        client.post(
            "/releases/november-2021/scope/add/", {"modification": "MP149", "inclusion": "APPROVED"}
        ),
        client.post(
            f"/releases/november-2021/scope/{item.pk}/move/",
            {"to_release": "february-2022", "reason": "x", "version": 1},
        ),
        client.post(
            f"/releases/november-2021/scope/{item.pk}/remove/", {"reason": "x", "version": 1}
        ),
        client.get(f"/releases/november-2021/scope/{item.pk}/move/"),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403, 403]
    assert "Only SECAS staff change a release" in responses[0].content.decode()
    assert _scope_rows() == before


def test_an_anonymous_write_is_refused_and_offered_a_sign_in(client, november):
    ModificationFactory(reference="MP149")

    response = client.post(
        "/releases/november-2021/scope/add/", {"modification": "MP149", "inclusion": "APPROVED"}
    )

    assert response.status_code == 403
    assert "/accounts/login/?next=/releases/november-2021/scope/add/" in response.content.decode()
    assert not ScopeItem.objects.exists()


def test_a_live_release_shows_no_scope_controls_even_to_secas(client, secas):
    live = ReleaseFactory(
        slug="june-2021",
        planned_go_live=D(2021, 6, 24),
        actual_go_live=D(2021, 6, 24),
        status=ReleaseStatus.LIVE,
    )
    ScopeItemFactory(release=live)

    html = client.get("/releases/june-2021/").content.decode()

    assert "Add a modification to this release" not in html
    assert ">Move<" not in html
    assert "The release is live: its scope can no longer change." in html
