"""Helpers every service uses to write a row the same way."""

from django.core.exceptions import ValidationError
from django.db import models

from core.errors import ApplicationError


def validated_save(instance: models.Model, *, actor=None, exclude: list[str] | None = None) -> None:
    """Run every model rule (fields, clean, constraints), then save, attributing the history row.

    A broken rule becomes an ApplicationError naming the field, so views and the API show it.
    """
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        raise ApplicationError.from_validation_error(error) from error
    if actor is not None and getattr(actor, "is_authenticated", False):
        instance._history_user = actor
    instance.save()


def check_version(instance: models.Model, expected_version: int | None) -> None:
    """Refuse a save based on a stale copy: the second of two editors is told, not overwritten."""
    if expected_version is not None and instance.version != expected_version:
        raise ApplicationError(
            f"{instance} was changed by someone else since you opened it; reload and try again.",
            field="version",
            status=409,
        )
