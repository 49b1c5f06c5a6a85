"""The Panel appoints and revokes a release's external auditors (SEC D10.11)."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from audit.models import AuditorAppointment
from core.errors import ApplicationError
from core.roles import Role, user_roles
from core.services import validated_save
from releases.models import Release

APPOINT_PERMISSION = "audit.appoint_auditor"
PANEL_ONLY = "Only SEC Panel members appoint and revoke a release's external auditors."


def _require_panel(actor) -> None:
    if actor is None or not actor.has_perm(APPOINT_PERMISSION):
        raise ApplicationError(PANEL_ONLY, status=403)


def _auditor_user(username: str):
    """The existing, active user `username` names, who holds no role but the auditor's: an
    external auditor is independent of the bodies whose work they audit."""
    username = (username or "").strip()
    if not username:
        raise ApplicationError("Give the username of the auditor.", field="username")
    User = get_user_model()
    user = User.objects.select_for_update().filter(username=username).first()
    if user is None:
        raise ApplicationError(
            f"No user has the username ‘{username}’: the auditor needs an account first.",
            field="username",
        )
    if not user.is_active:
        raise ApplicationError(f"{username}'s account is inactive.", field="username")
    if user.is_superuser or user.is_staff:
        raise ApplicationError(
            f"{username} is an administrator: an external auditor reads and never administers.",
            field="username",
        )
    others = sorted(Role(r).label for r in user_roles(user) if r != Role.AUDITOR and r in Role)
    if others:
        raise ApplicationError(
            f"{username} holds the {', '.join(others)} role: an external auditor holds no other "
            "role.",
            field="username",
        )
    return user


@transaction.atomic
def auditor_appoint(
    *,
    release: Release,
    username: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    decision_reference: str,
    terms_of_reference: str = "",
    actor,
) -> AuditorAppointment:
    """Appoint the user `username` as an external auditor of `release` from `starts_on` until
    `ends_on` (None: until revoked), on the Panel decision `decision_reference`; the user joins
    the auditor group. Refused, writing nothing, for anyone but the Panel, an unknown user, one
    holding another role, dates that end before they start or before today, or a period that
    overlaps the user's other appointment to the same release."""
    _require_panel(actor)
    user = _auditor_user(username)
    today = timezone.localdate()
    if starts_on is None:
        raise ApplicationError("Give the date the appointment starts.", field="starts_on")
    if not (decision_reference or "").strip():
        raise ApplicationError(
            "Give the Panel decision that appoints the auditor (SECP_93_1806_21).",
            field="decision_reference",
        )
    if ends_on is not None and ends_on < starts_on:
        raise ApplicationError(
            f"The appointment cannot end ({ends_on:%-d %B %Y}) before it starts "
            f"({starts_on:%-d %B %Y}).",
            field="ends_on",
        )
    if ends_on is not None and ends_on < today:
        raise ApplicationError(
            f"{ends_on:%-d %B %Y} has passed: the appointment would never be in force.",
            field="ends_on",
        )
    overlapping = AuditorAppointment.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on),
        release=release,
        user=user,
        revoked_at__isnull=True,
    )
    if ends_on is not None:
        overlapping = overlapping.filter(starts_on__lte=ends_on)
    clash = overlapping.first()
    if clash is not None:
        until = f" until {clash.ends_on:%-d %B %Y}" if clash.ends_on else " until revoked"
        raise ApplicationError(
            f"{user.username} is already appointed to the {release.name} from "
            f"{clash.starts_on:%-d %B %Y}{until}: revoke that appointment first.",
            field="username",
        )
    appointment = AuditorAppointment(
        release=release,
        user=user,
        appointed_by=actor,
        starts_on=starts_on,
        ends_on=ends_on,
        decision_reference=(decision_reference or "").strip(),
        terms_of_reference=(terms_of_reference or "").strip(),
    )
    validated_save(appointment, actor=actor)
    user.groups.add(Group.objects.get(name=Role.AUDITOR))
    return appointment


@transaction.atomic
def auditor_revoke(*, appointment: AuditorAppointment, reason: str, actor) -> AuditorAppointment:
    """End an appointment now, for `reason`: the auditor loses access at once. The user stays in
    the auditor group, so whatever they still open is logged (and refused)."""
    _require_panel(actor)
    appointment = AuditorAppointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.revoked_at is not None:
        raise ApplicationError(
            f"This appointment was already revoked on "
            f"{timezone.localtime(appointment.revoked_at):%-d %B %Y}.",
            status=409,
        )
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("Say why the appointment is revoked.", field="reason")
    appointment.revoked_at = timezone.now()
    appointment.revoked_by = actor
    appointment.revocation_reason = reason
    validated_save(appointment, actor=actor)
    return appointment
