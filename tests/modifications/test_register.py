"""The register: search over references and titles, filters, sorting, 50 a page."""

import datetime
import re

import pytest

from modifications.choices import Path, Phase
from releases.choices import Inclusion
from tests.factories import (
    ModificationFactory,
    ReleaseFactory,
    ScopeItemFactory,
    StatusUpdateFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def _references(html: str) -> list[str]:
    return re.findall(
        r'<th role="rowheader" scope="row" class="text-nowrap"><a href="/modifications/[^/]+/">([^<]+)</a>',
        html,
    )


@pytest.fixture
def register():
    june = ReleaseFactory(slug="june-2022", name="June 2022 SEC Release")
    november = ReleaseFactory(slug="november-2022", name="November 2022 SEC Release")
    secmp0015 = ModificationFactory(
        reference="SECMP0015",
        title="GPF timestamp for reading instantaneous Gas values",
        phase=Phase.APPROVED,
        path=Path.PATH_2,
        impacts_dcc_systems=True,
    )
    ScopeItemFactory(release=june, modification=secmp0015, part="DUIS and MMC changes only")
    ScopeItemFactory(release=november, modification=secmp0015)
    mp104 = ModificationFactory(
        reference="MP104",
        title="Security Improvements",
        phase=Phase.REFINEMENT,
        path=Path.PATH_1,
        impacts_dcc_systems=True,
    )
    ScopeItemFactory(release=june, modification=mp104, inclusion=Inclusion.TARGETED)
    StatusUpdateFactory(modification=mp104, as_of=D(2021, 6, 11))
    mp117 = ModificationFactory(
        reference="MP117",
        title="Bulk CH returns",
        phase=Phase.WITHDRAWN,
        withdrawn_on=D(2021, 6, 9),
    )
    ScopeItemFactory(
        release=june, modification=mp117, inclusion=Inclusion.REMOVED, reason="Withdrawn"
    )
    ModificationFactory(reference="MP99", title="Ninety-nine", phase=Phase.REPORT, path=Path.PATH_3)
    ModificationFactory(
        reference="MP157",
        former_reference="DP157",
        title="Removal of DUIS v1.0 and v2.0",
        phase=Phase.REFINEMENT,
        path=Path.PATH_3,
    )


def test_the_register_lists_every_proposal_in_reference_order(client, register):
    html = client.get("/modifications/").content.decode()

    # SECMP first, then MPs by number: MP99 before MP104.
    assert _references(html) == ["SECMP0015", "MP99", "MP104", "MP117", "MP157"]
    assert "5 modifications." in html
    assert "was DP157" in html
    row = html[html.index(">SECMP0015<") : html.index(">MP99<")]
    assert 'June 2022 SEC Release</a> <span class="small">(DUIS and MMC changes only)</span>' in row
    assert "November 2022 SEC Release" in row


def test_the_natural_order_follows_a_draft_proposal_converted_to_an_mp(client, register):
    draft = ModificationFactory(reference="DP100", title="A draft")

    assert _references(client.get("/modifications/").content.decode())[-1] == "DP100"

    draft.reference, draft.former_reference = "MP100", "DP100"
    draft.save()

    assert _references(client.get("/modifications/").content.decode()) == [
        "SECMP0015",
        "MP99",
        "MP100",
        "MP104",
        "MP117",
        "MP157",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=gas", ["SECMP0015"]),
        ("q=mp10", ["MP104"]),
        ("q=dp157", ["MP157"]),
        ("q=DUIS", ["MP157"]),
        ("phase=REFINEMENT", ["MP104", "MP157"]),
        ("path=PATH_3", ["MP99", "MP157"]),
        ("release=june-2022", ["SECMP0015", "MP104"]),  # MP117 left its scope
        ("dcc=yes", ["SECMP0015", "MP104"]),
        ("dcc=no&phase=REFINEMENT", ["MP157"]),
        ("sort=-reference", ["MP157", "MP117", "MP104", "MP99", "SECMP0015"]),
        ("sort=title", ["MP117", "SECMP0015", "MP99", "MP157", "MP104"]),
        ("sort=-updated", ["MP104", "SECMP0015", "MP99", "MP117", "MP157"]),
        ("phase=NOT_A_PHASE", ["SECMP0015", "MP99", "MP104", "MP117", "MP157"]),
    ],
)
def test_search_filters_and_sorts(client, register, query, expected):
    html = client.get(f"/modifications/?{query}").content.decode()

    assert _references(html) == expected


def test_a_search_with_no_match_says_so(client, register):
    html = client.get("/modifications/?q=zzz").content.decode()

    assert "0 modifications match." in html
    assert "No modification matches." in html


def test_htmx_gets_only_the_results_and_an_announcement(client, register):
    response = client.get(
        "/modifications/?q=gas", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="register-results"
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="register-results">')
    assert "<h1" not in html
    assert '<div hx-swap-oob="innerHTML:#live">1 modifications found</div>' in html


def test_the_register_shows_50_a_page(client):
    ModificationFactory.create_batch(120)

    first = client.get("/modifications/").content.decode()
    third = client.get("/modifications/?page=3").content.decode()

    assert len(_references(first)) == 50 and len(_references(third)) == 20
    assert "120 modifications; showing 101–120." in third
    assert 'aria-label="Register pages"' in first
    assert 'href="?page=2"' in first


def test_sorting_by_phase_follows_the_process(client, register):
    html = client.get("/modifications/?sort=phase").content.decode()

    # Refinement, Report, Approved, Withdrawn: the order of SEC Section D, not of the alphabet.
    assert _references(html) == ["MP104", "MP157", "MP99", "SECMP0015", "MP117"]
