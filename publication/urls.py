"""Public pages (no sign-in) and the go-live form. The release pages link here by name:
`publication:release_note`, `publication:calendar`, `publication:release_calendar`,
`publication:go_live`."""

from django.urls import path

from publication import views
from publication.feeds import NewsFeed

app_name = "publication"

urlpatterns = [
    path("news/", views.news, name="news"),
    path("news/feed/", NewsFeed(), name="news_feed"),
    path("document-log/", views.document_log, name="document_log"),
    path("document-log/<slug:slug>/", views.document_history, name="document_history"),
    path("releases/calendar.ics", views.calendar, name="calendar"),
    path("releases/<str:slug>/calendar.ics", views.release_calendar, name="release_calendar"),
    path("releases/<str:slug>/notes/", views.release_note, name="release_note"),
    path("releases/<str:slug>/notes/draft/", views.release_note_draft, name="release_note_draft"),
    path("releases/<str:slug>/notes/edit/", views.release_note_edit, name="release_note_edit"),
    path(
        "releases/<str:slug>/notes/publish/",
        views.release_note_publish,
        name="release_note_publish",
    ),
    path("releases/<str:slug>/go-live/", views.release_go_live, name="go_live"),
]
