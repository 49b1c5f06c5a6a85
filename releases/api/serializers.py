from django.urls import reverse
from rest_framework import serializers

from releases.models import Decision, Release, RidBaseline, ScopeItem


class ReleaseSerializer(serializers.ModelSerializer):
    """A release in a list: its dates, status and scope counts."""

    sec_version = serializers.DecimalField(
        max_digits=5, decimal_places=1, allow_null=True, coerce_to_string=True
    )
    document_only = serializers.BooleanField(help_text="No item in scope impacts DCC Systems.")
    approved_count = serializers.IntegerField()
    targeted_count = serializers.IntegerField()
    url = serializers.HyperlinkedIdentityField(view_name="api:release-detail", lookup_field="slug")

    class Meta:
        model = Release
        fields = [
            "slug",
            "name",
            "kind",
            "status",
            "planned_go_live",
            "actual_go_live",
            "sec_version",
            "classification",
            "document_only",
            "approved_count",
            "targeted_count",
            "url",
        ]


class ScopeModificationSerializer(serializers.Serializer):
    reference = serializers.CharField()
    title = serializers.CharField()
    url = serializers.HyperlinkedIdentityField(
        view_name="api:modification-detail", lookup_field="reference"
    )


class ScopeItemSerializer(serializers.ModelSerializer):
    modification = ScopeModificationSerializer()
    in_scope = serializers.BooleanField()
    deferred_to = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    latest_status = serializers.CharField(allow_null=True)
    latest_status_on = serializers.DateField(allow_null=True)

    class Meta:
        model = ScopeItem
        fields = [
            "modification",
            "part",
            "inclusion",
            "in_scope",
            "decision_cutoff",
            "impacts_dcc_systems",
            "note",
            "reason",
            "deferred_to",
            "latest_status",
            "latest_status_on",
        ]


class ReleaseDetailSerializer(ReleaseSerializer):
    """A release with its scope: every item, in scope first, with its latest status."""

    scope = ScopeItemSerializer(many=True, source="scope_list")
    notes = serializers.CharField()

    class Meta(ReleaseSerializer.Meta):
        fields = [*ReleaseSerializer.Meta.fields, "notes", "scope"]


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = ["body", "meeting_date", "paper_reference", "ask", "summary", "outcome"]


class RidBaselineSerializer(serializers.ModelSerializer):
    """A baselined version of the RID, with the link to its frozen PDF and the PDF's digest."""

    version = serializers.DecimalField(max_digits=5, decimal_places=1, coerce_to_string=True)
    decision = DecisionSerializer(allow_null=True)
    baselined_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    pdf_url = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = RidBaseline
        fields = [
            "version",
            "issued_on",
            "changes",
            "decision",
            "baselined_by",
            "baselined_at",
            "status",
            "url",
            "pdf_url",
            "pdf_sha256",
        ]

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_status(self, baseline: RidBaseline) -> str:
        """`rendering` until the PDF is stored, then `rendered`."""
        return "rendered" if baseline.is_rendered else "rendering"

    def get_url(self, baseline: RidBaseline) -> str:
        """The baseline's page: /releases/<slug>/rid/<version>/."""
        return self._absolute(
            reverse("releases:rid_baseline", args=[baseline.release.slug, baseline.version])
        )

    def get_pdf_url(self, baseline: RidBaseline) -> str | None:
        """Where the baselined PDF is served (/releases/<slug>/rid/<version>.pdf); null while
        it is being rendered."""
        if not baseline.is_rendered:
            return None
        return self._absolute(
            reverse("releases:rid_baseline_pdf", args=[baseline.release.slug, baseline.version])
        )
