"""Choices shared by more than one app."""

from django.db import models


class Body(models.TextChoices):
    """A body that owns a milestone, takes a decision or is reminded of a date."""

    PANEL = "PANEL", "SEC Panel"
    CSC = "CSC", "Change Sub-Committee"
    CHANGE_BOARD = "CHANGE_BOARD", "Change Board"
    AUTHORITY = "AUTHORITY", "Authority (Ofgem)"
    DCC = "DCC", "DCC"
    TAG = "TAG", "Testing Advisory Group"
    OPSG = "OPSG", "Operations Group"
    SECAS = "SECAS", "SECAS"
    TABASC = "TABASC", "TABASC"
    TEST_PARTICIPANTS = "TEST_PARTICIPANTS", "Test Participants"
    BEIS = "BEIS", "BEIS"


class Rag(models.TextChoices):
    """A review group's status on an acceptance criterion."""

    GREEN = "GREEN", "Green"
    AMBER = "AMBER", "Amber"
    RED = "RED", "Red"


class Classification(models.TextChoices):
    """The Panel Information Policy classification a document carries (TLP colours)."""

    WHITE = "WHITE", "White"
    GREEN = "GREEN", "Green"
    AMBER = "AMBER", "Amber"
    RED = "RED", "Red"
