"""The policy's pages. `governance:policy` is public; the rest are the Panel's."""

from django.urls import path

from governance import views

app_name = "governance"

urlpatterns = [
    path("policy/", views.policy, name="policy"),
    path("policy/draft/", views.policy_draft, name="draft"),
    path("policy/draft/publish/", views.policy_publish, name="publish"),
    path("policy/draft/freeze-windows/", views.freeze_window_add, name="freeze_window_add"),
    path(
        "policy/draft/freeze-windows/<int:pk>/remove/",
        views.freeze_window_remove,
        name="freeze_window_remove",
    ),
    path(
        "releases/<str:slug>/policy-exceptions/new/",
        views.panel_exception_add,
        name="exception_add",
    ),
]
