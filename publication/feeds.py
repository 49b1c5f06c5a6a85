"""The Atom feed of published release notes, for SEC Parties who follow changes in a reader."""

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from publication.models import ReleaseNote
from publication.selectors import published_notes


class NewsFeed(Feed):
    feed_type = Atom1Feed
    title = "SEC Release news"
    subtitle = (
        "Release notes of the Smart Energy Code: the SEC version each release produced, the "
        "modifications implemented and the SEC documents affected."
    )
    author_name = "SECAS"

    def link(self):
        return reverse("publication:news")

    def feed_url(self):
        return reverse("publication:news_feed")

    def get_object(self, request, *args, **kwargs):
        """The reader: the feed lists the notes of the releases they may read."""
        return request.user

    def items(self, user):
        return published_notes(user=user)

    def item_title(self, item: ReleaseNote) -> str:
        return item.title

    def item_description(self, item: ReleaseNote) -> str:
        return item.introduction

    def item_link(self, item: ReleaseNote) -> str:
        return reverse("publication:release_note", args=[item.release.slug])

    def item_pubdate(self, item: ReleaseNote) -> datetime.datetime:
        day = item.dated or item.published_at.date()
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))

    def item_updateddate(self, item: ReleaseNote) -> datetime.datetime:
        return item.published_at

    def item_author_name(self, item: ReleaseNote) -> str:
        return "SECAS"

    def item_categories(self, item: ReleaseNote):
        return [item.release.name]
