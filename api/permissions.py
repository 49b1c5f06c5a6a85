"""Who may call the DCC's submissions, per `core.roles` (White material uses AllowAny)."""

from rest_framework import exceptions, permissions


class DccSubmissions(permissions.BasePermission):
    """Read: the roles that see the release's acceptance work. Write: the DCC only.

    The view names the permission that lets a user read (`read_permission`).
    """

    def has_permission(self, request, view):
        user = request.user
        if not user or not user.is_authenticated:
            return False
        if request.method in permissions.SAFE_METHODS:
            if not user.has_perm(view.read_permission):
                raise exceptions.PermissionDenied(
                    "Your role does not give access to the DCC's submissions and readiness evidence."
                )
            return True
        if not user.has_perm("acceptance.submit_dcc_evidence"):
            raise exceptions.PermissionDenied(
                "Only the DCC writes DCC submissions; your role may read them."
                if user.has_perm(view.read_permission)
                else "Your role does not give access to the DCC's submissions."
            )
        return True
