from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _sync_roles(sender, using, verbosity=0, **kwargs):
    """After every migrate, give each role exactly the permissions core.roles assigns it."""
    from django.contrib.auth.management import create_permissions

    from core.roles import DOMAIN_APPS, sync_role_permissions

    # The permissions of the domain apps must exist first, whatever order post_migrate runs in.
    for label in DOMAIN_APPS:
        create_permissions(apps.get_app_config(label), verbosity=0, using=using)
    sync_role_permissions()


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from core import checks  # noqa: F401  (registers the system checks)
        from core.history import cache_history_managers
        from core.models import cache_choice_labels

        cache_history_managers(apps.get_models())
        cache_choice_labels(apps.get_models())

        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="core.sync_roles")
