from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.roles import DEMO_PASSWORD, DEMO_USERS, Role


class Command(BaseCommand):
    help = "Development only: one user per role, named after it, with the password 'demo'."

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEMO_USERS_ALLOWED:
            raise CommandError("Demo users are for development only (DEMO_USERS_ALLOWED is off).")
        User = get_user_model()
        for name in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=name, defaults={"email": f"{name}@example.org"}
            )
            user.set_password(DEMO_PASSWORD)
            # SECAS owns the data and uses the admin; the other roles work in the app.
            user.is_staff = name == Role.SECAS
            user.first_name = Role(name).label
            user.save()
            user.groups.set([Group.objects.get(name=name)])
            self.stdout.write(
                f"{'created' if created else 'reset'} demo user {name!r} ({Role(name).label})"
            )
