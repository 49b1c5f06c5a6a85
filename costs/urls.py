from django.urls import path

from costs import views

app_name = "costs"

# Under /releases/<slug>/.
urlpatterns = [
    path("costs/", views.cost_report, name="report"),
    path("costs.pdf", views.cost_report_pdf, name="report-pdf"),
    path("costs/actuals/dcc/new/", views.dcc_actual_report, name="dcc-actual-new"),
    path("costs/actuals/secas/new/", views.secas_actual_report, name="secas-actual-new"),
]
