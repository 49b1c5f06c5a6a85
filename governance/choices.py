from django.db import models


class ExceptionCovers(models.TextChoices):
    """What a Panel exception lets through inside a release's notice period (D10.15)."""

    RID_BASELINE = "RID_BASELINE", "RID baseline"
    SCOPE_CHANGE = "SCOPE_CHANGE", "Scope change"
