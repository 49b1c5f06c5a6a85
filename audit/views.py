"""The Panel's page of a release's external auditors: appoint, revoke, and what they opened."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from audit import selectors, services
from audit.forms import AppointmentForm, RevokeForm
from audit.models import AuditorAppointment
from core.errors import ApplicationError
from core.pagination import paginate
from core.views import require_permission
from releases.selectors import release_get

READ_PERMISSION = "audit.view_auditorappointment"
PANEL_ONLY = "A release's external auditors are the SEC Panel's to see and appoint (SEC D10.11)."
PAGE_VIEWS_PER_PAGE = 50


def _release_for(request, slug):
    release = release_get(slug, user=request.user)
    require_permission(request, READ_PERMISSION, PANEL_ONLY)
    return release


def _page(request, release, *, form=None, revoke_forms=None, status=200):
    today = timezone.localdate()
    can_appoint = request.user.has_perm(services.APPOINT_PERMISSION)
    appointments = list(selectors.appointments_for(release))
    revoke_forms = revoke_forms or {}
    for appointment in appointments:
        appointment.shown_state = appointment.state(today)
        # A refused revocation shows its form (and its error) even on a revoked row.
        appointment.revoke_form = revoke_forms.get(appointment.pk)
        if can_appoint and appointment.revoked_at is None and appointment.revoke_form is None:
            appointment.revoke_form = RevokeForm(auto_id=f"revoke{appointment.pk}_%s")
    if can_appoint and form is None:
        form = AppointmentForm(initial={"starts_on": today}, auto_id="appoint_%s")
    return render(
        request,
        "audit/auditors.html",
        {
            "release": release,
            "tab": "auditors",
            "appointments": appointments,
            "form": form if can_appoint else None,
            "page": paginate(request, selectors.page_views_for(release), PAGE_VIEWS_PER_PAGE),
        },
        status=status,
    )


def _auditors_url(release) -> str:
    return reverse("audit:auditors", args=[release.slug])


@login_required
@require_http_methods(["GET", "POST"])
def auditors(request, slug):
    """GET: the appointments and the log; POST: appoint an auditor (the Panel)."""
    release = _release_for(request, slug)
    if request.method != "POST":
        return _page(request, release)
    require_permission(request, services.APPOINT_PERMISSION, services.PANEL_ONLY)
    form = AppointmentForm(request.POST, auto_id="appoint_%s")
    if form.is_valid():
        try:
            appointment = services.auditor_appoint(
                release=release, actor=request.user, **form.cleaned_data
            )
        except ApplicationError as refusal:
            form.add_application_error(refusal)
        else:
            messages.success(
                request,
                f"{appointment.user.username} is appointed auditor of the {release.name} "
                f"from {appointment.starts_on:%-d %B %Y}.",
            )
            return redirect(_auditors_url(release))
    return _page(request, release, form=form, status=422)


@login_required
@require_POST
def revoke(request, slug, pk):
    release = _release_for(request, slug)
    require_permission(request, services.APPOINT_PERMISSION, services.PANEL_ONLY)
    appointment = get_object_or_404(AuditorAppointment, release=release, pk=pk)
    form = RevokeForm(request.POST, auto_id=f"revoke{appointment.pk}_%s")
    status = 422
    if form.is_valid():
        try:
            services.auditor_revoke(
                appointment=appointment, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ApplicationError as refusal:
            form.add_application_error(refusal)
            status = refusal.status if refusal.status == 409 else 422
        else:
            messages.success(
                request,
                f"{appointment.user.username}'s appointment to the {release.name} is revoked.",
            )
            return redirect(_auditors_url(release))
    return _page(request, release, revoke_forms={appointment.pk: form}, status=status)
