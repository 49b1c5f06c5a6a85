"""The words of a release note, written from the release's data the way SECAS writes them
(see the SEC's own notes, v34.0 to v62.0). Pure functions: no database access."""

import datetime
import re
from collections.abc import Sequence

NUMBER_WORDS = {
    1: "one",
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
}

CODEWORKS_REDLINING = (
    "The redlined changes for the documents available on CodeWorks can be found on CodeWorks."
)
DOCUMENT_LOG_LINE = (
    "Our Document Log lists the versions of each SEC document now in effect following this release."
)


def long_date(day: datetime.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def count_words(n: int, singular: str, plural: str) -> str:
    """'six Modification Proposals', '10 Modification Proposals', 'one designation'."""
    return f"{NUMBER_WORDS.get(n, str(n))} {singular if n == 1 else plural}"


def and_join(words: Sequence[str]) -> str:
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def version_label(sec_version) -> str:
    return f"v{sec_version:.1f}" if sec_version is not None else "(version to be set at go-live)"


def note_title(
    *, release_name: str, ad_hoc: bool, sec_version, references: Sequence[str], designations: int
) -> str:
    """ "SEC v61.0 published for the June 2022 SEC Release", "SEC v62.0 released to implement
    MP200", with the Government's designations named when there are any."""
    label = f"SEC {version_label(sec_version)}"
    if ad_hoc and references:
        title = f"{label} released to implement {and_join(references)}"
    else:
        title = f"{label} published for the {release_name}"
    if designations:
        title += " and Government designations to the SEC"
    return title


def note_introduction(
    *,
    release_name: str,
    ad_hoc: bool,
    sec_version,
    go_live: datetime.date | None,
    modifications: Sequence[tuple[str, str]],
    designations: int,
) -> str:
    """The opening paragraph: the SEC version, the date and what it implemented."""
    when = f"on {long_date(go_live)}" if go_live else "on its go-live date"
    if ad_hoc and modifications:
        named = and_join([f"{ref} ‘{title}’" for ref, title in modifications])
        text = f"An updated version of the SEC came into effect {when} to implement {named}."
    else:
        number = (
            f"SEC version {sec_version:.1f}" if sec_version is not None else "The new SEC version"
        )
        text = f"{number} came into effect {when} to implement the {release_name}."
        parts = []
        if modifications:
            parts.append(
                count_words(len(modifications), "Modification Proposal", "Modification Proposals")
            )
        if designations:
            parts.append(
                count_words(designations, "designation", "designations") + " made by the Government"
            )
        if parts:
            text += f" This included {and_join(parts)}."
    return text


def item_summary(*, summary: str, part: str, reference: str = "", title: str = "") -> str:
    """What one modification changed; a split one says which part this release carries.

    The note prints the reference and title before the summary, so a summary that starts with
    them ("MP104 ‘Security Improvements’ has implemented ...") loses them here.
    """
    summary = summary.strip()
    if reference:
        prefix = re.match(
            rf"^{re.escape(reference)}(?:\s+[‘'\"]{re.escape(title)}[’'\"])?[:,]?\s+",
            summary,
        )
        if prefix:
            summary = summary[prefix.end() :]
    if part:
        lead = f"Implemented in this release: {part}."
        if summary[:1].islower():
            summary = f"It {summary}"
        return f"{lead} {summary}" if summary else lead
    return summary


def redlining_text(*, release_name: str, off_codeworks: Sequence[str]) -> str:
    """Where the marked-up documents are: CodeWorks, and the release page for the rest."""
    text = CODEWORKS_REDLINING
    if off_codeworks:
        documents = and_join(list(off_codeworks))
        text += (
            f"\n\nThe redlining for {documents}, not available on CodeWorks, can be found on "
            f"the {release_name} page."
        )
    return text


def further_information_text(*, ad_hoc: bool, references: Sequence[str], helpdesk: str) -> str:
    if ad_hoc and references:
        return f"Further information can be found on the {and_join(references)} page of our website. {helpdesk}"
    return helpdesk
