"""The kinds of dated item the sweep reminds people of, and how each user wants to be told."""

from django.db import models

from core.choices import Body
from core.roles import Role


class ItemKind(models.TextChoices):
    """A kind of dated item; each kind has its own lead times (ReminderSchedule)."""

    MILESTONE = "MILESTONE", "Release milestone"
    TAD_DUE = "TAD_DUE", "TAD due date"
    DECISION_CUTOFF = "DECISION_CUTOFF", "Decision cut-off of a targeted modification"
    ASSESSMENT = "ASSESSMENT", "DCC assessment expected completion"
    APPEAL_WINDOW = "APPEAL_WINDOW", "RID appeal window closing"
    REFERRAL_PERIOD = "REFERRAL_PERIOD", "Referral period closing"


class Delivery(models.TextChoices):
    """Every notification lands in the inbox; EMAIL also sends it by e-mail."""

    EMAIL = "EMAIL", "By e-mail and in the app"
    IN_APP = "IN_APP", "In the app only"


# `Reminder.lead` for the reminder sent on the first Working Day after the due date.
OVERDUE = -1

# The lead times every kind starts with: 10, 5 and 1 Working Days before, and the first day overdue.
DEFAULT_LEAD_TIMES = (10, 5, 1)
# A lead time longer than this is almost certainly a typing slip (60 Working Days is 3 months).
MAX_LEAD_TIME = 60

# The role group reminded of a date a body is responsible for. Bodies with no role in the
# product are chased by SECAS (the Authority's decisions, the Change Board, TABASC, BEIS); Test
# Participants deliver their regression plans and results to the DCC, which chases them.
BODY_ROLES: dict[str, str] = {
    Body.PANEL: Role.PANEL,
    Body.CSC: Role.CSC,
    Body.DCC: Role.DCC,
    Body.TAG: Role.TAG,
    Body.OPSG: Role.OPSG,
    Body.SECAS: Role.SECAS,
    Body.TEST_PARTICIPANTS: Role.DCC,
    Body.AUTHORITY: Role.SECAS,
    Body.CHANGE_BOARD: Role.SECAS,
    Body.TABASC: Role.SECAS,
    Body.BEIS: Role.SECAS,
}
