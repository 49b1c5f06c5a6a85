"""The inbox, its unread count, preferences and follows, and the lead times SECAS sets."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from core.errors import ApplicationError
from modifications.models import Modification
from notifications import selectors, services
from notifications.choices import ItemKind
from notifications.forms import DeliveryForm, FollowForm, ReminderScheduleForm
from notifications.models import ReminderSchedule
from releases.selectors import release_get

INBOX_PAGE_SIZE = 50


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@login_required
@require_GET
def inbox(request):
    unread_only = request.GET.get("show") == "unread"
    notifications = selectors.inbox_for(request.user, unread_only=unread_only)
    page = Paginator(notifications, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {
            "page": page,
            "unread_only": unread_only,
            "unread_count": selectors.unread_count(request.user),
        },
    )


@login_required
@require_POST
def mark_read(request, pk: int):
    try:
        services.notification_mark_read(user=request.user, notification_id=pk)
    except ApplicationError as error:
        raise Http404(error.message) from error
    return redirect(_safe_next(request, "notifications:inbox"))


@login_required
@require_POST
def mark_all_read(request):
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} read.")
    return redirect(_safe_next(request, "notifications:inbox"))


@require_GET
def unread_badge(request):
    """The header's unread count, loaded by htmx so pages carry no extra query."""
    count = selectors.unread_count(request.user)
    return render(request, "notifications/_unread_badge.html", {"unread_count": count})


@login_required
def preferences(request):
    if request.method == "POST":
        form = DeliveryForm(request.POST)
        if form.is_valid():
            services.delivery_preference_set(
                user=request.user, delivery=form.cleaned_data["delivery"]
            )
            messages.success(request, "Your choice is saved.")
            return redirect("notifications:preferences")
    else:
        form = DeliveryForm(initial={"delivery": selectors.delivery_for(request.user)})
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "follows": selectors.follows_for(request.user)},
    )


@login_required
@require_POST
def follow(request):
    """Follow or unfollow (`action`) a release (`release` = slug) or a modification
    (`modification` = reference)."""
    form = FollowForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(f"{name}: {' '.join(e)}" for name, e in form.errors.items())
        return HttpResponseBadRequest(errors, content_type="text/plain; charset=utf-8")
    data = form.cleaned_data
    release = modification = None
    if data["release"]:
        # Only a release the user may read (a Green, Amber or Red one needs a role that reads it).
        release = release_get(data["release"], user=request.user)
        target, default = release, reverse("releases:detail", args=[release.slug])
    elif data["modification"]:
        modification = get_object_or_404(Modification, reference=data["modification"])
        target, default = (
            modification,
            reverse("modifications:detail", args=[modification.reference]),
        )
    else:
        raise Http404("Say which release or modification to follow.")
    if data["action"] == "unfollow":
        services.follow_delete(user=request.user, release=release, modification=modification)
        text = f"You no longer follow {target}."
    else:
        services.follow_create(user=request.user, release=release, modification=modification)
        text = f"You follow {target}: its reminders reach you too."
    if request.htmx:
        from notifications.templatetags.reminders import follow_context

        return render(
            request,
            "notifications/_follow_button.html",
            follow_context(request, target, message=text),
        )
    messages.success(request, text)
    return redirect(_safe_next(request, default))


@login_required
def lead_times(request):
    """SECAS sets the lead times of each kind of item; others may read them."""
    can_change = request.user.has_perm("notifications.change_reminderschedule")
    if not (can_change or request.user.has_perm("notifications.view_reminderschedule")):
        raise PermissionDenied("Only SECAS can see and change reminder lead times.")
    schedules = list(selectors.schedules_by_kind().values())
    forms = {s.kind: ReminderScheduleForm(instance=s, prefix=s.kind) for s in schedules}
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied("Only SECAS can change reminder lead times.")
        kind = request.POST.get("kind")
        if kind not in ItemKind.values:
            raise Http404("No such kind of dated item.")
        # A migration makes one row per kind; one lost (deleted, flushed) starts from the defaults.
        schedule, _ = ReminderSchedule.objects.get_or_create(kind=kind)
        form = ReminderScheduleForm(request.POST, instance=schedule, prefix=schedule.kind)
        forms[schedule.kind] = form
        if form.is_valid():
            try:
                services.reminder_schedule_update(
                    schedule=schedule,
                    lead_times=form.cleaned_data["lead_times"],
                    remind_when_overdue=form.cleaned_data["remind_when_overdue"],
                    actor=request.user,
                )
            except ApplicationError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, f"Lead times for {schedule.get_kind_display()} saved.")
                return redirect("notifications:lead_times")
        # An invalid form: show every kind again, this one with its errors, and change nothing.
        schedule.refresh_from_db()
    rows = [(s, forms.get(s.kind)) for s in schedules]
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "notifications/lead_times.html",
        {"rows": rows, "can_change": can_change},
        status=status,
    )
