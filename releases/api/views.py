"""Releases and their RID baselines: Classification White, readable by anyone."""

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.permissions import AllowAny

from api.filters import StrictFilterSet
from api.lookups import release_or_404
from api.schema import READ_ERRORS
from releases import selectors
from releases.api.serializers import (
    ReleaseDetailSerializer,
    ReleaseSerializer,
    RidBaselineSerializer,
)
from releases.choices import ReleaseKind, ReleaseStatus
from releases.models import Release, RidBaseline


class ReleaseFilter(StrictFilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ReleaseStatus.choices)
    kind = django_filters.ChoiceFilter(choices=ReleaseKind.choices)
    go_live_from = django_filters.DateFilter(
        field_name="planned_go_live", lookup_expr="gte", label="Planned go-live on or after"
    )
    go_live_to = django_filters.DateFilter(
        field_name="planned_go_live", lookup_expr="lte", label="Planned go-live on or before"
    )

    class Meta:
        model = Release
        fields = ["status", "kind", "go_live_from", "go_live_to"]


@extend_schema_view(get=extend_schema(responses={200: ReleaseSerializer, **READ_ERRORS}))
class ReleaseListApi(generics.ListAPIView):
    """Every release, oldest go-live first, with its scope counts (one query a page)."""

    permission_classes = [AllowAny]  # Classification White; GET only
    serializer_class = ReleaseSerializer
    filterset_class = ReleaseFilter

    def get_queryset(self):
        return selectors.release_list()


@extend_schema_view(get=extend_schema(responses={200: ReleaseDetailSerializer, **READ_ERRORS}))
class ReleaseDetailApi(generics.RetrieveAPIView):
    """One release with its scope."""

    permission_classes = [AllowAny]  # Classification White; GET only
    serializer_class = ReleaseDetailSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.release_list()

    def get_object(self):
        release = super().get_object()
        release.scope_list = list(selectors.scope_items_for(release))
        return release


@extend_schema_view(get=extend_schema(responses={200: RidBaselineSerializer, **READ_ERRORS}))
class RidBaselineListApi(generics.ListAPIView):
    """The release's baselined RID versions, oldest first, each with its PDF."""

    permission_classes = [AllowAny]  # Classification White; GET only
    serializer_class = RidBaselineSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return RidBaseline.objects.none()
        release = release_or_404(self.kwargs["slug"])
        return (
            RidBaseline.objects.filter(release=release)
            .select_related("release", "decision", "baselined_by")
            .order_by("version")
        )
