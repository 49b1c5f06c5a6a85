"""The RID's live draft: the document as the release's data stands, and SECAS's narrative texts."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods

from core.errors import ApplicationError
from core.htmx import done, form_status
from core.views import require_permission
from releases import selectors, services
from releases.forms import RidNarrativeForm
from releases.models import RidNarrative, rid_narrative_texts
from releases.rid.content import rid_snapshot
from releases.rid.render import rid_html
from releases.views.rid_review import review_context

NARRATIVE_REFUSAL = "Only SECAS staff write the RID’s narrative; you can read the RID."


def draft_context(request, release, *, bound: dict | None = None) -> dict:
    """The document and what the reader may do with it (rendered from a fresh snapshot), with
    the review comments beside its sections for a reader allowed to see them."""
    snapshot = rid_snapshot(release)
    review = review_context(request, release, snapshot, bound=bound)
    html = rid_html(snapshot, review_panels=review["review_panels"])
    return {
        "release": release,
        "snapshot": snapshot,
        "document_html": mark_safe(html),  # the template autoescapes; the panels are templates
        "review": review["review"],
        "can_edit_narrative": request.user.has_perm("releases.change_ridnarrative"),
        "tab": "rid",
    }


@require_GET
def rid_draft(request, slug):
    """The live draft RID of a release: generated from its data whenever it is read."""
    release = selectors.release_get(slug, user=request.user)
    return render(request, "releases/rid/draft.html", draft_context(request, release))


@require_http_methods(["GET", "POST"])
def rid_narrative(request, slug):
    """SECAS edits the RID's narrative texts in place; a stale edit is refused (409)."""
    release = selectors.release_get(slug, user=request.user)
    require_permission(request, "releases.change_ridnarrative", NARRATIVE_REFUSAL)
    current = RidNarrative.objects.filter(release=release).first()
    form = RidNarrativeForm(
        request.POST or None,
        narrative=rid_narrative_texts(current),
        version=current.version if current else None,
        auto_id="narrative_%s",
    )
    error = None
    if form.is_bound and form.is_valid():
        try:
            services.rid_narrative_update(
                release=release,
                texts=form.texts(),
                expected_version=form.cleaned_data.get("version"),
                actor=request.user,
            )
        except ApplicationError as refusal:
            error = refusal
            form.add_application_error(refusal)
        else:
            return done(
                request,
                message="The RID’s narrative was saved; the draft below shows it.",
                url=reverse("releases:rid_draft", args=[release.slug]),
                template="releases/rid/_draft_body.html",
                context=draft_context(request, release),
                target="#rid-document",
            )
    context = {"release": release, "form": form, "tab": "rid"}
    if request.htmx:
        return render(
            request, "releases/rid/_narrative_form.html", context, status=form_status(form, error)
        )
    return render(
        request,
        "releases/form_page.html",
        {
            **context,
            "heading": f"The narrative of the {release.name} RID",
            "submit": "Save the narrative",
            "action": reverse("releases:rid_narrative", args=[release.slug]),
        },
        status=form_status(form, error),
    )
