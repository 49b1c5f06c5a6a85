"""Papers that span releases (mounted at /papers/): not one release's page, so not under it."""

from django.urls import path

from releases.views import papers

app_name = "papers"

urlpatterns = [
    path("releases-update/", papers.releases_update, name="releases_update"),
    path("releases-update.pdf", papers.releases_update_pdf, name="releases_update_pdf"),
]
