"""A small release to baseline: one item on DCC Systems, one document-only, one milestone."""

import datetime

from releases.choices import Inclusion
from tests.factories import MilestoneFactory, ModificationFactory, ReleaseFactory, ScopeItemFactory

D = datetime.date

BASELINE_INPUT = {
    "version": "0.1",
    "changes": "First draft issued to the Panel to baseline the scope on the DCC Systems.",
    "meeting_date": D(2021, 6, 18),
    "paper_reference": "SECP_93_1806_21",
    "published_on": D(2021, 6, 18),
}


def release_to_baseline(slug: str = "june-2031"):
    release = ReleaseFactory(slug=slug, planned_go_live=D(2031, 6, 26))
    ScopeItemFactory(
        release=release,
        modification=ModificationFactory(reference="MP104", impacts_dcc_systems=True),
        inclusion=Inclusion.APPROVED,
        position=1,
    )
    ScopeItemFactory(
        release=release,
        modification=ModificationFactory(reference="MP159", impacts_dcc_systems=False),
        inclusion=Inclusion.APPROVED,
        position=2,
    )
    MilestoneFactory(release=release, event="UIT commences", date=D(2031, 5, 19))
    return release
