from django.urls import path

from releases.views import exports, pages, rid, scope, timetable

app_name = "releases"

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
    path("<str:slug>/rid/", rid.rid_draft, name="rid_draft"),
    path("<str:slug>/rid/narrative/", rid.rid_narrative, name="rid_narrative"),
]
