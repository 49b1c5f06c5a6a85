from django.contrib import admin
from django.urls import include, path

from core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    # Before releases.urls: /releases/calendar.ics and /releases/<slug>/notes/ live here.
    path("", include("publication.urls")),
    path("releases/<str:slug>/readiness/", include("acceptance.urls")),
    path("releases/<str:slug>/", include("costs.urls")),
    path("", include("governance.urls")),
    path("releases/<str:slug>/auditors/", include("audit.urls")),
    path("releases/", include("releases.urls")),
    path("papers/", include("releases.paper_urls")),
    path("modifications/", include("modifications.urls")),
    path("api/", include("api.urls")),
    path("notifications/", include("notifications.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"

# MEDIA_ROOT is never served as such, not even in DEBUG: it holds the DCC's TAD attachments (for
# the roles holding acceptance.view_tad) beside the baselined RID PDFs (public, for the view the
# API already names: /releases/<slug>/rid/<version>.pdf). Each kind of file leaves only through a
# view that checks who may read it (acceptance.downloads for TADs), in DEBUG as in production.
