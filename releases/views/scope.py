"""SECAS changes a release's scope in place: add, move to another release, remove."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from core.errors import ApplicationError
from core.htmx import done, form_status
from core.views import require_permission
from releases import selectors, services
from releases.forms import ScopeItemAddForm, ScopeItemMoveForm, ScopeItemRemoveForm
from releases.views.pages import SECAS_ONLY, decorate_scope, permissions, scope_context


def _scope_done(request, release, message):
    return done(
        request,
        message=message,
        url=reverse("releases:detail", args=[release.slug]) + "#scope",
        template="releases/_scope_section.html",
        context=scope_context(request, release),
        target="#scope",
    )


def _row_context(request, release, item) -> dict:
    [item] = decorate_scope([item], release, timezone.localdate())
    return {
        "release": release,
        "item": item,
        "row": item.row,
        "can": permissions(request.user, release),
    }


@require_http_methods(["GET", "POST"])
def scope_add(request, slug):
    """Put a modification into the release, approved or targeted with a cut-off."""
    release = selectors.release_get(slug, user=request.user)
    require_permission(request, "releases.add_scopeitem", SECAS_ONLY)
    form = ScopeItemAddForm(request.POST or None, auto_id="add_%s")
    error = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.scope_item_add(
                release=release,
                modification=data["modification"],
                inclusion=data["inclusion"],
                part=data["part"],
                decision_cutoff=data["decision_cutoff"],
                impacts_dcc_systems=form.impacts,
                actor=request.user,
            )
        except ApplicationError as refusal:
            error = refusal
            form.add_application_error(refusal)
        else:
            message = (
                f"{item.modification.reference} added to the scope of {release.name} "
                f"({item.get_inclusion_display().lower()})."
            )
            return _scope_done(request, release, message)
    if request.htmx:
        context = {"release": release, "add_form": form}
        return render(
            request, "releases/_scope_add_form.html", context, status=form_status(form, error)
        )
    context = {
        "release": release,
        "form": form,
        "heading": f"Add a modification to the {release.name}",
        "submit": "Add to scope",
        "action": reverse("releases:scope_add", args=[release.slug]),
    }
    return render(request, "releases/form_page.html", context, status=form_status(form, error))


@require_GET
def scope_row(request, slug, pk):
    """One row of the scope table (htmx puts it back when an edit is cancelled)."""
    release = selectors.release_get(slug, user=request.user)
    item = selectors.scope_item_get(release, pk)
    return render(request, "releases/_scope_row.html", _row_context(request, release, item))


def _item_action(request, slug, pk, *, action: str):
    release = selectors.release_get(slug, user=request.user)
    require_permission(request, "releases.change_scopeitem", SECAS_ONLY)
    item = selectors.scope_item_get(release, pk)
    data = request.POST or None
    if action == "move":
        destinations = selectors.open_releases(exclude=release)
        form = ScopeItemMoveForm(
            data, item=item, destinations=destinations, auto_id=f"move_{item.pk}_%s"
        )
    else:
        form = ScopeItemRemoveForm(data, item=item, auto_id=f"remove_{item.pk}_%s")
    error = None
    if form.is_bound and form.is_valid():
        values = form.cleaned_data
        try:
            if action == "move":
                moved = services.scope_item_move(
                    item=item,
                    to_release=values["to_release"],
                    reason=values["reason"],
                    decision_cutoff=values.get("decision_cutoff"),
                    expected_version=values["version"],
                    actor=request.user,
                )
                message = (
                    f"{item.modification.reference} moved from {release.name} "
                    f"to {moved.release.name}."
                )
            else:
                services.scope_item_remove(
                    item=item,
                    reason=values["reason"],
                    expected_version=values["version"],
                    actor=request.user,
                )
                message = f"{item.modification.reference} removed from the scope of {release.name}."
        except ApplicationError as refusal:
            error = refusal
            form.add_application_error(refusal)
        else:
            return _scope_done(request, release, message)
    status = form_status(form, error)
    context = {**_row_context(request, release, item), "form": form, "kind": action}
    if request.htmx:
        return render(request, "releases/_scope_item_form.html", context, status=status)
    reference = item.modification.reference
    context |= {
        "heading": (
            f"Move {reference} to another release"
            if action == "move"
            else f"Remove {reference} from the scope of the {release.name}"
        ),
        "submit": "Move" if action == "move" else "Remove from scope",
        "action": reverse(f"releases:scope_{action}", args=[release.slug, item.pk]),
    }
    return render(request, "releases/form_page.html", context, status=status)


@require_http_methods(["GET", "POST"])
def scope_move(request, slug, pk):
    """Defer an item to another open release, with the reason (and a new cut-off if targeted)."""
    return _item_action(request, slug, pk, action="move")


@require_http_methods(["GET", "POST"])
def scope_remove(request, slug, pk):
    """Take an item out of scope, with the reason; the row stays for the record."""
    return _item_action(request, slug, pk, action="remove")
