"""The DCC's submissions: what they accept (…InputSerializer) and what they answer."""

import datetime

from django.conf import settings
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from acceptance.choices import CriterionSet, TestPhase
from acceptance.models import (
    ReadinessStatement,
    RegressionResult,
    Tad,
    TadReview,
    TestingIssueCount,
)
from api.uploads import document_error, size_display

MAX_TEXT = 20_000
MAX_COUNT = 100_000


class TadInputSerializer(serializers.Serializer):
    objectives = serializers.CharField(
        max_length=MAX_TEXT, help_text="The testing objectives, including the assurance to achieve."
    )
    strategy = serializers.CharField(
        max_length=MAX_TEXT, help_text="The testing strategy that will be followed."
    )
    consequences = serializers.CharField(
        max_length=MAX_TEXT,
        help_text="The consequences of the strategy, including costs and risks in business terms.",
    )
    attachment = serializers.FileField(
        help_text="The TAD itself: a PDF or a DOCX (checked by its content), at most 20 MB."
    )

    def validate_attachment(self, upload):
        limit = settings.TAD_ATTACHMENT_MAX_BYTES
        if upload.size > limit:
            raise serializers.ValidationError(
                f"The attachment is {upload.size:,} bytes; at most {size_display(limit)}.",
                code="max_size",
            )
        error = document_error(upload)
        if error:
            raise serializers.ValidationError(error, code="file_type")
        return upload


class TadReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = TadReview
        fields = ["reviewed_on", "outcome", "comments"]


class AttachmentSerializer(serializers.Serializer):
    name = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.URLField()


class TadSerializer(serializers.ModelSerializer):
    """A version of the TAD as submitted, with the TAG's reviews of it."""

    submitted_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    submitted_at = serializers.DateTimeField(source="created_at")
    attachment = serializers.SerializerMethodField()
    reviews = TadReviewSerializer(many=True)

    class Meta:
        model = Tad
        fields = [
            "id",
            "version",
            "status",
            "objectives",
            "strategy",
            "consequences",
            "attachment",
            "submitted_by",
            "submitted_at",
            "reviews",
        ]

    @extend_schema_field(AttachmentSerializer(allow_null=True))
    def get_attachment(self, tad: Tad):
        if not tad.attachment:
            return None
        path = f"/api/v1/releases/{tad.release.slug}/tads/{tad.version}/attachment/"
        request = self.context.get("request")
        try:
            size = tad.attachment.size
        except OSError:
            size = 0
        return {
            "name": tad.attachment.name.rsplit("/", 1)[-1],
            "size": size,
            "url": request.build_absolute_uri(path) if request else path,
        }


class ReadinessStatementInputSerializer(serializers.Serializer):
    criterion_set = serializers.ChoiceField(choices=CriterionSet.choices)
    criterion_number = serializers.IntegerField(min_value=1, max_value=100)
    text = serializers.CharField(max_length=MAX_TEXT, help_text="The statement of readiness.")


class ReadinessStatementSerializer(serializers.ModelSerializer):
    """A version of the owner's statement of readiness against one criterion."""

    criterion_set = serializers.CharField(source="criterion.criterion_set")
    criterion_number = serializers.IntegerField(source="criterion.number")
    criterion_title = serializers.CharField(source="criterion.title")
    submitted_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    submitted_at = serializers.DateTimeField(source="created_at")

    class Meta:
        model = ReadinessStatement
        fields = [
            "id",
            "criterion_set",
            "criterion_number",
            "criterion_title",
            "version",
            "text",
            "submitted_by",
            "submitted_at",
        ]


class IssueFiguresSerializer(serializers.Serializer):
    severity = serializers.IntegerField(min_value=1, max_value=5)
    outstanding = serializers.IntegerField(
        min_value=0, max_value=MAX_COUNT, help_text="TIs of this severity still outstanding."
    )
    closed = serializers.IntegerField(
        min_value=0, max_value=MAX_COUNT, required=False, allow_null=True
    )


class RegressionFiguresSerializer(serializers.Serializer):
    required_pass_rate = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, coerce_to_string=False
    )
    achieved_pass_rate = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, coerce_to_string=False
    )
    failed_tests = serializers.IntegerField(min_value=0, max_value=MAX_COUNT, default=0)
    notes = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")


class TestingEvidenceInputSerializer(serializers.Serializer):
    phase = serializers.ChoiceField(choices=TestPhase.choices)
    as_of = serializers.DateField(help_text="The date the figures stand at (not in the future).")
    issues = IssueFiguresSerializer(many=True, required=False, max_length=5, default=list)
    regression = RegressionFiguresSerializer(
        required=False,
        allow_null=True,
        default=None,
        help_text="Only with phase REGRESSION: the pass rate required by the TAD and achieved.",
    )

    def validate_as_of(self, value: datetime.date) -> datetime.date:
        if value > timezone.localdate():
            raise serializers.ValidationError("The figures cannot be as of a future date.")
        return value


class IssueCountSerializer(serializers.ModelSerializer):
    class Meta:
        model = TestingIssueCount
        fields = ["id", "severity", "outstanding", "closed", "as_of"]


class RegressionResultSerializer(serializers.ModelSerializer):
    required_pass_rate = serializers.DecimalField(
        max_digits=5, decimal_places=2, coerce_to_string=False
    )
    achieved_pass_rate = serializers.DecimalField(
        max_digits=5, decimal_places=2, coerce_to_string=False
    )
    met = serializers.BooleanField()

    class Meta:
        model = RegressionResult
        fields = [
            "id",
            "as_of",
            "required_pass_rate",
            "achieved_pass_rate",
            "failed_tests",
            "met",
            "notes",
        ]


class TestingEvidenceSerializer(serializers.Serializer):
    """What one submission wrote."""

    phase = serializers.ChoiceField(choices=TestPhase.choices)
    as_of = serializers.DateField()
    issues = IssueCountSerializer(many=True)
    regression = RegressionResultSerializer(allow_null=True)


class SeverityLineSerializer(serializers.Serializer):
    severity = serializers.IntegerField()
    outstanding = serializers.IntegerField(allow_null=True)
    closed = serializers.IntegerField(allow_null=True, source="count.closed", default=None)
    as_of = serializers.DateField(allow_null=True, source="count.as_of", default=None)
    threshold = serializers.IntegerField(
        allow_null=True, help_text="The most the TAD allows outstanding."
    )
    breached = serializers.BooleanField()


class ExclusionSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    reason = serializers.CharField()
    agreed_on = serializers.DateField()


class PhaseEvidenceSerializer(serializers.Serializer):
    phase = serializers.ChoiceField(choices=TestPhase.choices)
    severities = SeverityLineSerializer(many=True)
    exclusions = ExclusionSerializer(many=True)
    excluded_total = serializers.IntegerField()
    regression = RegressionResultSerializer(allow_null=True)


class TestingEvidenceSummarySerializer(serializers.Serializer):
    """The latest figures per phase and severity, against the TAD's thresholds."""

    release = serializers.CharField(source="release.slug")
    phases = PhaseEvidenceSerializer(many=True)
