from django.urls import path

app_name = "acceptance"

urlpatterns: list = []
