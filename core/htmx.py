"""The few conventions the htmx pages share.

A form posted with htmx gets back its own partial while it has errors (422, or 409 for a stale
edit; `base.html` tells htmx to swap those), and on success the section it changed, retargeted
with HX-Retarget, plus a message for the page's live region (`#live`, out of band) so a screen
reader hears what happened. Without JavaScript the same URLs render whole pages and redirect.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string

from core.errors import ApplicationError


def form_status(form, error: ApplicationError | None = None) -> int:
    """200 for a form shown fresh, 409 for a stale edit, 422 for any other refusal."""
    if error is not None and error.status == 409:
        return 409
    return 422 if form.is_bound else 200


def announce(message: str) -> str:
    """An out-of-band swap that puts `message` into the page's live region."""
    return render_to_string("includes/live.html", {"message": message, "oob": True})


def section_response(
    request, *, template: str, context: dict, target: str, message: str
) -> HttpResponse:
    """The changed section, swapped in place of `target`, with `message` announced."""
    html = render_to_string(template, {**context, "flash": message}, request=request)
    response = HttpResponse(html + announce(message))
    response["HX-Retarget"] = target
    response["HX-Reswap"] = "outerHTML"
    return response


def done(request, *, message: str, url: str, template: str, context: dict, target: str):
    """After a successful write: the section for htmx, a redirect with a message otherwise."""
    if request.htmx:
        return section_response(
            request, template=template, context=context, target=target, message=message
        )
    messages.success(request, message)
    return redirect(url)
