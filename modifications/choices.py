"""The states and categories of a Modification Proposal, as SEC Section D names them."""

from django.db import models


class Phase(models.TextChoices):
    """Where a proposal stands in the modification process (SEC Section D)."""

    DEVELOPMENT = "DEVELOPMENT", "Development (Draft Proposal)"
    REFINEMENT = "REFINEMENT", "Refinement"
    REPORT = "REPORT", "Report"
    DECISION = "DECISION", "Decision"
    APPROVED = "APPROVED", "Approved"
    REJECTED = "REJECTED", "Rejected"
    WITHDRAWN = "WITHDRAWN", "Withdrawn"
    IMPLEMENTED = "IMPLEMENTED", "Implemented"


# The allowed moves, in one place. A proposal can be withdrawn at any point before a decision;
# a withdrawal opens a referral period in which a Party may adopt it and send it back to
# Refinement (MP117); only an approved proposal can be implemented.
PHASE_TRANSITIONS: dict[str, frozenset[str]] = {
    Phase.DEVELOPMENT: frozenset({Phase.REFINEMENT, Phase.REPORT, Phase.WITHDRAWN}),
    Phase.REFINEMENT: frozenset({Phase.REPORT, Phase.WITHDRAWN}),
    Phase.REPORT: frozenset({Phase.REFINEMENT, Phase.DECISION, Phase.WITHDRAWN}),
    Phase.DECISION: frozenset({Phase.APPROVED, Phase.REJECTED, Phase.REFINEMENT, Phase.WITHDRAWN}),
    Phase.APPROVED: frozenset({Phase.IMPLEMENTED}),
    Phase.REJECTED: frozenset(),
    Phase.WITHDRAWN: frozenset({Phase.REFINEMENT}),
    Phase.IMPLEMENTED: frozenset(),
}


def phase_transition_error(old: str, new: str) -> str | None:
    """Why a move from phase `old` to `new` is refused, or None when it is allowed."""
    if old == new or new in PHASE_TRANSITIONS[old]:
        return None
    allowed = ", ".join(Phase(p).label for p in sorted(PHASE_TRANSITIONS[old])) or "none"
    return (
        f"A proposal cannot move from {Phase(old).label} to {Phase(new).label}. "
        f"Allowed from {Phase(old).label}: {allowed}."
    )


# Phases in which the proposal's fate is settled.
DECIDED_PHASES = frozenset({Phase.APPROVED, Phase.REJECTED, Phase.IMPLEMENTED})
# Phases in which a proposal is still being worked on.
OPEN_PHASES = frozenset({Phase.DEVELOPMENT, Phase.REFINEMENT, Phase.REPORT, Phase.DECISION})


class Path(models.TextChoices):
    """Who decides: SEC Section D2."""

    PATH_1 = "PATH_1", "Path 1: Authority-led"
    PATH_2 = "PATH_2", "Path 2: Authority determination"
    PATH_3 = "PATH_3", "Path 3: Self-Governance"


class AssessmentKind(models.TextChoices):
    PRELIMINARY = "PRELIMINARY", "Preliminary Assessment"
    IMPACT = "IMPACT", "Impact Assessment"


class ParticipantCategory(models.TextChoices):
    """The columns of the RID's participant impact matrix."""

    SUPPLIERS = "SUPPLIERS", "Suppliers"
    ELECTRICITY_NETWORKS = "ELECTRICITY_NETWORKS", "Electricity Networks"
    GAS_NETWORKS = "GAS_NETWORKS", "Gas Networks"
    OTHER_SEC_PARTIES = "OTHER_SEC_PARTIES", "Other SEC Parties"
    DCC = "DCC", "DCC"


class PartyAudience(models.TextChoices):
    """The rows of the RID's "SEC Party impacts" summary table."""

    ALL_SEC_PARTIES = "ALL_SEC_PARTIES", "All SEC Parties"
    SUPPLIER_PARTIES = "SUPPLIER_PARTIES", "Supplier Parties"
    ELECTRICITY_NETWORK_PARTIES = "ELECTRICITY_NETWORK_PARTIES", "Electricity Network Parties"
    GAS_NETWORK_PARTIES = "GAS_NETWORK_PARTIES", "Gas Network Parties"
    OTHER_SEC_PARTIES = "OTHER_SEC_PARTIES", "Other SEC Parties"


class DccArea(models.TextChoices):
    """The rows of the RID's "DCC impacts" table."""

    DUIS = "DUIS", "DCC User Interface Specification"
    DSP = "DSP", "Data Services Provider (DSP)"
    CSP = "CSP", "Communication Services Providers (CSP)"
    OTHER = "OTHER", "Other DCC Systems"


class CostStage(models.TextChoices):
    """The columns of the RID's "Breakdown of DCC implementation costs"."""

    DESIGN_BUILD_PIT = "DESIGN_BUILD_PIT", "Design, Build & PIT"
    SIT = "SIT", "SIT"
    UIT = "UIT", "UIT"
    IMPLEMENT_TO_LIVE = "IMPLEMENT_TO_LIVE", "Implement to live"
    APPLICATION_SUPPORT = "APPLICATION_SUPPORT", "Application Support"
    # One figure for Design to Implement when only one DCC Service Provider is impacted.
    IMPLEMENTATION_WHOLE = "IMPLEMENTATION_WHOLE", "Implementation (all stages)"


# The stages of the DCC cost breakdown, in the table's column order (the RID's, the cost review's).
COST_STAGES = (
    CostStage.DESIGN_BUILD_PIT,
    CostStage.SIT,
    CostStage.UIT,
    CostStage.IMPLEMENT_TO_LIVE,
    CostStage.APPLICATION_SUPPORT,
)
# A single figure for Design to Implement covers these columns (one Service Provider impacted).
WHOLE_COVERS = frozenset(COST_STAGES[:4])


class CostBasis(models.TextChoices):
    ESTIMATED = "ESTIMATED", "Estimated (Preliminary Assessment)"
    FIRM = "FIRM", "Firm (Impact Assessment)"


class DocumentKind(models.TextChoices):
    SECTION = "SECTION", "Section"
    SCHEDULE = "SCHEDULE", "Schedule"
    APPENDIX = "APPENDIX", "Appendix"
