import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.roles import DEMO_AUDITED_RELEASE, DEMO_PASSWORD, DEMO_USERS, Role


class Command(BaseCommand):
    help = (
        "Development only: one user per role, named after it, with the password 'demo'; the "
        f"auditor appointed by the Panel to {DEMO_AUDITED_RELEASE} when it is loaded."
    )

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
        self._appoint_demo_auditor()

    def _appoint_demo_auditor(self):
        """The demo auditor audits June 2022 (SEC D10.11), appointed by the demo Panel member
        through the Panel's own service; kept as it is when already in force."""
        from audit.models import AuditorAppointment
        from audit.services import auditor_appoint
        from releases.models import Release

        release = Release.objects.filter(slug=DEMO_AUDITED_RELEASE).first()
        if release is None:
            return
        User = get_user_model()
        auditor = User.objects.get(username=Role.AUDITOR)
        if AuditorAppointment.objects.current().filter(user=auditor, release=release).exists():
            return
        auditor_appoint(
            release=release,
            username=auditor.username,
            starts_on=datetime.date(2021, 1, 1),
            ends_on=None,
            decision_reference="DEMO",
            terms_of_reference="A demonstration appointment made by create_demo_users.",
            actor=User.objects.get(username=Role.PANEL),
        )
        self.stdout.write(f"appointed demo user 'auditor' to the {release.name}")
