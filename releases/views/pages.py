"""The pages anyone reads: every release, one release, and its history."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from core.history import history_entries, history_page
from core.urls import url_maker
from governance.selectors import release_policy_line
from releases import selectors
from releases.choices import CLOSED_STATUSES, Inclusion
from releases.cutoffs import cutoff_status
from releases.timeline import build_timeline

HISTORY_PAGE_SIZE = 50

# Editing a release's scope, timeline and decisions is SECAS's job (core/roles.py). Recording a
# decision here also needs change_release: the Panel and the CSC hold add_decision for the
# decisions they take through their own actions (baselining, go/no-go), not to edit this page.
SECAS_ONLY = "Only SECAS staff change a release's scope, timeline and decisions; you can read them."


RELEASE_PAGE_PERMISSIONS = (
    "releases.add_scopeitem",
    "releases.change_scopeitem",
    "releases.add_milestone",
    "releases.change_milestone",
    "releases.add_decision",
    "releases.change_release",
)


def permissions(user, release) -> dict[str, bool]:
    """What `user` may change on the release page (the views check again on every write).

    Asked by each section of the page: worked out once per user and release. Each permission
    is asked by name: the roles answer from the user's role names (read once per request);
    only a permission no role of the user grants is looked up in the permission tables.
    """
    cache = user.__dict__.setdefault("_release_permissions", {})
    key = (release.pk, release.status)
    if key not in cache:
        if user.is_authenticated:
            held = {perm for perm in RELEASE_PAGE_PERMISSIONS if user.has_perm(perm)}
        else:
            held = set()
        open_release = release.status not in CLOSED_STATUSES
        cache[key] = {
            "add_scope": open_release and "releases.add_scopeitem" in held,
            "change_scope": open_release and "releases.change_scopeitem" in held,
            "add_milestone": "releases.add_milestone" in held,
            "change_milestone": "releases.change_milestone" in held,
            "record_decision": {"releases.add_decision", "releases.change_release"} <= held,
        }
    return cache[key]


def decorate_scope(items, release, today) -> list:
    """Each item with what its row shows, ready to print: links, dates, and the cut-off badge
    (Working Days left, or how long ago it passed).

    Once the release is live or cancelled, or its go-live date has passed with no outcome
    recorded (November 2022 in the reference data), the badge shows the date only.
    """
    closed = release.status in CLOSED_STATUSES or release.planned_go_live < today
    modification_url = url_maker("modifications:detail")
    release_url = url_maker("releases:detail")
    move_url = url_maker("releases:scope_move", release.slug)
    remove_url = url_maker("releases:scope_remove", release.slug)
    items = list(items)
    for item in items:
        targeted = item.inclusion == Inclusion.TARGETED
        item.cutoff = (
            cutoff_status(item.decision_cutoff, today, release_closed=closed) if targeted else None
        )
        item.cutoff_display = (
            f"{item.decision_cutoff.day} {item.decision_cutoff:%B %Y}"
            if item.decision_cutoff
            else ""
        )
        item.latest_status_display = (
            f"{item.latest_status_on.day} {item.latest_status_on:%b %Y}"
            if item.latest_status_on
            else ""
        )
        # The narrative, unless it only repeats the status ("Approved for inclusion.").
        narrative = (item.latest_status or "").strip()
        item.show_status = bool(narrative) and narrative != item.note.strip()
        if narrative.rstrip(".") == item.get_inclusion_display():
            item.show_status = False
        item.modification_url = modification_url(item.modification.reference)
        item.deferred_url = release_url(item.deferred_to.slug) if item.deferred_to_id else ""
        item.move_url = move_url(item.pk)
        item.remove_url = remove_url(item.pk)
        item.row = _scope_row(item)
    return items


def _scope_row(item) -> dict:
    """What `_scope_row.html` prints of an item, as a dict: a template finds a dict's key at
    its first try, where a model's attribute costs it a failed lookup first (30 rows of 20)."""
    cutoff = item.cutoff
    return {
        "pk": item.pk,
        "in_scope": item.in_scope,
        "reference": item.modification.reference,
        "title": item.modification.title,
        "modification_url": item.modification_url,
        "part": item.part,
        "inclusion": item.inclusion,
        "inclusion_display": item.get_inclusion_display(),
        "cutoff_display": item.cutoff_display,
        "deferred_url": item.deferred_url,
        "deferred_to_name": item.deferred_to.name if item.deferred_to_id else "",
        "reason": item.reason,
        "note": item.note,
        "show_status": item.show_status,
        "latest_status": item.latest_status,
        "latest_status_display": item.latest_status_display,
        "cutoff_tone": cutoff.tone if cutoff else "",
        "cutoff_label": cutoff.label if cutoff else "",
        "impacts_dcc_systems": item.impacts_dcc_systems,
        "move_url": item.move_url,
        "remove_url": item.remove_url,
    }


def scope_context(request, release) -> dict:
    today = timezone.localdate()
    items = decorate_scope(selectors.scope_table(release, user=request.user), release, today)
    can = permissions(request.user, release)
    return {
        "release": release,
        "scope_items": items,
        "in_scope_count": sum(1 for i in items if i.in_scope),
        "document_only": any(i.in_scope for i in items)
        and not any(i.in_scope and i.impacts_dcc_systems for i in items),
        "can": can,
        "today": today,
    }


def milestones_context(request, release) -> dict:
    """The timeline section. Its add form loads on demand (a link, or htmx): most visits only read."""
    milestones = decorate_milestones(release, selectors.timeline_rows(release))
    return {"release": release, "milestones": milestones, "can": permissions(request.user, release)}


def decorate_milestones(release, milestones) -> list:
    """Each milestone with `row`: what `_milestone_row.html` prints of it, as a dict (a
    template finds a dict's key at its first try, where a model's attribute costs it a failed
    lookup first)."""
    edit_url = url_maker("releases:milestone_edit", release.slug)
    milestones = list(milestones)
    for m in milestones:
        m.edit_url = edit_url(m.pk)
        m.row = {
            "pk": m.pk,
            "display_date": m.display_date,
            "has_rule": m.has_rule,
            "event": m.event,
            "kind_display": m.get_kind_display() if m.kind != "OTHER" else "",
            "responsible_display": m.get_responsible_display(),
            "rule_is_broken": m.rule_is_broken,
            "rule_display": m.rule_display,
            "notes": m.notes,
            "edit_url": m.edit_url,
        }
    return milestones


def decisions_context(request, release) -> dict:
    return {
        "release": release,
        "decisions": list(selectors.decisions_for(release)),
        "can": permissions(request.user, release),
    }


def release_list(request):
    """Every release with its counts and next milestone, and the timeline across them."""
    today = timezone.localdate()
    releases = selectors.release_overview(today=today, user=request.user)
    timeline = build_timeline(releases, selectors.timeline_milestones(releases), today)
    return render(
        request,
        "releases/release_list.html",
        {"releases": releases, "timeline": timeline, "today": today},
    )


def release_detail(request, slug):
    """A release as the Panel paper shows it: scope, timeline, decisions, what runs alongside."""
    release = selectors.release_for_page(slug, user=request.user)
    context = {
        **scope_context(request, release),
        **milestones_context(request, release),
        **decisions_context(request, release),
        "programmes": list(selectors.concurrent_programmes_for(release))
        if release.has_programmes
        else [],
        "change_requests": list(selectors.dcc_change_requests_for(release))
        if release.has_change_requests
        else [],
        "tab": "overview",
        "policy_line": release_policy_line(release),
    }
    return render(request, "releases/release_detail.html", context)


def release_history(request, slug):
    """Who changed what on the release page, and when, field by field, newest first."""
    release = selectors.release_for_history(slug, user=request.user)
    entries = history_entries(selectors.release_history_sources(release, user=request.user))
    page = history_page(request, entries, HISTORY_PAGE_SIZE)
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
