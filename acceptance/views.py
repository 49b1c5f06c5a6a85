"""The readiness of a release in the browser: the matrix, the forms of each group, the paper.

Readiness material (statements, views, testing evidence, TADs) is for signed-in members of the
roles that follow a release's acceptance, not the public: it is work in progress, holds the DCC's
unreviewed account of incidents and defects, and is published only as the Panel/CSC paper.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from acceptance import downloads, forms, selectors, services
from acceptance.choices import CriterionOwner, ReviewGroup
from acceptance.models import AcceptanceCriterion, Tad
from core.errors import ApplicationError
from core.pdf import pdf_response, render_pdf
from releases.selectors import release_get, scope_items_for

READ_PERMISSION = "acceptance.view_acceptancecriterion"


def _release_for(request, slug):
    release = release_get(slug, user=request.user)
    if not request.user.has_perm(READ_PERMISSION):
        raise PermissionDenied(
            "Readiness is shown to the SEC Panel, the CSC, SECAS, the OPSG, the TAG and the DCC."
        )
    return release


def _readiness_url(release) -> str:
    return reverse("acceptance:readiness", kwargs={"slug": release.slug})


def _can(user, permission: str, message: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied(message)


def _form_page(request, *, release, form, title, intro, on_valid, success, back=None, files=False):
    """Show `form`; on a valid POST call the service `on_valid(cleaned_data)`, then go back.

    A rule the service refuses is shown next to the field it names; nothing is written.
    """
    if request.method == "POST" and form.is_valid():
        try:
            on_valid(form.cleaned_data)
        except ApplicationError as error:
            if error.status == 403:
                raise PermissionDenied(error.message) from error
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, success)
            return redirect(back or _readiness_url(release))
    context = {
        "release": release,
        "form": form,
        "title": title,
        "intro": intro,
        "back": back or _readiness_url(release),
        "multipart": files,
        "tab": "readiness",
    }
    return render(request, "acceptance/form.html", context, status=400 if form.errors else 200)


@login_required
def readiness(request, slug):
    """The matrix of criteria against statements, views and RAG; testing; risks; what is missing."""
    release = _release_for(request, slug)
    context = {
        "release": release,
        "readiness": selectors.release_readiness(release),
        "tab": "readiness",
    }
    return render(request, "acceptance/readiness.html", context)


@login_required
def criterion_detail(request, slug, pk):
    """One criterion with every version of its statement and view, and the forms for them."""
    release = _release_for(request, slug)
    criterion = get_object_or_404(selectors.criteria_for(release), pk=pk)
    row = selectors.CriterionRow(
        criterion,
        list(criterion.readiness_statements.all()),
        list(criterion.group_views.all()),
    )
    user = request.user
    view_permission = services.GROUP_PERMISSION[criterion.reviewing_group]
    statement_permission = (
        "acceptance.submit_dcc_evidence"
        if criterion.owner == CriterionOwner.DCC
        else "acceptance.add_readinessstatement"
    )
    context = {
        "release": release,
        "row": row,
        "criterion": criterion,
        "tab": "readiness",
        "decided": release.go_no_go if hasattr(release, "go_no_go") else None,
        "view_form": forms.GroupViewForm() if user.has_perm(view_permission) else None,
        "statement_form": (
            forms.ReadinessStatementForm() if user.has_perm(statement_permission) else None
        ),
        "can_edit": user.has_perm("acceptance.change_acceptancecriterion"),
    }
    return render(request, "acceptance/criterion.html", context)


def _criterion(release, pk) -> AcceptanceCriterion:
    return get_object_or_404(
        AcceptanceCriterion.objects.select_related("release"), release=release, pk=pk
    )


@login_required
def group_view_record(request, slug, pk):
    release = _release_for(request, slug)
    criterion = _criterion(release, pk)
    permission = services.GROUP_PERMISSION[criterion.reviewing_group]
    _can(
        request.user,
        permission,
        f"Only the {criterion.get_reviewing_group_display()} gives its view on {criterion.label}.",
    )
    back = reverse("acceptance:criterion", kwargs={"slug": slug, "pk": pk})
    return _form_page(
        request,
        release=release,
        form=forms.GroupViewForm(request.POST or None),
        title=f"The {criterion.reviewing_group}'s view on {criterion.label}",
        intro=criterion.text,
        on_valid=lambda data: services.group_view_record(
            criterion=criterion, **data, actor=request.user
        ),
        success=f"The {criterion.reviewing_group}'s view on {criterion.label} is recorded.",
        back=back,
    )


@login_required
def readiness_statement_submit(request, slug, pk):
    release = _release_for(request, slug)
    criterion = _criterion(release, pk)
    owner_permission = (
        "acceptance.submit_dcc_evidence"
        if criterion.owner == CriterionOwner.DCC
        else "acceptance.add_readinessstatement"
    )
    _can(
        request.user,
        owner_permission,
        f"Only {criterion.get_owner_display()} states readiness on {criterion.label}.",
    )
    back = reverse("acceptance:criterion", kwargs={"slug": slug, "pk": pk})
    return _form_page(
        request,
        release=release,
        form=forms.ReadinessStatementForm(request.POST or None),
        title=f"{criterion.get_owner_display()}'s statement of readiness on {criterion.label}",
        intro=criterion.text,
        on_valid=lambda data: services.readiness_statement_submit(
            criterion=criterion, text=data["text"], actor=request.user
        ),
        success=f"The statement of readiness on {criterion.label} is recorded.",
        back=back,
    )


@login_required
def criterion_edit(request, slug, pk):
    release = _release_for(request, slug)
    criterion = _criterion(release, pk)
    _can(request.user, "acceptance.change_acceptancecriterion", "Only SECAS edits the criteria.")
    form = forms.CriterionForm(
        request.POST or None, instance=AcceptanceCriterion.objects.get(pk=pk)
    )
    return _form_page(
        request,
        release=release,
        form=form,
        title=f"Edit {criterion.label} for the {release.name}",
        intro="The change applies to this release only; the standard criteria stay as they are.",
        on_valid=lambda data: services.criterion_update(
            criterion=criterion, **data, actor=request.user
        ),
        success=f"{criterion.label} is updated.",
        back=reverse("acceptance:criterion", kwargs={"slug": slug, "pk": pk}),
    )


@login_required
def tad_submit(request, slug):
    release = _release_for(request, slug)
    _can(request.user, "acceptance.submit_dcc_evidence", "Only the DCC submits a TAD.")

    def submit(data):
        from api.uploads import document_error

        error = document_error(data["attachment"])
        if error:
            raise ApplicationError(error, field="attachment")
        services.tad_submit(release=release, **data, actor=request.user)

    return _form_page(
        request,
        release=release,
        form=forms.TadForm(request.POST or None, request.FILES or None),
        title=f"Submit a Testing Approach Document for the {release.name}",
        intro="Each submission is a new version; versions awaiting review are superseded.",
        on_valid=submit,
        success="The TAD is submitted for the TAG's review.",
        files=True,
    )


def _tad(release, version) -> Tad:
    return get_object_or_404(
        Tad.objects.select_related("release"), release=release, version=version
    )


@login_required
def tad_review(request, slug, version):
    release = _release_for(request, slug)
    tad = _tad(release, version)
    _can(request.user, "acceptance.review_tad", "Only the TAG reviews a TAD.")
    return _form_page(
        request,
        release=release,
        form=forms.TadReviewForm(request.POST or None),
        title=f"The TAG's review of TAD v{tad.version}",
        intro=tad.objectives,
        on_valid=lambda data: services.tad_review_record(tad=tad, **data, actor=request.user),
        success=f"The TAG's review of TAD v{tad.version} is recorded.",
    )


@login_required
def tad_attachment(request, slug, version):
    """The DCC's document itself: for the roles holding `acceptance.view_tad`, never public."""
    release = _release_for(request, slug)
    _can(
        request.user,
        downloads.READ_PERMISSION,
        "Your role does not give access to the DCC's Testing Approach Documents.",
    )
    tad = _tad(release, version)
    if not tad.attachment:
        raise Http404("This TAD version has no attachment.")
    return downloads.tad_attachment_response(tad)


@login_required
def threshold_set(request, slug):
    release = _release_for(request, slug)
    _can(request.user, "acceptance.review_tad", "Only the TAG records the TAD's thresholds.")
    return _form_page(
        request,
        release=release,
        form=forms.ThresholdForm(request.POST or None),
        title="A threshold agreed in the TAD",
        intro="The most Testing Issues of a severity a phase may leave outstanding.",
        on_valid=lambda data: services.testing_threshold_set(
            release=release, **data, actor=request.user
        ),
        success="The threshold is recorded.",
    )


@login_required
def exclusion_add(request, slug):
    release = _release_for(request, slug)
    _can(request.user, "acceptance.add_testingexclusion", "Only the TAG excludes testing issues.")
    return _form_page(
        request,
        release=release,
        form=forms.ExclusionForm(request.POST or None),
        title="Testing issues the TAG agrees to exclude",
        intro="Say how many, from which phase, and why (as the paper will list them).",
        on_valid=lambda data: services.testing_exclusion_add(
            release=release, **data, actor=request.user
        ),
        success="The exclusion is recorded.",
    )


@login_required
def testing_figures_submit(request, slug):
    release = _release_for(request, slug)
    _can(request.user, "acceptance.submit_dcc_evidence", "Only the DCC submits testing evidence.")

    def submit(data):
        issues = [
            services.IssueFigures(severity=n, outstanding=data[f"severity_{n}"])
            for n in range(1, 6)
            if data.get(f"severity_{n}") is not None
        ]
        regression = None
        if data.get("required_pass_rate") is not None:
            regression = services.RegressionFigures(
                required_pass_rate=data["required_pass_rate"],
                achieved_pass_rate=data["achieved_pass_rate"],
                failed_tests=data.get("failed_tests") or 0,
            )
        services.testing_evidence_submit(
            release=release,
            phase=data["phase"],
            as_of=data["as_of"],
            issues=issues,
            regression=regression,
            actor=request.user,
        )

    return _form_page(
        request,
        release=release,
        form=forms.TestingFiguresForm(request.POST or None),
        title="The DCC's testing figures",
        intro="Figures for the same phase, severity and date replace the earlier ones.",
        on_valid=submit,
        success="The testing figures are recorded.",
    )


@login_required
def risk_add(request, slug):
    release = _release_for(request, slug)
    _can(request.user, "acceptance.add_residualrisk", "Only SECAS records residual risks.")
    return _form_page(
        request,
        release=release,
        form=forms.ResidualRiskForm(request.POST or None),
        title="A residual risk",
        intro="A risk that remains as the release goes live.",
        on_valid=lambda data: services.residual_risk_add(
            release=release, **data, actor=request.user
        ),
        success="The residual risk is recorded.",
    )


@login_required
def go_no_go(request, slug):
    release = _release_for(request, slug)
    _can(
        request.user,
        "acceptance.decide_go_no_go",
        "Only the CSC or the Panel records the go/no-go decision.",
    )
    readiness = selectors.release_readiness(release)
    initial = {
        "body": "PANEL"
        if request.user.groups.filter(name="panel").exists()
        and not request.user.groups.filter(name="csc").exists()
        else "CSC",
        "recommendations": (
            "NOTE the views and recommendations of the OPSG and the TAG; and AGREE that the "
            f"{release.name} can be set live on {release.go_live:%-d %B %Y}."
        ),
    }
    intro = (
        "The release is ready for its go/no-go."
        if readiness.ready
        else "Not yet ready: " + " ".join(readiness.missing)
    )
    return _form_page(
        request,
        release=release,
        form=forms.GoNoGoForm(request.POST or None, initial=initial),
        title=f"The go/no-go decision on the {release.name}",
        intro=intro,
        on_valid=lambda data: services.go_no_go_record(release=release, **data, actor=request.user),
        success="The go/no-go decision is recorded; the release's readiness is now frozen.",
    )


def _paper_context(release) -> dict:
    readiness = selectors.release_readiness(release)
    go_no_go = readiness.go_no_go
    paper_reference = go_no_go.decision.paper_reference if go_no_go and go_no_go.decision else ""
    title = f"Approval to implement the {release.name}"
    return {
        "release": release,
        "readiness": readiness,
        "scope_items": [item for item in scope_items_for(release) if item.in_scope],
        "doc_title": f"{paper_reference} – {title}" if paper_reference else title,
        "title": title,
        "paper_reference": paper_reference,
        "classification": release.get_classification_display(),
        "prepared_on": timezone.localdate(),
        "body": go_no_go.get_body_display() if go_no_go else "Change Sub-Committee",
        "body_short": go_no_go.body if go_no_go else "CSC",
        "opsg": ReviewGroup.OPSG,
        "tag": ReviewGroup.TAG,
    }


@login_required
def paper(request, slug):
    """The "Approval to implement" paper, from the live record, as the CSC reads it (`001`)."""
    release = _release_for(request, slug)
    context = {**_paper_context(release), "tab": "readiness"}
    return render(request, "acceptance/paper.html", context)


@login_required
def paper_pdf(request, slug):
    release = _release_for(request, slug)
    pdf = render_pdf("acceptance/pdf/paper.html", _paper_context(release))
    return pdf_response(pdf, f"{release.slug}-approval-to-implement.pdf")
