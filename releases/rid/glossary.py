"""Appendix 2 of a RID: the acronyms the document uses, each with its full term.

The terms are those of the June 2022 RID v0.1 (`000`), with the other acronyms the SEC's papers
use. A RID lists only the ones its own text contains.
"""

import re

ACRONYMS: dict[str, str] = {
    "BEIS": "Department for Business, Energy and Industrial Strategy",
    "CH": "Communications Hub",
    "CHTS": "Communications Hub Technical Specifications",
    "CR": "Change Request",
    "CRP": "Change Resolution Proposal",
    "CSC": "Change Sub-Committee",
    "CSP": "Communication Services Provider",
    "DCC": "Data Communication Company",
    "DSP": "Data Services Provider",
    "DUGIDS": "DCC User Gateway Interface Design Specification",
    "DUIS": "DCC User Interface Specification",
    "ECoS": "Enduring Change of Supplier",
    "GBCS": "Great Britain Companion Specification",
    "GPF": "Gas Proxy Function",
    "GSME": "Gas Smart Metering Equipment",
    "GUID": "Global Unique Identifier",
    "HAN": "Home Area Network",
    "IHD": "In-Home Display",
    "MMC": "Message Mapping Catalogue",
    "OPSG": "Operations Group",
    "PIT": "Pre-Integration Testing",
    "PPMID": "Prepayment Meter Interface Device",
    "RID": "Release Implementation Document",
    "SEC": "Smart Energy Code",
    "SECAS": "Smart Energy Code Administrator and Secretariat",
    "SIT": "System Integration Testing",
    "SMETS": "Smart Metering Equipment Technical Specifications",
    "SMKI": "Smart Metering Key Infrastructure",
    "SoLR": "Supplier of Last Resort",
    "SSC": "Security Sub-Committee",
    "SSI": "Self-Service Interface",
    "TABASC": "Technical Architecture and Business Architecture Sub-Committee",
    "TAD": "Testing Approach Document",
    "TAG": "Testing Advisory Group",
    "UIT": "User Integration Testing",
    "XML": "Extensible Markup Language",
}

# An acronym counts where it stands as a word, or in a plural or possessive ("CHs", "DCC’s").
_WORD = re.compile(r"[A-Za-z]+")


def glossary_for(text: str) -> list[dict[str, str]]:
    """The acronyms `text` uses, in alphabetical order, with their full terms."""
    used = set()
    for word in _WORD.findall(text):
        if word in ACRONYMS:
            used.add(word)
        elif word.endswith("s") and word[:-1] in ACRONYMS:
            used.add(word[:-1])
    return [
        {"acronym": acronym, "meaning": ACRONYMS[acronym]}
        for acronym in sorted(used, key=str.upper)
    ]
