from django.shortcuts import render

from releases import selectors


def release_list(request):
    return render(request, "releases/release_list.html", {"releases": selectors.release_list()})


def release_detail(request, slug):
    """A release as the Panel paper shows it: scope, timeline and decisions."""
    release = selectors.release_get(slug)
    context = {
        "release": release,
        "scope_items": selectors.scope_items_for(release),
        "milestones": selectors.milestones_for(release),
        "decisions": selectors.decisions_for(release),
        "document_only": selectors.release_is_document_only(release),
    }
    return render(request, "releases/release_detail.html", context)
