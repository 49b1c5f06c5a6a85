"""The scope table as CSV and XLSX, from the selector the page uses."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from releases import exports, selectors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def scope_csv(request, slug):
    release = selectors.release_get(slug, user=request.user)
    body = exports.scope_csv(selectors.scope_table(release, user=request.user))
    # A byte-order mark so Excel reads the UTF-8 (curly quotes in titles) correctly.
    response = HttpResponse("\ufeff" + body, content_type="text/csv; charset=utf-8")
    return _attachment(response, f"{release.slug}-scope.csv")


@require_GET
def scope_xlsx(request, slug):
    release = selectors.release_get(slug, user=request.user)
    items = selectors.scope_table(release, user=request.user)
    body = exports.scope_xlsx(items, title=f"Scope of the {release.name}")
    return _attachment(HttpResponse(body, content_type=XLSX), f"{release.slug}-scope.xlsx")
