"""Pages of what is published: release notes, the news, the Document Log, the calendars; and
the go-live form, which writes what they show."""

import contextlib
import datetime
import hashlib

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag
from django.views.decorators.http import require_POST

from acceptance.models import GoNoGoDecision
from core.errors import ApplicationError
from modifications.selectors import release_document_changes
from publication import calendar as ical
from publication import selectors, services
from publication.forms import GoLiveForm, ReleaseNoteForm, add_application_error, style
from releases.choices import Inclusion
from releases.models import (
    Milestone,
    Release,
    audited_release_ids,
    may_read_restricted,
    visible_release_q,
)
from releases.selectors import release_get
from releases.services import release_default_sec_version, release_set_live


def _require_perm(request, permission: str):
    """Anonymous: to the sign-in page; signed in without the permission: 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm(permission):
        raise PermissionDenied("It needs a role that holds this permission.")
    return None


def _can_edit_notes(user) -> bool:
    return user.is_authenticated and user.has_perm("publication.change_releasenote")


def release_note(request, slug):
    """The release note as the SEC publishes it; SECAS also sees the draft and its controls."""
    release = release_get(slug, user=request.user)
    note = selectors.note_for_release(release)
    can_edit = _can_edit_notes(request.user)
    if not can_edit and (note is None or not note.is_published):
        return render(
            request, "publication/no_note.html", {"release": release, "tab": "notes"}, status=404
        )
    context = {
        "release": release,
        "note": note,
        "tab": "notes",
        "can_edit": can_edit,
        "can_publish": request.user.has_perm("publication.publish_releasenote"),
    }
    if note is not None:
        items = list(note.items.all())
        context["modification_items"] = [i for i in items if i.modification_id]
        context["designation_items"] = [i for i in items if i.designation_id]
        context["summaries_given"] = any(i.summary for i in context["modification_items"])
    return render(request, "publication/release_note.html", context)


@require_POST
def release_note_draft(request, slug):
    denied = _require_perm(request, "publication.add_releasenote")
    if denied:
        return denied
    release = release_get(slug, user=request.user)
    try:
        services.release_note_draft(release=release, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The note was drafted from the release's data.")
    return redirect("publication:release_note", slug=release.slug)


def release_note_edit(request, slug):
    denied = _require_perm(request, "publication.change_releasenote")
    if denied:
        return denied
    release = release_get(slug, user=request.user)
    note = selectors.note_for_release(release)
    if note is None:
        raise Http404("No draft note yet.")
    if note.is_published:
        messages.info(request, "The note is published: it no longer changes.")
        return redirect("publication:release_note", slug=release.slug)
    form = ReleaseNoteForm(request.POST or None, note=note, initial=_note_initial(note))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.release_note_update(
                    note=note,
                    actor=request.user,
                    title=data["title"],
                    dated=data["dated"],
                    introduction=data["introduction"],
                    redlining=data["redlining"],
                    redlining_url=data["redlining_url"],
                    further_information=data["further_information"],
                    item_summaries=form.item_summaries(),
                    document_flags=form.document_flags(),
                    expected_version=_int(request.POST.get("version")),
                )
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                messages.success(request, "The draft note was saved.")
                return redirect("publication:release_note", slug=release.slug)
        status = 400
    style(form)
    return render(
        request,
        "publication/release_note_edit.html",
        {"release": release, "note": note, "form": form, "tab": "notes"},
        status=status,
    )


def _note_initial(note) -> dict:
    return {
        "title": note.title,
        "dated": note.dated,
        "introduction": note.introduction,
        "redlining": note.redlining,
        "redlining_url": note.redlining_url,
        "further_information": note.further_information,
    }


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_POST
def release_note_publish(request, slug):
    denied = _require_perm(request, "publication.publish_releasenote")
    if denied:
        return denied
    release = release_get(slug, user=request.user)
    note = selectors.note_for_release(release)
    if note is None:
        raise Http404("No draft note to publish.")
    try:
        services.release_note_publish(
            note=note, actor=request.user, expected_version=_int(request.POST.get("version"))
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The note is published on the news page and its feeds.")
    return redirect("publication:release_note", slug=release.slug)


def release_go_live(request, slug):
    """The Panel or the CSC sets the release live: date, SEC version, document versions."""
    denied = _require_perm(request, "releases.set_live")
    if denied:
        return denied
    release = release_get(slug, user=request.user)
    decision = GoNoGoDecision.objects.filter(release=release).first()
    sec_version = release_default_sec_version(release)
    go_live_on = release.actual_go_live or release.planned_go_live
    if request.method == "POST":
        with contextlib.suppress(ValueError):
            go_live_on = datetime.date.fromisoformat(request.POST.get("go_live_on", ""))
    changes = release_document_changes(release, on=go_live_on, sec_version=sec_version)
    form = GoLiveForm(
        request.POST or None,
        changes=changes,
        initial={"go_live_on": go_live_on, "sec_version": sec_version},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                release_set_live(
                    release=release,
                    actor=request.user,
                    go_live_on=form.cleaned_data["go_live_on"],
                    sec_version=form.cleaned_data["sec_version"],
                    document_versions=form.document_versions(),
                    expected_version=_int(request.POST.get("version")),
                )
            except ApplicationError as error:
                if error.status == 403:
                    raise PermissionDenied(error.message) from error
                add_application_error(form, error, form.field_map())
            else:
                messages.success(
                    request,
                    f"{release.name} is live as SEC v{form.cleaned_data['sec_version']:.1f}. "
                    "SECAS can now draft and publish its release note.",
                )
                return redirect("releases:detail", slug=release.slug)
        status = 400
    style(form)
    items = (
        release.scope_items.filter(inclusion__in=[Inclusion.APPROVED, Inclusion.TARGETED])
        .select_related("modification")
        .order_by("position", "id")
    )
    context = {
        "release": release,
        "decision": decision,
        "form": form,
        "items": items,
        "designations": release.designations.all(),
        "tab": "go_live",
    }
    return render(request, "publication/go_live.html", context, status=status)


def document_log(request):
    """The version of every SEC document in effect on a date (today unless asked), with the
    history of each: which release changed it, and when."""
    today = timezone.localdate()
    on, error = today, ""
    asked = request.GET.get("date", "").strip()
    if asked:
        try:
            on = datetime.date.fromisoformat(asked)
        except ValueError:
            error = f"‘{asked}’ is not a date: give it as YYYY-MM-DD (e.g. 2022-07-01)."
    documents = selectors.document_log(on, user=request.user)
    context = {
        "documents": documents,
        "on": on,
        "today": today,
        "asked": asked,
        "error": error,
        "in_effect_count": sum(1 for d in documents if d.in_effect),
    }
    return render(request, "publication/document_log.html", context, status=400 if error else 200)


def document_history(request, slug):
    """One SEC document's versions, newest first: which release changed it, and when."""
    document, history = selectors.document_history(slug, user=request.user)
    today = timezone.localdate()
    current = next((v for v in history if v.effective_from <= today), None)
    context = {"document": document, "history": history, "current": current, "today": today}
    return render(request, "publication/document_history.html", context)


def news(request):
    """Every published release note, newest first."""
    notes = selectors.published_notes(user=request.user)
    page = Paginator(notes, 20).get_page(request.GET.get("page"))
    return render(request, "publication/news.html", {"page": page, "notes": page.object_list})


def _calendar_response(body: bytes, filename: str, etag: str, *, public=True) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # A feed with releases above White is the reader's own: no shared cache keeps it.
    response["Cache-Control"] = f"{'public' if public else 'private'}, max-age=900"
    return response


def _release_url(request):
    def url_for(release: Release) -> str:
        return request.build_absolute_uri(reverse("releases:detail", args=[release.slug]))

    return url_for


def _calendar_etag(milestones, releases, today) -> str:
    """What the feed depends on, in one aggregate query each: a client polling an unchanged
    feed gets a 304 without the milestones being read or the feed written."""
    state = [
        str(today),
        *(
            f"{agg['n']}|{agg['latest']}"
            for agg in (
                milestones.aggregate(n=Count("pk"), latest=Max("updated_at")),
                releases.aggregate(n=Count("pk"), latest=Max("updated_at")),
            )
        ),
    ]
    return quote_etag(hashlib.sha256("/".join(state).encode()).hexdigest()[:32])


def calendar(request):
    """Every future milestone of every release, as one iCalendar feed."""
    today = timezone.localdate()
    user = request.user
    # An auditor's feed holds the restricted releases they audit: theirs only, like a role's.
    public = not may_read_restricted(user) and not audited_release_ids(user)
    milestones = Milestone.objects.filter(visible_release_q(user))
    etag = _calendar_etag(milestones, Release.objects.visible_to(user), today)
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return not_modified
    body = ical.build_calendar(
        name="SEC Release milestones",
        milestones=selectors.future_milestones(today, user=user),
        releases=selectors.releases_going_live(today=today, user=user),
        url_for=_release_url(request),
    )
    return _calendar_response(body, "sec-releases.ics", etag, public=public)


def release_calendar(request, slug):
    """One release's milestones, past and future, as an iCalendar feed."""
    release = release_get(slug, user=request.user)
    etag = _calendar_etag(
        release.milestones.all(), Release.objects.filter(pk=release.pk), timezone.localdate()
    )
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return not_modified
    body = ical.build_calendar(
        name=f"{release.name} milestones",
        milestones=selectors.calendar_milestones(release),
        releases=selectors.releases_going_live(release=release),
        url_for=_release_url(request),
    )
    return _calendar_response(body, f"{release.slug}.ics", etag, public=release.is_public)
