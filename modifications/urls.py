from django.urls import path

from modifications import views

app_name = "modifications"

urlpatterns = [
    path("", views.modification_list, name="list"),
    path("<str:reference>/", views.modification_detail, name="detail"),
]
