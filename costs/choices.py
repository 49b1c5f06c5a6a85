from django.db import models


class Reporter(models.TextChoices):
    """Who reports an actual: the DCC its implementation costs, SECAS its own effort."""

    DCC = "DCC", "DCC"
    SECAS = "SECAS", "SECAS"


class Standing(models.TextChoices):
    """How an actual stands against its forecast (a range, one figure, or TBC)."""

    WITHIN = "WITHIN", "Within range"
    OVER = "OVER", "Over the upper bound"
    UNDER = "UNDER", "Under the lower bound"
    TBC = "TBC", "Forecast TBC"
    NO_ACTUAL = "NO_ACTUAL", "Not reported yet"
