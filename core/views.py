from django.http import JsonResponse
from django.shortcuts import render

from releases.selectors import release_list


def home(request):
    """Every release at a glance: status, go-live and the SEC version it produced."""
    return render(request, "home.html", {"releases": release_list()})


def permission_denied(request, exception=None):
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)


def page_not_found(request, exception=None):
    if request.path.startswith("/api/"):
        # The API answers in JSON even for a URL no route matches.
        message = "No API endpoint matches this URL."
        return JsonResponse(
            {
                "detail": message,
                "errors": [{"field": None, "code": "not_found", "message": message}],
            },
            status=404,
        )
    return render(request, "404.html", {"path": request.path}, status=404)
