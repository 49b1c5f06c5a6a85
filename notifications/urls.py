from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/read/", views.mark_read, name="mark_read"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
    path("unread-count/", views.unread_badge, name="unread_count"),
    path("preferences/", views.preferences, name="preferences"),
    path("follow/", views.follow, name="follow"),
    path("lead-times/", views.lead_times, name="lead_times"),
]
