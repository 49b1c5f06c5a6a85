"""The review of a draft RID on its page: comments beside each section, SECAS's answers, and the
open/resolved count at the top, each changed in place with htmx (a whole page without it)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from core.htmx import announce
from core.views import require_permission
from releases import selectors
from releases.choices import RidSection
from releases.forms import RidCommentForm, RidCommentResolveForm
from releases.models import RidComment
from releases.rid import review
from releases.rid.content import rid_snapshot

COMMENT_REFUSAL = "Only Panel, CSC and SECAS members comment on a draft RID."
RESOLVE_REFUSAL = "Only SECAS answers and resolves comments on a draft RID."
PANEL_TEMPLATE = "releases/rid/_review_section.html"


def _panel_id(section: str) -> str:
    return f"review-{review.ANCHORS[section]}"


def review_context(
    request, release, snapshot: dict, *, bound: dict | None = None, only: str = "", flash: str = ""
) -> dict:
    """The review as the draft page shows it to `request.user`: nothing for a reader who may not
    read comments (the public); else the counts and a rendered panel per section (the draft's
    comments read in one query, whatever their number).

    `bound` is a refused form to show again: {"section": ..., "form": ...} or {"comment": pk,
    "form": ...}. `only` renders that section's panel alone, with `flash` (an htmx answer)."""
    user = request.user
    if not review.may_read_comments(user):
        return {"review_panels": None, "review": None}
    bound = bound or {}
    comments = selectors.rid_comments_of_draft(release)
    can_comment = user.has_perm(review.COMMENT_PERMISSION)
    can_resolve = user.has_perm(review.RESOLVE_PERMISSION)
    by_section: dict[str, list[RidComment]] = {}
    for comment in comments:
        comment.resolve_form = None
        if can_resolve and not comment.is_resolved:
            comment.resolve_form = (
                bound["form"]
                if bound.get("comment") == comment.pk
                else RidCommentResolveForm(auto_id=f"resolve{comment.pk}_%s")
            )
        by_section.setdefault(comment.section, []).append(comment)
    counts = review.review_counts(comments)
    panels = {}
    for section, rows in review.draft_sections(snapshot).items():
        if only and section != only:
            continue
        form = None
        if can_comment:
            form = (
                bound["form"]
                if bound.get("section") == section
                else RidCommentForm(
                    initial={"section": section}, rows=rows, auto_id=f"comment-{section}_%s"
                )
            )
        section_comments = by_section.get(section, [])
        if not section_comments and form is None and not only:
            continue  # a reader who may not comment sees panels only where there are comments
        panels[RidSection(section).name.lower()] = render_to_string(
            PANEL_TEMPLATE,
            {
                "release": release,
                "section": section,
                "label": RidSection(section).label,
                "panel_id": _panel_id(section),
                "comments": section_comments,
                "comment_form": form,
                "flash": flash,
            },
            request=request,
        )
    return {"review_panels": panels, "review": counts}


def _respond(request, release, *, section: str, message: str = "", bound=None, status=200):
    """htmx: the section's panel, with the count at the top out of band; without it, a redirect
    to the draft page after a write, or the page itself showing the refused form."""
    if request.htmx:
        snapshot = rid_snapshot(release)
        if section not in review.draft_sections(snapshot):
            # A forged section: no panel to put the refusal in, so the refusal alone.
            error = bound["form"].non_field_errors() if bound else []
            return HttpResponse(" ".join(error) or "No such section.", status=status)
        context = review_context(
            request, release, snapshot, bound=bound, only=section, flash=message
        )
        html = context["review_panels"][RidSection(section).name.lower()] + render_to_string(
            "releases/rid/_review_counts.html", {"counts": context["review"], "oob": True}
        )
        response = HttpResponse(html + (announce(message) if message else ""), status=status)
        response["HX-Retarget"] = f"#{_panel_id(section)}"
        response["HX-Reswap"] = "outerHTML"
        return response
    if status == 200:
        messages.success(request, message)
        url = reverse("releases:rid_draft", args=[release.slug])
        return redirect(f"{url}#{_panel_id(section)}")
    from releases.views.rid import draft_context

    return render(
        request,
        "releases/rid/draft.html",
        draft_context(request, release, bound=bound),
        status=status,
    )


def _status(error: ApplicationError) -> int:
    return error.status if error.status in (403, 409) else 422


@require_POST
def comment_add(request, slug):
    """A Panel, CSC or SECAS member comments on a section (or a row) of the live draft."""
    release = selectors.release_get(slug, user=request.user)
    require_permission(request, review.COMMENT_PERMISSION, COMMENT_REFUSAL)
    section = request.POST.get("section", "")
    sections = review.draft_sections(rid_snapshot(release))
    auto_id = f"comment-{section}_%s" if section in sections else "comment_%s"
    form = RidCommentForm(request.POST, rows=sections.get(section, {}), auto_id=auto_id)
    if form.is_valid():
        data = form.cleaned_data
        try:
            comment = review.rid_comment_add(
                release=release,
                section=data["section"],
                row=data["row"],
                text=data["text"],
                actor=request.user,
            )
        except ApplicationError as refusal:
            form.add_application_error(refusal)
            status = _status(refusal)
        else:
            where = comment.get_section_display() + (f", {comment.row}" if comment.row else "")
            return _respond(
                request, release, section=comment.section, message=f"Comment added on {where}."
            )
    else:
        status = 422
    if section not in sections and not request.htmx:
        # No panel on the page shows a form for it: the refusal goes at the top.
        for error in form.non_field_errors():
            messages.error(request, error)
    return _respond(
        request, release, section=section, bound={"section": section, "form": form}, status=status
    )


@require_POST
def comment_resolve(request, slug, pk):
    """SECAS answers a comment and resolves it."""
    release = selectors.release_get(slug, user=request.user)
    require_permission(request, review.RESOLVE_PERMISSION, RESOLVE_REFUSAL)
    comment = get_object_or_404(RidComment, release=release, pk=pk)
    form = RidCommentResolveForm(request.POST, auto_id=f"resolve{comment.pk}_%s")
    if form.is_valid():
        try:
            review.rid_comment_resolve(
                comment=comment, answer=form.cleaned_data["answer"], actor=request.user
            )
        except ApplicationError as refusal:
            form.add_application_error(refusal)
            status = _status(refusal)
        else:
            return _respond(
                request,
                release,
                section=comment.section,
                message=f"Comment by {comment.author.get_username()} answered and resolved.",
            )
    else:
        status = 422
    return _respond(
        request,
        release,
        section=comment.section,
        bound={"comment": comment.pk, "form": form},
        status=status,
    )
