from django.urls import path

from modifications import views

app_name = "modifications"

urlpatterns = [
    path("", views.modification_list, name="list"),
    path("<str:reference>/", views.modification_detail, name="detail"),
    path("<str:reference>/history/", views.modification_history, name="history"),
    path("<str:reference>/status/add/", views.status_update_add, name="status_add"),
    path("<str:reference>/phase/", views.phase_change, name="phase_change"),
]
