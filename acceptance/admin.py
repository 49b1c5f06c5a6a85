from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from acceptance import models


class ReadinessStatementInline(admin.StackedInline):
    model = models.ReadinessStatement
    extra = 0


class GroupViewInline(admin.StackedInline):
    model = models.GroupView
    extra = 0


@admin.register(models.AcceptanceCriterion)
class AcceptanceCriterionAdmin(SimpleHistoryAdmin):
    list_display = ["release", "criterion_set", "number", "title", "owner", "reviewing_group"]
    list_select_related = ["release"]
    list_filter = ["release", "criterion_set", "reviewing_group"]
    inlines = [ReadinessStatementInline, GroupViewInline]


@admin.register(models.ReadinessStatement)
class ReadinessStatementAdmin(SimpleHistoryAdmin):
    list_display = ["criterion", "version", "submitted_by", "created_at"]
    list_select_related = ["criterion__release", "submitted_by"]


@admin.register(models.GroupView)
class GroupViewAdmin(SimpleHistoryAdmin):
    list_display = ["criterion", "version", "group", "rag", "meeting_date"]
    list_select_related = ["criterion__release"]
    list_filter = ["group", "rag"]


class TadReviewInline(admin.TabularInline):
    model = models.TadReview
    extra = 0


@admin.register(models.Tad)
class TadAdmin(SimpleHistoryAdmin):
    list_display = ["release", "version", "status", "submitted_by", "created_at"]
    list_select_related = ["release", "submitted_by"]
    list_filter = ["status"]
    inlines = [TadReviewInline]


@admin.register(
    models.TestingIssueCount,
    models.TestingExclusion,
    models.TestingThreshold,
    models.RegressionResult,
    models.ResidualRisk,
)
class ReleaseEvidenceAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "release"]
    list_select_related = ["release"]
    list_filter = ["release"]


@admin.register(models.GoNoGoDecision)
class GoNoGoDecisionAdmin(SimpleHistoryAdmin):
    list_display = ["release", "outcome", "body", "decided_on"]
    list_select_related = ["release"]
