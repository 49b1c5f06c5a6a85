from django.urls import path

from acceptance import views

app_name = "acceptance"

urlpatterns = [
    path("", views.readiness, name="readiness"),
    path("criteria/<int:pk>/", views.criterion_detail, name="criterion"),
    path("criteria/<int:pk>/view/", views.group_view_record, name="view"),
    path("criteria/<int:pk>/statement/", views.readiness_statement_submit, name="statement"),
    path("criteria/<int:pk>/edit/", views.criterion_edit, name="criterion-edit"),
    path("tads/new/", views.tad_submit, name="tad-new"),
    path("tads/<int:version>/review/", views.tad_review, name="tad-review"),
    path("tads/<int:version>/attachment/", views.tad_attachment, name="tad-attachment"),
    path("thresholds/", views.threshold_set, name="threshold"),
    path("exclusions/new/", views.exclusion_add, name="exclusion-new"),
    path("figures/new/", views.testing_figures_submit, name="figures-new"),
    path("risks/new/", views.risk_add, name="risk-new"),
    path("decision/", views.go_no_go, name="decision"),
    path("paper/", views.paper, name="paper"),
    path("paper.pdf", views.paper_pdf, name="paper-pdf"),
]
