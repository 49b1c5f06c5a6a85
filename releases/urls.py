from django.urls import path, re_path

from releases.views import exports, pages, rid, rid_baselines, rid_review, scope, timetable

app_name = "releases"

# A RID version (0.1, 12.0) and the SHA-256 digest that names a draft PDF.
VERSION = r"[0-9]{1,3}\.[0-9]"
DIGEST = r"[0-9a-f]{64}"

urlpatterns = [
    path("", pages.release_list, name="list"),
    path("<str:slug>/", pages.release_detail, name="detail"),
    path("<str:slug>/history/", pages.release_history, name="history"),
    path("<str:slug>/scope.csv", exports.scope_csv, name="scope_csv"),
    path("<str:slug>/scope.xlsx", exports.scope_xlsx, name="scope_xlsx"),
    path("<str:slug>/scope/add/", scope.scope_add, name="scope_add"),
    path("<str:slug>/scope/<int:pk>/", scope.scope_row, name="scope_row"),
    path("<str:slug>/scope/<int:pk>/move/", scope.scope_move, name="scope_move"),
    path("<str:slug>/scope/<int:pk>/remove/", scope.scope_remove, name="scope_remove"),
    path("<str:slug>/milestones/add/", timetable.milestone_add, name="milestone_add"),
    path("<str:slug>/milestones/<int:pk>/", timetable.milestone_row, name="milestone_row"),
    path("<str:slug>/milestones/<int:pk>/edit/", timetable.milestone_edit, name="milestone_edit"),
    path("<str:slug>/decisions/add/", timetable.decision_add, name="decision_add"),
    path("<str:slug>/rid/baseline/", rid_baselines.baseline_add, name="rid_baseline_add"),
    path("<str:slug>/rid/compare/", rid_baselines.compare, name="rid_compare"),
    path("<str:slug>/rid/compare.pdf", rid_baselines.compare_pdf, name="rid_compare_pdf"),
    path(
        "<str:slug>/rid/draft-pdf/", rid_baselines.draft_pdf_request, name="rid_draft_pdf_request"
    ),
    re_path(
        rf"^(?P<slug>[^/]+)/rid/draft-pdf/(?P<digest>{DIGEST})/$",
        rid_baselines.draft_pdf_status,
        name="rid_draft_pdf_status",
    ),
    re_path(
        rf"^(?P<slug>[^/]+)/rid/draft-(?P<digest>{DIGEST})\.pdf$",
        rid_baselines.draft_pdf,
        name="rid_draft_pdf",
    ),
    re_path(
        rf"^(?P<slug>[^/]+)/rid/(?P<version>{VERSION})/$",
        rid_baselines.baseline_detail,
        name="rid_baseline",
    ),
    re_path(
        rf"^(?P<slug>[^/]+)/rid/(?P<version>{VERSION})/pdf-status/$",
        rid_baselines.baseline_pdf_status,
        name="rid_baseline_pdf_status",
    ),
    re_path(
        rf"^(?P<slug>[^/]+)/rid/(?P<version>{VERSION})\.pdf$",
        rid_baselines.baseline_pdf,
        name="rid_baseline_pdf",
    ),
    re_path(
        rf"^(?P<slug>[^/]+)/rid/(?P<version>{VERSION})/appeals/$",
        rid_baselines.appeal_add,
        name="rid_appeal_add",
    ),
    re_path(
        rf"^(?P<slug>[^/]+)/rid/(?P<version>{VERSION})/appeals/(?P<pk>[0-9]+)/decide/$",
        rid_baselines.appeal_decide,
        name="rid_appeal_decide",
    ),
    path("<str:slug>/rid/", rid.rid_draft, name="rid_draft"),
    path("<str:slug>/rid/narrative/", rid.rid_narrative, name="rid_narrative"),
    path("<str:slug>/rid/comments/", rid_review.comment_add, name="rid_comment_add"),
    path(
        "<str:slug>/rid/comments/<int:pk>/resolve/",
        rid_review.comment_resolve,
        name="rid_comment_resolve",
    ),
]
