"""The words of a generated release note."""

import datetime
from decimal import Decimal

import pytest

from publication import drafting


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        (
            "MP104 ‘Security Improvements’ has implemented a new DCC validation check.",
            "has implemented a new DCC validation check.",
        ),
        ("MP104 will add a check.", "will add a check."),
        ("MP104: adds a check.", "adds a check."),
        (
            "In a SoLR event, MP104 enables the PMA to delay revocation.",
            "In a SoLR event, MP104 enables the PMA to delay revocation.",
        ),
        ("MP1041 is another proposal.", "MP1041 is another proposal."),
    ],
)
def test_a_summary_loses_the_reference_and_title_the_note_prints_before_it(summary, expected):
    assert (
        drafting.item_summary(
            summary=summary, part="", reference="MP104", title="Security Improvements"
        )
        == expected
    )


def test_a_split_modification_says_which_part_went_live():
    assert drafting.item_summary(
        summary="SECMP0015 ‘GPF timestamp’ will add the GSME's time.",
        part="DUIS and MMC changes only",
        reference="SECMP0015",
        title="GPF timestamp",
    ) == ("Implemented in this release: DUIS and MMC changes only. It will add the GSME's time.")


def test_a_scheduled_release_title_and_introduction_read_like_the_secs():
    kwargs = {
        "release_name": "June 2022 SEC Release",
        "ad_hoc": False,
        "sec_version": Decimal("61.0"),
    }

    assert (
        drafting.note_title(references=["MP104"], designations=0, **kwargs)
        == "SEC v61.0 published for the June 2022 SEC Release"
    )
    assert drafting.note_introduction(
        go_live=datetime.date(2022, 6, 30),
        modifications=[("MP104", "Security Improvements")] * 10,
        designations=2,
        **kwargs,
    ) == (
        "SEC version 61.0 came into effect on 30 June 2022 to implement the June 2022 SEC "
        "Release. This included 10 Modification Proposals and two designations made by the "
        "Government."
    )


def test_a_draft_before_go_live_says_the_version_is_to_come():
    assert (
        drafting.note_title(
            release_name="November 2022 SEC Release",
            ad_hoc=False,
            sec_version=None,
            references=[],
            designations=0,
        )
        == "SEC (version to be set at go-live) published for the November 2022 SEC Release"
    )


def test_the_redlining_names_the_documents_not_on_codeworks():
    assert drafting.redlining_text(
        release_name="June 2022 SEC Release", off_codeworks=["Appendix AD", "Appendix AF"]
    ) == (
        "The redlined changes for the documents available on CodeWorks can be found on "
        "CodeWorks.\n\nThe redlining for Appendix AD and Appendix AF, not available on "
        "CodeWorks, can be found on the June 2022 SEC Release page."
    )
