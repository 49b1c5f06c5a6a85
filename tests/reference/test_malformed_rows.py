"""A malformed row refuses the whole load: the error names the file and line, nothing is written.

These run on an empty database, so that the files loaded before the broken one (documents,
modifications, releases...) would show if anything escaped the transaction.
"""

import pytest
from django.core.management.base import CommandError

from modifications.models import Modification
from tests.reference.conftest import edit, line_starting, run_loader, table_counts

pytestmark = pytest.mark.django_db


def refuse(data_dir) -> str:
    """Run the loader on a broken copy; return its refusal after checking nothing was written."""
    before = table_counts()
    with pytest.raises(CommandError) as refusal:
        run_loader(data_dir)
    assert table_counts() == before
    return str(refusal.value)


def test_a_scope_row_naming_an_unknown_modification(data_copy):
    scope = data_copy / "scope_items.csv"
    line = line_starting(scope, "november-2022,MP141,")
    edit(scope, "november-2022,MP141,", "november-2022,MP999,")

    assert refuse(data_copy) == (
        f"scope_items.csv:{line}: modification: "
        "no modification ‘MP999’ is defined in modifications.csv."
    )
    assert not Modification.objects.exists()


def test_a_malformed_modification_reference(data_copy):
    modifications = data_copy / "modifications.csv"
    line = line_starting(modifications, "MP150,")
    edit(modifications, "\nMP150,,", "\nMP15O,,")

    assert refuse(data_copy) == (
        f"modifications.csv:{line}: reference: A modification reference is DP, MP or SECMP, then "
        "three or four digits and an optional capital letter (e.g. MP104, MP134A, SECMP0015, "
        "DP157)."
    )


def test_a_decision_cutoff_after_the_go_live(data_copy):
    scope = data_copy / "scope_items.csv"
    line = line_starting(scope, "november-2021,MP149,")
    edit(
        scope,
        "november-2021,MP149,,TARGETED,2021-10-21,",
        "november-2021,MP149,,TARGETED,2021-11-30,",
    )

    assert refuse(data_copy) == (
        f"scope_items.csv:{line}: decision_cutoff: The decision cut-off must be on or before the "
        "release's go-live date (04 November 2021)."
    )


def test_a_multi_line_row_is_reported_at_the_line_where_it_starts(data_copy):
    views = data_copy / "group_views.csv"
    start = "november-2021,OPERATIONAL,3,1,OPSG,"
    line = line_starting(views, start)
    edit(views, start + "GREEN,", start + "PURPLE,")

    assert (
        refuse(data_copy) == f"group_views.csv:{line}: rag: Value 'PURPLE' is not a valid choice."
    )


def test_a_rule_date_that_disagrees_with_its_anchor(data_copy):
    milestones = data_copy / "milestones.csv"
    start = "june-2022,Test Participants inform DCC of their regression testing plans,"
    line = line_starting(milestones, start)
    edit(milestones, "TEST_PARTICIPANTS,2022-05-05,", "TEST_PARTICIPANTS,2022-05-06,")

    assert refuse(data_copy) == (
        f"milestones.csv:{line}: date: the rule gives 5 May 2022, not 6 May 2022; leave the date "
        "empty or give the derived one."
    )


def test_a_rule_anchored_on_an_unknown_milestone(data_copy):
    milestones = data_copy / "milestones.csv"
    line = line_starting(milestones, "june-2022,Test Participants to provide regression")
    edit(milestones, ",UIT window closes,-5,", ",UIT window shuts,-5,")

    assert refuse(data_copy) == (
        f"milestones.csv:{line}: anchor: no milestone ‘UIT window shuts’ of June 2022 SEC "
        "Release is in milestones.csv."
    )


def test_a_go_live_without_its_date(data_copy):
    releases = data_copy / "releases.csv"
    line = line_starting(releases, "v59.0,")
    edit(releases, "2022-03-24,2022-03-24,59.0", "2022-03-24,,59.0")

    assert refuse(data_copy) == (
        f"releases.csv:{line}: actual_go_live: A live release needs its actual go-live date."
    )


def test_a_row_repeating_a_natural_key(data_copy):
    updates = data_copy / "status_updates.csv"
    first = line_starting(updates, "MP200,2022-07-18,")
    with updates.open("a", encoding="utf-8") as handle:
        handle.write("MP200,2022-07-18,Implemented twice.\n")
    last = len(updates.read_text(encoding="utf-8").splitlines())

    assert refuse(data_copy) == (
        f"status_updates.csv:{last}: row: a row with the same natural key is already defined on "
        f"line {first}."
    )


def test_a_row_with_a_cell_too_many(data_copy):
    costs = data_copy / "dcc_costs.csv"
    line = line_starting(costs, "MP117,APPLICATION_SUPPORT,")
    edit(
        costs,
        "MP117,APPLICATION_SUPPORT,50000,100000,ESTIMATED",
        "MP117,APPLICATION_SUPPORT,50,000,100000,ESTIMATED",
    )

    assert refuse(data_copy) == (
        f"dcc_costs.csv:{line}: row: 6 cells, but the header names 5 columns."
    )


def test_an_unknown_column(data_copy):
    edit(data_copy / "secas_costs.csv", "is_maximum\n", "is_max\n")

    assert refuse(data_copy) == (
        "secas_costs.csv:1: header: unknown column(s) is_max; missing column(s) is_maximum."
    )


def test_a_missing_file(data_copy):
    (data_copy / "residual_risks.csv").unlink()

    assert refuse(data_copy) == f"residual_risks.csv: file: not found in {data_copy}."
