from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    # Before releases.urls: /releases/calendar.ics and /releases/<slug>/notes/ live here.
    path("", include("publication.urls")),
    path("releases/<str:slug>/readiness/", include("acceptance.urls")),
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

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
