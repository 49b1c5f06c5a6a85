from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from api.services import api_token_revoke
from core.errors import ApplicationError


class Command(BaseCommand):
    help = "Revoke USERNAME's API token at once."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user ‘{username}’.")
        try:
            token = api_token_revoke(user=user)
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            f"Revoked {username}'s token {token.prefix}… at {token.revoked_at:%d %B %Y %H:%M}."
        )
