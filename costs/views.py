"""The cost review of a release in the browser: the report for the Authority (page and PDF) and
the forms on which the DCC and SECAS report actuals.

Costs are not public. A reader needs `costs.view_costactual`: the Panel, the CSC, SECAS and the
DCC hold it through their roles, an auditor on the pages of the release they audit (audit.access).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from core.errors import ApplicationError
from core.pdf import pdf_response, render_pdf
from core.views import require_permission
from costs import forms, selectors, services
from releases.selectors import release_get

READ_PERMISSION = "costs.view_costactual"


def may_read_costs(user) -> bool:
    return user.has_perm(READ_PERMISSION)


def _release_for(request, slug):
    release = release_get(slug, user=request.user)
    if not may_read_costs(request.user):
        raise PermissionDenied("Costs are shown to the SEC Panel, the CSC, SECAS and the DCC.")
    return release


def _report_url(release) -> str:
    return reverse("costs:report", kwargs={"slug": release.slug})


def _context(release) -> dict:
    title = f"Cost review of the {release.name}"
    return {
        "release": release,
        "report": selectors.cost_report(release),
        "title": title,
        "doc_title": title,
        "classification": release.get_classification_display(),
        "prepared_on": timezone.localdate(),
        "tab": "costs",
    }


@login_required
def cost_report(request, slug):
    """Forecast against actual per modification and stage, with the totals (SEC D10.8(d))."""
    release = _release_for(request, slug)
    user = request.user
    context = {
        **_context(release),
        "can_report_dcc": release.is_live and user.has_perm(services.DCC_PERMISSION),
        "can_report_secas": release.is_live and user.has_perm(services.SECAS_PERMISSION),
    }
    return render(request, "costs/report.html", context)


@login_required
def cost_report_pdf(request, slug):
    release = _release_for(request, slug)
    pdf = render_pdf("costs/pdf/report.html", _context(release))
    return pdf_response(pdf, f"{release.slug}-cost-review.pdf")


def _report_form(request, *, release, form, title, intro, line_fields):
    """Show `form`; on a valid POST report the actual, then back to the report. A refusal is
    shown next to the field it names; nothing is written."""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actual, created = services.cost_actual_report(
                release=release,
                amount=data["amount"],
                reported_on=data["reported_on"],
                note=data["note"],
                correction=data["correction"],
                **{name: data[name] for name in line_fields},
                actor=request.user,
            )
        except ApplicationError as error:
            if error.status == 403:
                raise PermissionDenied(error.message) from error
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            verb = "is reported" if created else "is corrected"
            messages.success(request, f"{actual.line_label}: £{actual.amount:,.0f} {verb}.")
            return redirect(_report_url(release))
    context = {
        "release": release,
        "form": form,
        "title": title,
        "intro": intro,
        "back": _report_url(release),
        "tab": "costs",
    }
    return render(request, "acceptance/form.html", context, status=400 if form.errors else 200)


@login_required
def dcc_actual_report(request, slug):
    release = _release_for(request, slug)
    require_permission(
        request, services.DCC_PERMISSION, "Only the DCC reports the DCC's actual costs."
    )
    return _report_form(
        request,
        release=release,
        form=forms.DccActualForm(request.POST or None, release=release),
        title=f"Report a DCC actual cost of the {release.name}",
        intro=(
            "One figure per modification and stage, in whole pounds, once the release is live. "
            "To change a figure already reported, tick ‘correction’ and say why."
        ),
        line_fields=("modification", "stage"),
    )


@login_required
def secas_actual_report(request, slug):
    release = _release_for(request, slug)
    require_permission(
        request, services.SECAS_PERMISSION, "Only SECAS reports SECAS's actual costs."
    )
    return _report_form(
        request,
        release=release,
        form=forms.SecasActualForm(request.POST or None, release=release),
        title=f"Report a SECAS actual cost of the {release.name}",
        intro=(
            "One figure per line of SECAS's estimate, in whole pounds, once the release is live. "
            "To change a figure already reported, tick ‘correction’ and say why."
        ),
        line_fields=("secas_cost",),
    )
