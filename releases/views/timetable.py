"""SECAS keeps a release's timeline and its decisions in place."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from core.errors import ApplicationError
from core.htmx import done, form_status
from core.views import require_permission
from releases import selectors, services
from releases.forms import DecisionForm, MilestoneForm
from releases.models import Milestone
from releases.views.pages import (
    SECAS_ONLY,
    decisions_context,
    decorate_milestones,
    milestones_context,
    permissions,
)


def _milestones_done(request, release, message):
    return done(
        request,
        message=message,
        url=reverse("releases:detail", args=[release.slug]) + "#milestones",
        template="releases/_milestones_section.html",
        context=milestones_context(request, release),
        target="#milestones",
    )


def _save_milestone(request, form):
    """Save the form's milestone through the service; its refusal lands next to the field."""
    try:
        milestone = services.milestone_save(
            milestone=form.instance,
            expected_version=form.cleaned_data.get("version"),
            actor=request.user,
        )
    except ApplicationError as refusal:
        form.add_application_error(refusal)
        return None, refusal
    return milestone, None


@require_http_methods(["GET", "POST"])
def milestone_add(request, slug):
    release = selectors.release_get(slug, user=request.user)
    require_permission(request, "releases.add_milestone", SECAS_ONLY)
    form = MilestoneForm(request.POST or None, release=release, auto_id="milestone_new_%s")
    error = None
    if form.is_bound and form.is_valid():
        milestone, error = _save_milestone(request, form)
        if milestone is not None:
            return _milestones_done(
                request,
                release,
                f"Milestone “{milestone.event}” added on {milestone.display_date}.",
            )
    if request.htmx:
        return render(
            request,
            "releases/_milestone_add_form.html",
            {"release": release, "milestone_form": form},
            status=form_status(form, error),
        )
    return render(
        request,
        "releases/form_page.html",
        {
            "release": release,
            "form": form,
            "heading": f"Add a milestone to the {release.name}",
            "submit": "Add milestone",
            "action": reverse("releases:milestone_add", args=[release.slug]),
        },
        status=form_status(form, error),
    )


def _milestone(release, pk) -> Milestone:
    return get_object_or_404(selectors.milestones_for(release), pk=pk)


@require_GET
def milestone_row(request, slug, pk):
    release = selectors.release_get(slug, user=request.user)
    [milestone] = decorate_milestones(release, [_milestone(release, pk)])
    return render(
        request,
        "releases/_milestone_row.html",
        {"release": release, "row": milestone.row, "can": permissions(request.user, release)},
    )


@require_http_methods(["GET", "POST"])
def milestone_edit(request, slug, pk):
    """Change a milestone; milestones whose rule counts from it move with it."""
    release = selectors.release_get(slug, user=request.user)
    require_permission(request, "releases.change_milestone", SECAS_ONLY)
    milestone = _milestone(release, pk)
    form = MilestoneForm(
        request.POST or None,
        instance=milestone,
        release=release,
        auto_id=f"milestone_{milestone.pk}_%s",
    )
    error = None
    if form.is_bound and form.is_valid():
        saved, error = _save_milestone(request, form)
        if saved is not None:
            followers = saved.dependants.count()
            message = f"Milestone “{saved.event}” saved: {saved.display_date}."
            if followers:
                message += (
                    f" {followers} milestone{'s' if followers > 1 else ''} set by a rule from it "
                    "moved with it."
                )
            return _milestones_done(request, release, message)
    context = {"release": release, "m": milestone, "form": form}
    if request.htmx:
        return render(
            request, "releases/_milestone_form.html", context, status=form_status(form, error)
        )
    return render(
        request,
        "releases/form_page.html",
        {
            **context,
            "heading": f"Edit “{milestone.event}”",
            "submit": "Save milestone",
            "action": reverse("releases:milestone_edit", args=[release.slug, milestone.pk]),
        },
        status=form_status(form, error),
    )


@require_http_methods(["GET", "POST"])
def decision_add(request, slug):
    """Record a decision a body took on the release, with its paper reference."""
    release = selectors.release_get(slug, user=request.user)
    require_permission(request, "releases.add_decision", SECAS_ONLY)
    require_permission(request, "releases.change_release", SECAS_ONLY)
    form = DecisionForm(request.POST or None, release=release, auto_id="decision_%s")
    error = None
    if form.is_bound and form.is_valid():
        try:
            decision = services.decision_record(decision=form.instance, actor=request.user)
        except ApplicationError as refusal:
            error = refusal
            form.add_application_error(refusal)
        else:
            message = (
                f"Decision recorded: {decision.get_body_display()}, "
                f"{decision.meeting_date:%d %B %Y}, {decision.ask}."
            )
            return done(
                request,
                message=message,
                url=reverse("releases:detail", args=[release.slug]) + "#decisions",
                template="releases/_decisions_section.html",
                context=decisions_context(request, release),
                target="#decisions",
            )
    if request.htmx:
        return render(
            request,
            "releases/_decision_form.html",
            {"release": release, "decision_form": form},
            status=form_status(form, error),
        )
    return render(
        request,
        "releases/form_page.html",
        {
            "release": release,
            "form": form,
            "heading": f"Record a decision on the {release.name}",
            "submit": "Record decision",
            "action": reverse("releases:decision_add", args=[release.slug]),
        },
        status=form_status(form, error),
    )
