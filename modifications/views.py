"""The register of Modification Proposals, a proposal's page, and SECAS's in-place updates."""

from html import escape

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods

from core.errors import ApplicationError
from core.history import history_entries, history_page
from core.htmx import done, form_status
from core.pagination import paginate
from core.urls import url_maker
from core.views import require_permission
from modifications import selectors, services
from modifications.choices import Path, Phase
from modifications.forms import PhaseChangeForm, RegisterFilterForm, StatusUpdateForm
from modifications.models import Modification

REGISTER_PAGE_SIZE = 50
HISTORY_PAGE_SIZE = 50
SECAS_ONLY = "Only SECAS staff update a modification's status and phase; you can read them."


@require_GET
def modification_list(request):
    """The register: search, filter, sort, 50 a page. htmx gets just the results."""
    releases = selectors.register_releases(request.user)
    form = RegisterFilterForm(
        request.GET or None, releases=[(slug, name) for _, slug, name in releases], auto_id="f_%s"
    )
    filters = form.filters() if form.is_bound else {}
    register = selectors.modification_register(**filters).values(*selectors.REGISTER_FIELDS)
    page = paginate(request, register, REGISTER_PAGE_SIZE)
    _decorate_register(page, releases)
    filtered = any(value for name, value in filters.items() if name != "sort")
    context = {"form": form, "page": page, "filtered": filtered}
    if request.htmx and request.htmx.target == "register-results":
        return render(request, "modifications/_register_results.html", context)
    return render(request, "modifications/modification_list.html", context)


def _decorate_register(page, releases) -> None:
    """What each register row shows, ready to print (50 rows, each with a few links).

    The "In the scope of" cell is joined here, escaped with the standard library's `escape`
    (what Django's calls, without its lazy-string checks): a loop inside each row's loop, or
    `format_html` per link, costs more than the rest of the row.
    """
    detail_url = url_maker("modifications:detail")
    release_url = url_maker("releases:detail")
    phases, paths = dict(Phase.choices), dict(Path.choices)
    page.object_list = selectors.register_rows(page.object_list, releases)
    for m in page.object_list:
        m["url"] = detail_url(m["reference"])
        m["phase_label"] = phases.get(m["phase"], m["phase"])
        m["path_label"] = paths.get(m["path"], "—")
        m["releases_html"] = (
            mark_safe(
                "<br>".join(
                    f'<a href="{escape(release_url(slug))}">{escape(name)}</a>'
                    + (f' <span class="small">({escape(part)})</span>' if part else "")
                    for slug, name, part in m["releases"]
                )
            )
            if m["releases"]
            else "—"
        )
        on = m["latest_status_on"]
        m["latest_display"] = f"{on.day} {on:%b %Y}" if on else "—"


def _get(reference: str) -> Modification:
    modification, _ = selectors.modification_find(reference)
    return modification


def permissions(user) -> dict[str, bool]:
    return {
        "post_status": user.has_perm("modifications.add_statusupdate"),
        "change_phase": user.has_perm("modifications.change_modification"),
    }


def _status_context(request, modification, *, status_updates=None) -> dict:
    can = permissions(request.user)
    if status_updates is None:
        status_updates = selectors.modification_status_updates(modification)
    return {"modification": modification, "status_updates": status_updates, "can": can}


def _phase_context(request, modification) -> dict:
    return {"modification": modification, "can": permissions(request.user)}


@require_GET
def modification_detail(request, reference):
    """A proposal: where it stands, its releases, assessments, impacts and costs."""
    modification, by_former_reference = selectors.modification_find(
        reference, annotations=selectors.page_presence(request.user)
    )
    if by_former_reference or reference != modification.reference:
        return redirect("modifications:detail", reference=modification.reference, permanent=True)
    page = selectors.modification_page(modification, viewer=request.user)
    context = {
        **page,
        **_status_context(request, modification, status_updates=page["status_updates"]),
        **_phase_context(request, modification),
    }
    return render(request, "modifications/modification_detail.html", context)


@require_http_methods(["GET", "POST"])
def status_update_add(request, reference):
    """Post where the proposal stands now; it becomes the narrative papers show."""
    modification = _get(reference)
    require_permission(request, "modifications.add_statusupdate", SECAS_ONLY)
    form = StatusUpdateForm(request.POST or None, auto_id="status_%s")
    error = None
    if form.is_bound and form.is_valid():
        try:
            update = services.status_update_post(
                modification=modification,
                text=form.cleaned_data["text"],
                as_of=form.cleaned_data["as_of"],
                actor=request.user,
            )
        except ApplicationError as refusal:
            error = refusal
            form.add_application_error(refusal)
        else:
            return done(
                request,
                message=f"Status of {modification.reference} as of {update.as_of:%d %B %Y} posted.",
                url=reverse("modifications:detail", args=[modification.reference]) + "#status",
                template="modifications/_status_section.html",
                context=_status_context(request, modification),
                target="#status",
            )
    status = form_status(form, error)
    if request.htmx:
        return render(
            request,
            "modifications/_status_form.html",
            {"modification": modification, "status_form": form},
            status=status,
        )
    return render(
        request,
        "modifications/form_page.html",
        {
            "modification": modification,
            "form": form,
            "heading": f"Post a status update on {modification.reference}",
            "submit": "Post update",
            "action": reverse("modifications:status_add", args=[modification.reference]),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def phase_change(request, reference):
    """Move the proposal to another phase; a move the rules forbid is explained, not made."""
    modification = _get(reference)
    require_permission(request, "modifications.change_modification", SECAS_ONLY)
    form = PhaseChangeForm(request.POST or None, modification=modification, auto_id="phase_%s")
    error = None
    if form.is_bound and form.is_valid():
        old_reference = modification.reference
        try:
            changed = services.modification_change_phase(
                modification=modification,
                phase=form.cleaned_data["phase"],
                on=form.cleaned_data["on"],
                expected_version=form.cleaned_data["version"],
                actor=request.user,
            )
        except ApplicationError as refusal:
            error = refusal
            form.add_application_error(refusal)
        else:
            message = f"{changed.reference} is now in {changed.get_phase_display()}."
            url = reverse("modifications:detail", args=[changed.reference])
            if changed.reference != old_reference:
                # A Draft Proposal converted to an MP has a new address: go there.
                message = f"{old_reference} converted to {changed.reference}. " + message
                if request.htmx:
                    messages.success(request, message)
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = url
                    return response
            return done(
                request,
                message=message,
                url=url,
                template="modifications/_phase_section.html",
                context=_phase_context(request, changed),
                target="#phase",
            )
    status = form_status(form, error)
    if request.htmx:
        return render(
            request,
            "modifications/_phase_form.html",
            {"modification": modification, "phase_form": form},
            status=status,
        )
    return render(
        request,
        "modifications/form_page.html",
        {
            "modification": modification,
            "form": form,
            "heading": f"Change the phase of {modification.reference}",
            "submit": "Change phase",
            "action": reverse("modifications:phase_change", args=[modification.reference]),
        },
        status=status,
    )


@require_GET
def modification_history(request, reference):
    """Who changed what on the proposal, and when, field by field, newest first."""
    modification, by_former_reference = selectors.modification_find(
        reference, annotations=selectors.history_presence()
    )
    if by_former_reference or reference != modification.reference:
        return redirect("modifications:history", reference=modification.reference, permanent=True)
    sources = selectors.modification_history_sources(modification, user=request.user)
    page = history_page(request, history_entries(sources), HISTORY_PAGE_SIZE)
    return render(
        request,
        "modifications/modification_history.html",
        {"modification": modification, "page": page},
    )
