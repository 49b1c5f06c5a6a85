"""The Release Management Policy in the browser: the public page (D10.9: "available to the DCC
and Users on the SEC Website"), the Panel's draft, its freeze windows and exceptions."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from governance import selectors, services
from governance.forms import FreezeWindowForm, PanelExceptionForm, PolicyVersionForm
from governance.models import FreezeWindow
from publication.forms import add_application_error
from releases.selectors import release_get

DRAFT_PERMISSIONS = ("governance.add_policyversion", "governance.change_policyversion")


def _require(request, *permissions: str):
    """Anonymous: to the sign-in page; signed in without the permission: 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not all(request.user.has_perm(p) for p in permissions):
        raise PermissionDenied("The SEC Panel maintains the Release Management Policy.")
    return None


def _refusal(error: ApplicationError):
    if error.status == 403:
        raise PermissionDenied(error.message) from error


def policy(request):
    """The policy as published: the version in effect, those to come, every version before."""
    page = selectors.policy_page(timezone.localdate())
    context = {
        "page": page,
        "can_draft": request.user.is_authenticated
        and all(request.user.has_perm(p) for p in DRAFT_PERMISSIONS),
    }
    return render(request, "governance/policy.html", context)


def _draft_page(request, *, draft, form, window_form, status=200):
    context = {"draft": draft, "form": form, "window_form": window_form}
    return render(request, "governance/draft.html", context, status=status)


def policy_draft(request):
    """The next version, drafted by the Panel: its texts and dates; its freeze windows below."""
    denied = _require(request, *DRAFT_PERMISSIONS)
    if denied:
        return denied
    draft = selectors.policy_draft()
    initial = {}
    if draft is None:
        latest = selectors.published_versions().order_by("-number").first()
        if latest is not None:
            initial = {
                name: getattr(latest, name)
                for name in services.VERSION_FIELDS
                if name
                not in ("consultation_opened_on", "consultation_closed_on", "effective_from")
            }
    form = PolicyVersionForm(request.POST or None, instance=draft, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.VERSION_FIELDS}
        try:
            if draft is None:
                draft = services.policy_version_create(actor=request.user, **fields)
            else:
                draft = services.policy_version_update(policy=draft, actor=request.user, **fields)
        except ApplicationError as error:
            _refusal(error)
            add_application_error(form, error)
        else:
            messages.success(request, f"{draft} is saved as a draft.")
            return redirect("governance:draft")
    window_form = FreezeWindowForm() if draft is not None else None
    return _draft_page(
        request,
        draft=draft,
        form=form,
        window_form=window_form,
        status=400 if form.errors else 200,
    )


def _the_draft():
    draft = selectors.policy_draft()
    if draft is None:
        raise Http404("No draft version of the policy.")
    return draft


@require_POST
def policy_publish(request):
    denied = _require(request, "governance.publish_policyversion")
    if denied:
        return denied
    draft = _the_draft()
    try:
        services.policy_version_publish(policy=draft, actor=request.user)
    except ApplicationError as error:
        _refusal(error)
        messages.error(request, error.message)
        return redirect("governance:draft")
    messages.success(request, f"{draft} is published; it takes effect on its date.")
    return redirect("governance:policy")


@require_POST
def freeze_window_add(request):
    denied = _require(request, "governance.add_freezewindow", *DRAFT_PERMISSIONS)
    if denied:
        return denied
    draft = _the_draft()
    window_form = FreezeWindowForm(request.POST)
    if window_form.is_valid():
        try:
            services.freeze_window_add(policy=draft, **window_form.cleaned_data, actor=request.user)
        except ApplicationError as error:
            _refusal(error)
            add_application_error(window_form, error)
        else:
            messages.success(request, "The freeze window is added to the draft.")
            return redirect("governance:draft")
    return _draft_page(
        request,
        draft=draft,
        form=PolicyVersionForm(instance=draft),
        window_form=window_form,
        status=400,
    )


@require_POST
def freeze_window_remove(request, pk):
    denied = _require(request, "governance.delete_freezewindow")
    if denied:
        return denied
    window = get_object_or_404(FreezeWindow, pk=pk)
    try:
        services.freeze_window_remove(window=window, actor=request.user)
    except ApplicationError as error:
        _refusal(error)
        messages.error(request, error.message)
    else:
        messages.success(request, "The freeze window is removed from the draft.")
    return redirect("governance:draft")


def panel_exception_add(request, slug):
    """The Panel lets a release's RID or scope change inside its notice period (D10.15)."""
    denied = _require(request, "governance.add_panelexception")
    if denied:
        return denied
    release = release_get(slug, user=request.user)
    form = PanelExceptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.panel_exception_record(
                release=release, **form.cleaned_data, actor=request.user
            )
        except ApplicationError as error:
            _refusal(error)
            add_application_error(form, error)
        else:
            messages.success(request, f"The Panel exception for the {release.name} is recorded.")
            return redirect("releases:detail", slug=release.slug)
    context = {
        "release": release,
        "form": form,
        "exceptions": list(selectors.exceptions_for(release)),
        "back": reverse("releases:detail", args=[release.slug]),
    }
    return render(
        request, "governance/exception_form.html", context, status=400 if form.errors else 200
    )
