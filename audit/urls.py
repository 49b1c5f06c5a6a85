"""A release's external auditors, mounted at /releases/<slug>/auditors/."""

from django.urls import path

from audit import views

app_name = "audit"

urlpatterns = [
    path("", views.auditors, name="auditors"),
    path("<int:pk>/revoke/", views.revoke, name="revoke"),
]
