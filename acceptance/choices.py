"""The vocabulary of release acceptance: criteria, reviews, testing and the go/no-go."""

from django.db import models


class CriterionSet(models.TextChoices):
    OPERATIONAL = "OPERATIONAL", "Operational"
    TESTING = "TESTING", "Testing"


class CriterionOwner(models.TextChoices):
    """Who states readiness against a criterion."""

    DCC = "DCC", "DCC"
    SECAS = "SECAS", "SECAS"


class ReviewGroup(models.TextChoices):
    """Which group judges a criterion: operational ones the OPSG, testing ones the TAG."""

    OPSG = "OPSG", "Operations Group"
    TAG = "TAG", "Testing Advisory Group"


class TestPhase(models.TextChoices):
    SIT = "SIT", "System Integration Testing"
    UIT = "UIT", "User Integration Testing"
    REGRESSION = "REGRESSION", "Regression testing"


class TadStatus(models.TextChoices):
    SUBMITTED = "SUBMITTED", "Submitted"
    CHANGES_REQUESTED = "CHANGES_REQUESTED", "Changes requested"
    APPROVED = "APPROVED", "Approved"
    SUPERSEDED = "SUPERSEDED", "Superseded"


class TadReviewOutcome(models.TextChoices):
    APPROVED = "APPROVED", "Approved"
    CHANGES_REQUESTED = "CHANGES_REQUESTED", "Changes requested"


class RiskLevel(models.TextChoices):
    LOW = "LOW", "Low"
    MEDIUM = "MEDIUM", "Medium"
    HIGH = "HIGH", "High"


class GoNoGoOutcome(models.TextChoices):
    GO = "GO", "Go"
    NO_GO = "NO_GO", "No-go"
