"""The roles of DESIGN.md as Django groups, and the permissions each one holds.

`ROLE_PERMISSIONS` is the one place that says who may do what. Services ask
`user.has_perm("releases.baseline_rid")`; the admin reads the same permissions; the groups are
created by a migration and their permissions brought in line after every `migrate`
(`sync_role_permissions`), so a new model's permissions reach the roles without a hand edit.
"""

from django.db import models


class Role(models.TextChoices):
    SECAS = "secas", "SECAS"
    PANEL = "panel", "SEC Panel"
    CSC = "csc", "Change Sub-Committee"
    OPSG = "opsg", "Operations Group"
    TAG = "tag", "Testing Advisory Group"
    DCC = "dcc", "DCC"
    AUDITOR = "auditor", "Auditor"


DOMAIN_APPS = (
    "modifications",
    "releases",
    "acceptance",
    "notifications",
    "publication",
    "costs",
    "governance",
    "audit",
)

# Patterns over "app_label.codename": "*" stands for any codename; "view_*" for every view one.
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.SECAS: (
        "modifications.*",
        "releases.add_*",
        "releases.change_*",
        "releases.delete_*",
        "releases.view_*",
        "acceptance.view_*",
        "acceptance.add_acceptancecriterion",
        "acceptance.change_acceptancecriterion",
        "acceptance.add_readinessstatement",
        "acceptance.add_residualrisk",
        "acceptance.change_residualrisk",
        "notifications.view_reminderschedule",
        "notifications.change_reminderschedule",
        "notifications.view_reminder",
        "notifications.view_sweeprun",
        "publication.*",
        # Review of a draft RID: SECAS comments (releases.add_*) and answers and resolves.
        "releases.resolve_ridcomment",
        "costs.view_*",
        "costs.report_secas_actual",
        "governance.view_*",
    ),
    Role.PANEL: (
        "modifications.view_*",
        "releases.view_*",
        "acceptance.view_*",
        "releases.baseline_rid",
        "releases.set_live",
        "releases.add_decision",
        "acceptance.decide_go_no_go",
        "releases.add_ridcomment",  # review of a draft RID
        "costs.view_*",
        # D10.7-D10.9: the Panel establishes the Release Management Policy and its exceptions.
        "governance.*",
        "audit.view_*",
        "audit.appoint_auditor",
    ),
    Role.CSC: (
        "modifications.view_*",
        "releases.view_*",
        "acceptance.view_*",
        "releases.rebaseline_rid",
        "releases.set_live",
        "releases.add_decision",
        "acceptance.decide_go_no_go",
        "releases.add_ridcomment",  # review of a draft RID
        "costs.view_*",
    ),
    Role.OPSG: (
        "modifications.view_*",
        "releases.view_*",
        "acceptance.view_*",
        "acceptance.record_opsg_view",
    ),
    Role.TAG: (
        "modifications.view_*",
        "releases.view_*",
        "acceptance.view_*",
        "acceptance.record_tag_view",
        "acceptance.review_tad",
        "acceptance.add_testingexclusion",
    ),
    Role.DCC: (
        "modifications.view_*",
        "releases.view_*",
        "acceptance.view_*",
        "acceptance.submit_dcc_evidence",
        "costs.view_*",
        "costs.report_dcc_actual",
    ),
    # An auditor's access is granted per release; the group carries no model permission.
    Role.AUDITOR: (),
}

# What an external auditor reads (SEC D10.11), granted by audit.access only for a request whose
# URL names a release the auditor is currently appointed to, never elsewhere: every view_* of
# the apps that hold a release's material (the costs app's too), and nothing that writes.
# `releases.view_release` is never granted (it would open every restricted release): the
# releases an auditor is appointed to are visible to them by releases.models' rules instead.
# The audit app is left out: an auditor does not read the Panel's record of the auditors.
AUDITED_RELEASE_PERMISSIONS: tuple[str, ...] = (
    "modifications.view_*",
    "releases.view_*",
    "acceptance.view_*",
    "publication.view_*",
    "costs.view_*",
    "governance.view_*",
)

# The demo users of a development machine: one per role, named after it, password "demo". The
# demo auditor is appointed to DEMO_AUDITED_RELEASE when the reference data holds it.
DEMO_PASSWORD = "demo"
DEMO_USERS = tuple(role.value for role in Role)
DEMO_AUDITED_RELEASE = "june-2022"


def _matches(pattern: str, app_label: str, codename: str) -> bool:
    pattern_app, pattern_code = pattern.split(".", 1)
    if pattern_app != app_label:
        return False
    if pattern_code.endswith("*"):
        return codename.startswith(pattern_code[:-1])
    return codename == pattern_code


def permissions_for(role: str, available: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Which of the `available` (app_label, codename) pairs `role` holds."""
    patterns = ROLE_PERMISSIONS[role]
    return [
        (app_label, codename)
        for app_label, codename in available
        if any(_matches(p, app_label, codename) for p in patterns)
    ]


def sync_role_permissions(apps=None) -> None:
    """Create the role groups and set each one's permissions to exactly what ROLE_PERMISSIONS says."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = list(
        Permission.objects.filter(content_type__app_label__in=DOMAIN_APPS).select_related(
            "content_type"
        )
    )
    by_key = {(p.content_type.app_label, p.codename): p for p in perms}
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        wanted = permissions_for(role, list(by_key))
        group.permissions.set([by_key[key] for key in wanted])


def user_roles(user) -> frozenset[str]:
    """The names of `user`'s groups, cached on the user object for the request.

    The same query reads the permissions given to the user by hand (`user.user_permissions`,
    kept in `user._direct_permissions`), so that the role backend answers every permission
    from memory: with them, a user's groups and ROLE_PERMISSIONS say all the user holds.
    """
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        from django.contrib.auth.models import Group, Permission
        from django.db.models import CharField, Value
        from django.db.models.functions import Concat

        text = CharField()
        groups = (
            Group.objects.filter(user=user)
            .order_by()
            .values_list(Value("group", output_field=text), "name")
        )
        direct = (
            Permission.objects.filter(user=user)
            .order_by()
            .values_list(
                Value("permission", output_field=text),
                Concat("content_type__app_label", Value("."), "codename", output_field=text),
            )
        )
        rows = list(groups.union(direct, all=True))
        cached = frozenset(name for kind, name in rows if kind == "group")
        user._role_names = cached
        user._direct_permissions = frozenset(name for kind, name in rows if kind == "permission")
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(user_roles(user) & set(roles))
