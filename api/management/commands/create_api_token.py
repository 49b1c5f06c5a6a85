from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from api.services import api_token_issue
from core.errors import ApplicationError


class Command(BaseCommand):
    help = (
        "Issue a new API token for USERNAME and print it (once: only its digest is kept). "
        "Any earlier token of that user stops working."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--days", type=int, default=None, help="How long it lasts.")

    def handle(self, *args, username, days, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user ‘{username}’.")
        try:
            token, key = api_token_issue(user=user, days=days)
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stderr.write(
            f"Token for {username}, valid until {token.expires_at:%d %B %Y %H:%M %Z}. "
            "Send it as 'Authorization: Token <key>'. It is shown only now."
        )
        self.stdout.write(key)
