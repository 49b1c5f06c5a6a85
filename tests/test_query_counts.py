"""Each page runs the same number of queries at 10 and at 1,000 modifications.

The data grows everywhere a page reads: modifications, their scope items in every release, their
status updates, and the history of all of them. A page that loops over rows and queries per row
(N+1) fails here.
"""

import datetime
import itertools

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from simple_history.utils import bulk_create_with_history

from core.choices import Body
from modifications.models import Modification, StatusUpdate
from releases.choices import Inclusion, MilestoneKind
from releases.models import ScopeItem
from tests.factories import (
    AssessmentFactory,
    DccCostFactory,
    DccImpactFactory,
    DecisionFactory,
    DocumentImpactFactory,
    MilestoneFactory,
    ModificationFactory,
    OtherCodeImpactFactory,
    ParticipantImpactFactory,
    PartyImpactSummaryFactory,
    ReleaseFactory,
    StatusUpdateFactory,
    TechSpecImpactFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date

PAGES = [
    "/",
    "/releases/",
    "/releases/june-2022/",
    "/releases/june-2022/history/",
    "/releases/june-2022/rid/",
    "/releases/june-2022/scope.csv",
    "/releases/june-2022/scope.xlsx",
    "/modifications/",
    "/modifications/?q=MP&phase=APPROVED&dcc=yes&release=june-2022&sort=-updated&page=2",
    "/modifications/MP1000/",
    "/modifications/MP999/",
    "/modifications/MP1000/history/",
    "/modifications/MP999/history/",
]
SECAS_PAGES = [
    *PAGES,
    "/releases/june-2022/scope/{item}/move/",
    "/releases/june-2022/milestones/{milestone}/edit/",
]

# What each page costs, anonymous. Signed in adds 2 (session, user) and 1 more for the roles
# shown in the header; a SECAS user's edit controls add 2 (their permissions: user, groups).
EXPECTED_ANONYMOUS = {
    "/": 3,  # releases with their next milestone's id, scope counts, those milestones
    "/releases/": 4,  # + the key milestones for the timeline
    # The release (knowing if it has concurrent programmes or DCC CRs: none here), scope items,
    # their latest status updates, milestones, decisions (the alerts slot's missed cut-offs come
    # from the scope items). Programmes and CRs add one each.
    "/releases/june-2022/": 5,
    # The release (knowing whether its programmes and RID narrative have history: none here);
    # history of the release, its scope (with the modification references and the deferred-to
    # release names), milestones and decisions. Programmes and the narrative add one each.
    "/releases/june-2022/history/": 5,
    # The release; the RID's snapshot (releases/rid/content.py, one query per kind of row: 17,
    # its Version control among them); the baselines list beside the draft.
    "/releases/june-2022/rid/": 19,
    "/releases/june-2022/scope.csv": 3,  # release, scope items, their latest status updates
    "/releases/june-2022/scope.xlsx": 3,
    # Releases (the filter, and the names of the scope column), count, the page with its latest
    # status dates, its scope items.
    "/modifications/": 4,
    "/modifications/?q=MP&phase=APPROVED&dcc=yes&release=june-2022&sort=-updated&page=2": 4,
    # The modification, knowing which of its 8 sometimes-empty tables have rows (none here); its
    # status updates and releases. Each table with rows adds one query, whatever its size.
    "/modifications/MP1000/": 3,
    "/modifications/MP999/": 11,  # and one query for each of those 8 tables
    # The modification, knowing which of 8 sometimes-empty tables have history (none here); the
    # history of the modification, its status updates and scope items (with release names).
    "/modifications/MP1000/history/": 4,
    # With history everywhere: the 8 tables' too (SEC documents' codes read with theirs).
    "/modifications/MP999/history/": 12,
}

# Signed in as SECAS: the session, the user, and the user's roles with any permissions given by
# hand (core.roles.user_roles: every permission is answered from them, and whether the user
# follows the release or modification is read with it). The exports never look at the user.
EXPECTED_SECAS = {
    # Every page reads the session, the user and their roles, the exports too: whether the user
    # is an auditor, whose every request is logged (audit.middleware).
    **{page: count + 3 for page, count in EXPECTED_ANONYMOUS.items()},
    # + whether the user follows the release (its own query), the draft's review comments (one)
    "/releases/june-2022/rid/": 24,
    "/releases/june-2022/scope/{item}/move/": 6,  # session, user, roles, release, item, releases
    "/releases/june-2022/milestones/{milestone}/edit/": 6,  # ..., release, milestone, anchors
}


class World:
    """Releases with timelines and decisions, and modifications added in growing batches."""

    def __init__(self):
        self.releases = [
            ReleaseFactory(slug=slug, planned_go_live=go_live)
            for slug, go_live in [
                ("june-2022", D(2022, 6, 30)),
                ("november-2022", D(2022, 11, 3)),
                ("february-2023", D(2023, 2, 23)),
                ("june-2023", D(2023, 6, 29)),
            ]
        ]
        for release in self.releases:
            uit = MilestoneFactory(
                release=release,
                kind=MilestoneKind.UIT_START,
                date=release.planned_go_live - datetime.timedelta(days=40),
            )
            MilestoneFactory(
                release=release,
                kind=MilestoneKind.REGRESSION_PLANS_DUE,
                responsible=Body.TEST_PARTICIPANTS,
                anchor=uit,
                offset_working_days=-10,
                date=uit.date - datetime.timedelta(days=14),
            )
            MilestoneFactory(release=release, kind=MilestoneKind.RID_BASELINE, date=D(2021, 6, 18))
            DecisionFactory(release=release)
        # A modification with a row in every table its page shows.
        full = ModificationFactory(reference="MP999")
        for factory in (
            AssessmentFactory,
            ParticipantImpactFactory,
            PartyImpactSummaryFactory,
            DccImpactFactory,
            DocumentImpactFactory,
            TechSpecImpactFactory,
            OtherCodeImpactFactory,
            DccCostFactory,
            StatusUpdateFactory,
        ):
            factory(modification=full)
        self.numbers = itertools.count(1000)
        self.count = 0

    def grow_to(self, total: int):
        new = [
            Modification(
                reference=f"MP{next(self.numbers)}",
                title=f"Modification {self.count + i}",
                phase="APPROVED",
                impacts_dcc_systems=i % 2 == 0,
            )
            for i in range(total - self.count)
        ]
        new = bulk_create_with_history(new, Modification)
        new = list(Modification.objects.filter(reference__in=[m.reference for m in new]))
        items = []
        for i, modification in enumerate(new):
            release = self.releases[i % len(self.releases)]
            targeted = i % 3 == 0
            items.append(
                ScopeItem(
                    release=release,
                    modification=modification,
                    inclusion=Inclusion.TARGETED if targeted else Inclusion.APPROVED,
                    decision_cutoff=release.planned_go_live - datetime.timedelta(days=60)
                    if targeted
                    else None,
                    impacts_dcc_systems=modification.impacts_dcc_systems,
                    position=self.count + i,
                )
            )
        bulk_create_with_history(items, ScopeItem)
        updates = [
            StatusUpdate(
                modification=m, as_of=D(2021, 6, day), text=f"Update {day} on {m.reference}"
            )
            for m in new
            for day in (1, 2, 3)
        ]
        bulk_create_with_history(updates, StatusUpdate)
        self.count = total


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _counts(client, pages, world) -> dict[str, int]:
    item = ScopeItem.objects.filter(release__slug="june-2022").order_by("id").first()
    milestone = world.releases[0].milestones.order_by("id").first()
    return {
        page: _count(client, page.format(item=item.pk, milestone=milestone.pk)) for page in pages
    }


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2021, 10, 7, 12, 0), tick=False):
        yield


def test_anonymous_pages_run_the_same_queries_at_10_and_1000_modifications(client):
    world = World()
    world.grow_to(10)
    few = _counts(client, PAGES, world)
    world.grow_to(1000)
    many = _counts(client, PAGES, world)

    assert few == many == EXPECTED_ANONYMOUS


def test_secas_pages_with_their_edit_controls_run_the_same_queries(client, user_with_role):
    client.force_login(user_with_role("secas"))
    world = World()
    world.grow_to(10)
    few = _counts(client, SECAS_PAGES, world)
    world.grow_to(1000)
    many = _counts(client, SECAS_PAGES, world)

    assert few == many == EXPECTED_SECAS
