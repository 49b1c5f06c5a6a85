"""Permissions answered from the user's roles, without a query on the permission tables.

`core.roles.ROLE_PERMISSIONS` is what every role group holds (`sync_role_permissions` makes the
groups' permissions equal to it after every migrate), so "does this user hold this permission?"
is answered from the names of the user's groups and the permissions given to the user by hand:
one small query (`user_roles`), cached on the user for the request, where Django's ModelBackend
makes two joins over the permission tables on every request. A permission no role grants costs
no query either. Only a superuser, a member of a group that is not a role, or a user whose roles
were read without the hand-given permissions (API tokens) falls through to ModelBackend's own
answer, read once per request in one query (ModelBackend reads it in two).

An external auditor's group holds nothing: on the pages of a release they are appointed to, the
read-only permissions of an audit come from `audit.access.auditor_grants` (asked last, so it
costs nothing to anyone a role already answers).
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from audit.access import auditor_grants
from core.roles import ROLE_PERMISSIONS, _matches, user_roles


def role_grants(user, perm: str) -> bool:
    if not user.is_active or "." not in perm:
        return False
    app_label, codename = perm.split(".", 1)
    return any(
        _matches(pattern, app_label, codename)
        for role in user_roles(user)
        for pattern in ROLE_PERMISSIONS.get(role, ())
    )


def _answered_by_roles(user) -> bool:
    """Whether the user's roles and hand-given permissions are all the user holds."""
    return (
        not user.is_superuser
        and hasattr(user, "_direct_permissions")
        and all(name in ROLE_PERMISSIONS for name in user_roles(user))
    )


class RolePermissionBackend(ModelBackend):
    def has_perm(self, user_obj, perm, obj=None):
        if obj is None and role_grants(user_obj, perm):
            return True
        if obj is None and user_obj.is_authenticated and _answered_by_roles(user_obj):
            held = user_obj.is_active and perm in user_obj._direct_permissions
        else:
            held = super().has_perm(user_obj, perm, obj)
        return held or (obj is None and auditor_grants(user_obj, perm))

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            names = Permission.objects.order_by().values_list("content_type__app_label", "codename")
            if not user_obj.is_superuser:
                names = names.filter(user=user_obj).union(names.filter(group__user=user_obj))
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in names}
        return user_obj._perm_cache
