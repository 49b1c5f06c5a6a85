"""The RID's baselines: the Panel (or the CSC) baselines the draft, anyone reads and downloads a
baseline, SECAS records appeals; the draft's PDF and the comparison of two versions."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import ApplicationError
from core.pdf import pdf_response, render_pdf
from core.views import require_permission
from releases import selectors
from releases.forms import RidAppealDecideForm, RidAppealForm, RidBaselineForm
from releases.models import RidAppeal, RidDraftPdf
from releases.rid import baselines as service
from releases.rid import review
from releases.rid.compare import rid_compare
from releases.rid.content import rid_snapshot
from releases.rid.render import rid_html

logger = logging.getLogger(__name__)

BASELINERS_ONLY = (
    "Only Panel members baseline a RID (and CSC members re-baseline one for scope that does not "
    "impact DCC Systems)."
)
SECAS_ONLY = "Only SECAS records appeals against a RID baseline and their outcomes."
DRAFT = "draft"


def may_baseline(user) -> bool:
    return user.has_perm("releases.baseline_rid") or user.has_perm("releases.rebaseline_rid")


def next_version(baselines) -> str:
    """The version a new baseline most likely takes: 0.1 first, then the next whole number."""
    if not baselines:
        return "0.1"
    return f"{int(baselines[-1].version) + 1}.0"


def baselines_panel_context(request, release) -> dict:
    """What `_baselines.html` shows on the draft page: the versions, the form, the draft PDF."""
    baselines = list(selectors.rid_baselines_for(release))
    form = None
    if may_baseline(request.user):
        form = RidBaselineForm(initial={"version": next_version(baselines)}, auto_id="baseline_%s")
    return {"release": release, "baselines": baselines, "baseline_form": form}


@require_http_methods(["GET", "POST"])
def baseline_add(request, slug):
    release = selectors.release_get(slug, user=request.user)
    if not may_baseline(request.user):
        raise PermissionDenied(BASELINERS_ONLY)
    form = RidBaselineForm(request.POST or None, auto_id="baseline_%s")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            baseline = service.rid_baseline_create(
                release=release,
                version=data["version"],
                changes=data["changes"],
                meeting_date=data["meeting_date"],
                paper_reference=data["paper_reference"],
                published_on=data["published_on"],
                issued_on=data["issued_on"],
                override_reason=data["override_reason"],
                actor=request.user,
            )
        except ApplicationError as refusal:
            form.add_application_error(refusal)
        else:
            messages.success(
                request,
                f"The {release.name} RID is baselined as v{baseline.version}; "
                "its PDF is being rendered.",
            )
            url = reverse("releases:rid_baseline", args=[release.slug, baseline.version])
            if request.htmx:
                response = HttpResponse(status=204)
                response["HX-Redirect"] = url
                return response
            return redirect(url)
    return render(
        request,
        "releases/rid/baseline_form.html",
        {"release": release, "baseline_form": form, "tab": "rid"},
        status=422 if form.is_bound else 200,
    )


def _appeal_context(request, baseline, *, appeal_form=None, decide_forms=None) -> dict:
    window = service.baseline_appeal_window(baseline)
    today = timezone.localdate()
    appeals = list(baseline.appeals.order_by("lodged_on", "id"))
    can_record = request.user.has_perm("releases.add_ridappeal")
    can_decide = request.user.has_perm("releases.change_ridappeal")
    decide_forms = decide_forms or {}
    for appeal in appeals:
        appeal.decide_form = None
        if can_decide and appeal.outcome == "PENDING":
            appeal.decide_form = decide_forms.get(appeal.pk) or RidAppealDecideForm(
                initial={"version": appeal.version, "decided_on": today},
                auto_id=f"appeal{appeal.pk}_%s",
            )
    if can_record and appeal_form is None and window is not None:
        appeal_form = RidAppealForm(
            initial={"lodged_on": min(today, window.closes)}, auto_id="appeal_%s"
        )
    return {
        "window": window,
        "window_open": bool(window and window.is_open(today)),
        "today": today,
        "appeals": appeals,
        "appeal_form": appeal_form if can_record else None,
    }


def _baseline_page(request, baseline, *, status=200, **forms) -> HttpResponse:
    release = baseline.release
    others = [b for b in selectors.rid_baselines_for(release) if b.pk != baseline.pk]
    previous = [b for b in others if b.version < baseline.version]
    return render(
        request,
        "releases/rid/baseline.html",
        {
            "release": release,
            "baseline": baseline,
            "others": others,
            "previous": previous[-1] if previous else None,
            "document_html": mark_safe(rid_html(baseline.snapshot)),  # the template autoescapes
            "tab": "rid",
            # The review this version closed, for readers who may read comments (not public).
            "review_comments": (
                selectors.rid_comments_of_baseline(baseline)
                if review.may_read_comments(request.user)
                else None
            ),
            **_appeal_context(request, baseline, **forms),
        },
        status=status,
    )


@require_GET
def baseline_detail(request, slug, version):
    release = selectors.release_get(slug, user=request.user)
    return _baseline_page(request, selectors.rid_baseline_get(release, version))


@require_GET
def baseline_pdf_status(request, slug, version):
    """The small part of the baseline page that htmx polls until the PDF is rendered."""
    release = selectors.release_get(slug, user=request.user)
    baseline = selectors.rid_baseline_get(release, version)
    return render(request, "releases/rid/_baseline_pdf.html", {"baseline": baseline})


def _tampered(request, what: str, error: service.TamperedPdf, back: str) -> HttpResponse:
    return render(
        request,
        "releases/rid/pdf_tampered.html",
        {"what": what, "error": str(error), "back": back},
        status=409,
    )


def _stored_pdf(request, document, *, what: str, back: str, filename: str) -> HttpResponse:
    """A baseline's or a draft's stored PDF as a download: 409 while it is being rendered, and
    a 409 page (never the file) when it no longer matches its recorded SHA-256."""
    if not document.is_rendered:
        return render(
            request, "releases/rid/pdf_pending.html", {"what": what, "back": back}, status=409
        )
    try:
        data = service.stored_pdf_bytes(document)
    except service.TamperedPdf as error:
        return _tampered(request, what, error, back)
    return pdf_response(data, filename, attachment=True)


@require_GET
def baseline_pdf(request, slug, version):
    """The baseline's PDF, served only while it still matches its recorded SHA-256."""
    release = selectors.release_get(slug, user=request.user)
    baseline = selectors.rid_baseline_get(release, version)
    return _stored_pdf(
        request,
        baseline,
        what=str(baseline),
        back=reverse("releases:rid_baseline", args=[release.slug, baseline.version]),
        filename=f"{release.slug}-rid-v{baseline.version}.pdf",
    )


@require_POST
def appeal_add(request, slug, version):
    release = selectors.release_get(slug, user=request.user)
    baseline = selectors.rid_baseline_get(release, version)
    require_permission(request, "releases.add_ridappeal", SECAS_ONLY)
    form = RidAppealForm(request.POST, auto_id="appeal_%s")
    if form.is_valid():
        try:
            appeal = service.rid_appeal_lodge(
                baseline=baseline, actor=request.user, **form.cleaned_data
            )
        except ApplicationError as refusal:
            form.add_application_error(refusal)
        else:
            messages.success(request, f"The appeal by {appeal.appellant} is recorded.")
            return redirect(
                reverse("releases:rid_baseline", args=[release.slug, baseline.version]) + "#appeals"
            )
    return _baseline_page(request, baseline, status=422, appeal_form=form)


@require_POST
def appeal_decide(request, slug, version, pk):
    release = selectors.release_get(slug, user=request.user)
    baseline = selectors.rid_baseline_get(release, version)
    require_permission(request, "releases.change_ridappeal", SECAS_ONLY)
    appeal = get_object_or_404(RidAppeal, baseline=baseline, pk=pk)
    form = RidAppealDecideForm(request.POST, auto_id=f"appeal{appeal.pk}_%s")
    status = 422
    if form.is_valid():
        try:
            appeal = service.rid_appeal_decide(
                appeal=appeal,
                outcome=form.cleaned_data["outcome"],
                decided_on=form.cleaned_data["decided_on"],
                expected_version=form.cleaned_data.get("version"),
                actor=request.user,
            )
        except ApplicationError as refusal:
            form.add_application_error(refusal)
            status = refusal.status if refusal.status == 409 else 422
        else:
            messages.success(
                request,
                f"The appeal by {appeal.appellant} is recorded as "
                f"{appeal.get_outcome_display().lower()}.",
            )
            return redirect(
                reverse("releases:rid_baseline", args=[release.slug, baseline.version]) + "#appeals"
            )
    return _baseline_page(request, baseline, status=status, decide_forms={appeal.pk: form})


# -- the draft's PDF -------------------------------------------------------------------------


@login_required
@require_POST
def draft_pdf_request(request, slug):
    """Ask for the PDF of the draft as it stands now (rendered by a task, once per digest)."""
    release = selectors.release_get(slug, user=request.user)
    draft = service.rid_draft_pdf_request(release=release, actor=request.user)
    if request.htmx:
        return render(request, "releases/rid/_draft_pdf.html", {"release": release, "draft": draft})
    return redirect(reverse("releases:rid_draft_pdf_status", args=[release.slug, draft.digest]))


def _draft(release, digest) -> RidDraftPdf:
    return get_object_or_404(RidDraftPdf, release=release, digest=digest)


@require_GET
def draft_pdf_status(request, slug, digest):
    release = selectors.release_get(slug, user=request.user)
    draft = _draft(release, digest)
    template = "releases/rid/_draft_pdf.html" if request.htmx else "releases/rid/draft_pdf.html"
    return render(request, template, {"release": release, "draft": draft, "tab": "rid"})


@require_GET
def draft_pdf(request, slug, digest):
    release = selectors.release_get(slug, user=request.user)
    return _stored_pdf(
        request,
        _draft(release, digest),
        what=f"the draft {release.name} RID",
        back=reverse("releases:rid_draft_pdf_status", args=[release.slug, digest]),
        filename=f"{release.slug}-rid-draft-{digest[:12]}.pdf",
    )


# -- comparing ------------------------------------------------------------------------------


def _side(release, value: str) -> dict:
    if value == DRAFT:
        return rid_snapshot(release)
    return selectors.rid_baseline_get(release, value).snapshot


def _comparison(request, release):
    baselines = list(selectors.rid_baselines_for(release))
    if not baselines:
        raise Http404(f"The {release.name} RID has no baseline to compare.")
    default_from = f"{baselines[-1].version}"
    old_value = request.GET.get("from") or default_from
    new_value = request.GET.get("to") or DRAFT
    comparison = rid_compare(_side(release, old_value), _side(release, new_value))
    choices = [(f"{b.version}", f"v{b.version}") for b in baselines] + [(DRAFT, "The draft")]
    return comparison, {
        "release": release,
        "comparison": comparison,
        "choices": choices,
        "from_value": old_value,
        "to_value": new_value,
        "tab": "rid",
        "compared_on": timezone.localdate(),
    }


@require_GET
def compare(request, slug):
    release = selectors.release_get(slug, user=request.user)
    _, context = _comparison(request, release)
    return render(request, "releases/rid/compare.html", context)


@require_GET
def compare_pdf(request, slug):
    """The comparison as a PDF, rendered in the request (one or two pages: no task needed)."""
    release = selectors.release_get(slug, user=request.user)
    comparison, context = _comparison(request, release)
    pdf = render_pdf(
        "releases/rid/pdf/compare.html",
        {
            **context,
            "doc_title": f"{release.name} RID: {comparison.old_label} compared with "
            f"{comparison.new_label}",
            "classification": release.get_classification_display(),
        },
    )
    name = f"{release.slug}-rid-{context['from_value']}-to-{context['to_value']}.pdf"
    return pdf_response(pdf, name, attachment=True)
