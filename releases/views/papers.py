"""The Panel paper "SEC Releases Update" for a chosen meeting, as a page and a PDF.

Anyone reads it, like the release pages it is made from: it reports the releases the reader may
read (White for everyone), and carries the most restricted classification among them.
"""

from django.http import HttpResponse
from django.shortcuts import render

from core.pdf import pdf_response, render_pdf
from releases import papers
from releases.forms import ReleasesUpdateForm

TITLE = "SEC Releases Update"


def _paper(request):
    """The meeting form (the next Panel meeting by default) and, when it is valid, the paper."""
    data = request.GET if "meeting" in request.GET else None
    if data is None:
        data = {"meeting": papers.next_panel_meeting().isoformat()}
    form = ReleasesUpdateForm(data)
    if not form.is_valid():
        return form, None
    paper = papers.releases_update(meeting=form.cleaned_data["meeting"], user=request.user)
    return form, {
        "paper": paper,
        "title": TITLE,
        "doc_title": f"{paper.paper_reference} – {TITLE}" if paper.paper_reference else TITLE,
        "classification": paper.classification,
        "meeting_query": f"meeting={paper.meeting.isoformat()}",
    }


def releases_update(request):
    form, context = _paper(request)
    return render(
        request,
        "releases/papers/releases_update.html",
        {"form": form, "title": TITLE, **(context or {})},
        status=200 if context else 400,
    )


def releases_update_pdf(request):
    form, context = _paper(request)
    if context is None:
        errors = "; ".join(f"{name}: {' '.join(e)}" for name, e in form.errors.items())
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    pdf = render_pdf("releases/papers/pdf/releases_update.html", context)
    return pdf_response(pdf, f"sec-releases-update-{context['paper'].meeting}.pdf")
