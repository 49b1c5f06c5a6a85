from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from acceptance.api import views as acceptance
from costs.api import views as costs
from modifications.api import views as modifications
from releases.api import views as releases

app_name = "api"

v1 = [
    path("releases/", releases.ReleaseListApi.as_view(), name="release-list"),
    path("releases/<str:slug>/", releases.ReleaseDetailApi.as_view(), name="release-detail"),
    path("releases/<str:slug>/rid/", releases.RidBaselineListApi.as_view(), name="rid-list"),
    path("releases/<str:slug>/tads/", acceptance.TadListCreateApi.as_view(), name="tad-list"),
    path(
        "releases/<str:slug>/tads/<int:version>/attachment/",
        acceptance.TadAttachmentApi.as_view(),
        name="tad-attachment",
    ),
    path(
        "releases/<str:slug>/readiness-statements/",
        acceptance.ReadinessStatementListCreateApi.as_view(),
        name="readiness-statement-list",
    ),
    path(
        "releases/<str:slug>/testing-evidence/",
        acceptance.TestingEvidenceApi.as_view(),
        name="testing-evidence",
    ),
    path(
        "releases/<str:slug>/cost-actuals/",
        costs.CostActualListCreateApi.as_view(),
        name="cost-actual-list",
    ),
    path("modifications/", modifications.ModificationListApi.as_view(), name="modification-list"),
    path(
        "modifications/<str:reference>/",
        modifications.ModificationDetailApi.as_view(),
        name="modification-detail",
    ),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
