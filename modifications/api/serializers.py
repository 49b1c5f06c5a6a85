from rest_framework import serializers

from modifications.models import Modification, StatusUpdate
from releases.models import ScopeItem


class ModificationSerializer(serializers.ModelSerializer):
    """A Modification Proposal in a list."""

    web_page = serializers.URLField(source="url", help_text="Its page on the SEC website.")
    url = serializers.HyperlinkedIdentityField(
        view_name="api:modification-detail", lookup_field="reference"
    )

    class Meta:
        model = Modification
        fields = [
            "reference",
            "former_reference",
            "title",
            "phase",
            "path",
            "impacts_dcc_systems",
            "approved_on",
            "withdrawn_on",
            "web_page",
            "url",
        ]


class StatusUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = StatusUpdate
        fields = ["as_of", "text"]


class ModificationReleaseSerializer(serializers.ModelSerializer):
    release = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    release_name = serializers.CharField(source="release.name")

    class Meta:
        model = ScopeItem
        fields = ["release", "release_name", "part", "inclusion", "decision_cutoff"]


class ModificationDetailSerializer(ModificationSerializer):
    """A Modification Proposal with its status narrative and the releases it is (or was) in."""

    status_updates = StatusUpdateSerializer(many=True)
    releases = ModificationReleaseSerializer(many=True, source="scope_items")

    class Meta(ModificationSerializer.Meta):
        fields = [*ModificationSerializer.Meta.fields, "summary", "status_updates", "releases"]
