from django.urls import path

from bench import floors
from secrelease.urls import urlpatterns as product

urlpatterns = [
    path("bench/floor/<str:slug>/list/", floors.FloorListApi.as_view()),
    path("bench/floor/<str:slug>/create/", floors.FloorCreateApi.as_view()),
    *product,
]
