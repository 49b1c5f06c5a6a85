"""The pages anyone reads: every release, one release, and its history."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from core.history import history_entries
from core.pagination import paginate
from releases import selectors
from releases.choices import CLOSED_STATUSES, Inclusion
from releases.cutoffs import cutoff_status
from releases.forms import DecisionForm, MilestoneForm, ScopeItemAddForm
from releases.timeline import build_timeline

HISTORY_PAGE_SIZE = 50

# Editing a release's scope, timeline and decisions is SECAS's job (core/roles.py). Recording a
# decision here also needs change_release: the Panel and the CSC hold add_decision for the
# decisions they take through their own actions (baselining, go/no-go), not to edit this page.
SECAS_ONLY = "Only SECAS staff change a release's scope, timeline and decisions; you can read them."


def permissions(user, release) -> dict[str, bool]:
    """What `user` may change on the release page (the views check again on every write)."""
    open_release = release.status not in CLOSED_STATUSES
    return {
        "add_scope": open_release and user.has_perm("releases.add_scopeitem"),
        "change_scope": open_release and user.has_perm("releases.change_scopeitem"),
        "add_milestone": user.has_perm("releases.add_milestone"),
        "change_milestone": user.has_perm("releases.change_milestone"),
        "record_decision": user.has_perm("releases.add_decision")
        and user.has_perm("releases.change_release"),
    }


def decorate_scope(items, release, today) -> list:
    """Each item with its cut-off badge: Working Days left, or how long ago it passed.

    Once the release is live or cancelled, or its go-live date has passed with no outcome
    recorded (November 2022 in the reference data), the badge shows the date only.
    """
    closed = release.status in CLOSED_STATUSES or release.planned_go_live < today
    items = list(items)
    for item in items:
        targeted = item.inclusion == Inclusion.TARGETED
        item.cutoff = (
            cutoff_status(item.decision_cutoff, today, release_closed=closed) if targeted else None
        )
    return items


def scope_context(request, release, *, add_form=None) -> dict:
    today = timezone.localdate()
    items = decorate_scope(selectors.scope_items_for(release), release, today)
    can = permissions(request.user, release)
    if can["add_scope"] and add_form is None:
        add_form = ScopeItemAddForm(auto_id="add_%s")
    return {
        "release": release,
        "scope_items": items,
        "in_scope_count": sum(1 for i in items if i.in_scope),
        "document_only": any(i.in_scope for i in items)
        and not any(i.in_scope and i.impacts_dcc_systems for i in items),
        "can": can,
        "add_form": add_form,
        "today": today,
    }


def milestones_context(request, release, *, milestone_form=None) -> dict:
    can = permissions(request.user, release)
    if can["add_milestone"] and milestone_form is None:
        milestone_form = MilestoneForm(release=release, auto_id="milestone_new_%s")
    return {
        "release": release,
        "milestones": list(selectors.milestones_for(release)),
        "can": can,
        "milestone_form": milestone_form,
    }


def decisions_context(request, release, *, decision_form=None) -> dict:
    can = permissions(request.user, release)
    if can["record_decision"] and decision_form is None:
        decision_form = DecisionForm(release=release, auto_id="decision_%s")
    return {
        "release": release,
        "decisions": list(selectors.decisions_for(release)),
        "can": can,
        "decision_form": decision_form,
    }


def release_list(request):
    """Every release with its counts and next milestone, and the timeline across them."""
    today = timezone.localdate()
    releases = list(selectors.release_list(today=today))
    timeline = build_timeline(releases, selectors.timeline_milestones(releases), today)
    return render(
        request,
        "releases/release_list.html",
        {"releases": releases, "timeline": timeline, "today": today},
    )


def release_detail(request, slug):
    """A release as the Panel paper shows it: scope, timeline, decisions, what runs alongside."""
    release = selectors.release_get(slug)
    context = {
        **scope_context(request, release),
        **milestones_context(request, release),
        **decisions_context(request, release),
        "programmes": list(selectors.concurrent_programmes_for(release)),
        "change_requests": list(selectors.dcc_change_requests_for(release)),
        "tab": "overview",
    }
    return render(request, "releases/release_detail.html", context)


def release_history(request, slug):
    """Who changed what on the release page, and when, field by field, newest first."""
    release = selectors.release_get(slug)
    entries = history_entries(selectors.release_history_sources(release))
    page = paginate(request, entries, HISTORY_PAGE_SIZE)
    return render(
        request,
        "releases/release_history.html",
        {
            "release": release,
            "page": page,
            "tab": "history",
            "back_url": reverse("releases:detail", args=[release.slug]),
        },
    )
