from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import render

from core.errors import SignInRequired
from releases.selectors import release_overview


def home(request):
    """Every release at a glance: status, go-live, the SEC version it produced, what comes next."""
    return render(request, "home.html", {"releases": release_overview(user=request.user)})


def require_permission(request, permission: str, refusal: str) -> None:
    """Refuse (403) a user who lacks `permission`, whatever the page showed them.

    `refusal` says who may do it; the 403 page shows it.
    """
    if not request.user.has_perm(permission):
        raise PermissionDenied(refusal)


def permission_denied(request, exception=None):
    """The 403 page; a refusal that signing in lifts (`SignInRequired`) sends to sign in instead."""
    if isinstance(exception, SignInRequired) and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
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
