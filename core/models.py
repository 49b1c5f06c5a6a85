from collections.abc import Iterable
from functools import partialmethod

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


class TimeStampedModel(models.Model):
    """When a row was created and last changed; who and what changed is in its history."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def _choice_label(instance: models.Model, field: models.Field) -> str:
    """`get_<field>_display()`, from a dict of the field's labels built once per field.

    Django's own builds that dict again at every call (about 7 microseconds): a page with a few
    hundred labels spent more on them than on its rows.
    """
    labels = field.__dict__.get("_choice_labels")
    if labels is None:
        labels = field._choice_labels = dict(make_hashable(field.flatchoices))
    value = getattr(instance, field.attname)
    return force_str(labels.get(make_hashable(value), value), strings_only=True)


def cache_choice_labels(models_: Iterable[type[models.Model]]) -> None:
    """Give each field with fixed choices the cached `get_<field>_display()` (at start-up)."""
    for model in models_:
        for field in model._meta.concrete_fields:
            name = f"get_{field.name}_display"
            method = vars(model).get(name)
            if (
                isinstance(method, partialmethod)
                and method.func is models.Model._get_FIELD_display
                and isinstance(field.choices, list | tuple)
            ):
                setattr(model, name, partialmethod(_choice_label, field=field))
