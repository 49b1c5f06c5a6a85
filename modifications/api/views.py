"""Modification Proposals: readable by anyone; the releases they are in, of those the reader
may read (`Release.is_visible_to`)."""

import django_filters
from django.db.models import Prefetch, Q
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny

from api.filters import StrictFilterSet
from api.schema import READ_ERRORS
from modifications.api.serializers import ModificationDetailSerializer, ModificationSerializer
from modifications.choices import Path, Phase
from modifications.models import Modification, StatusUpdate
from modifications.selectors import modification_list
from releases.models import ScopeItem, visible_release_q


class ModificationFilter(StrictFilterSet):
    phase = django_filters.MultipleChoiceFilter(choices=Phase.choices)
    path = django_filters.ChoiceFilter(choices=Path.choices)
    impacts_dcc_systems = django_filters.BooleanFilter()
    release = django_filters.CharFilter(
        method="in_release", label="The slug of a release whose scope includes it"
    )

    class Meta:
        model = Modification
        fields = ["phase", "path", "impacts_dcc_systems", "release"]

    def in_release(self, queryset, name, value):
        # A release the reader may not see has, for them, nothing in its scope.
        user = getattr(self.request, "user", None)
        scope = ScopeItem.objects.filter(visible_release_q(user), release__slug=value)
        return queryset.filter(pk__in=scope.values("modification_id"))


@extend_schema_view(get=extend_schema(responses={200: ModificationSerializer, **READ_ERRORS}))
class ModificationListApi(generics.ListAPIView):
    """Every Modification Proposal, by reference (one query a page)."""

    permission_classes = [AllowAny]  # Classification White; GET only
    serializer_class = ModificationSerializer
    filterset_class = ModificationFilter

    def get_queryset(self):
        return modification_list()


@extend_schema_view(get=extend_schema(responses={200: ModificationDetailSerializer, **READ_ERRORS}))
class ModificationDetailApi(generics.RetrieveAPIView):
    """One Modification Proposal by its reference (a former Draft Proposal reference finds it too)."""

    permission_classes = [AllowAny]  # Classification White; GET only
    serializer_class = ModificationDetailSerializer

    def get_object(self):
        reference = self.kwargs["reference"].upper()
        modification = (
            Modification.objects.filter(Q(reference=reference) | Q(former_reference=reference))
            .prefetch_related(
                Prefetch("status_updates", queryset=StatusUpdate.objects.order_by("-as_of", "-id")),
                Prefetch(
                    "scope_items",
                    queryset=ScopeItem.objects.filter(visible_release_q(self.request.user))
                    .select_related("release")
                    .order_by("release__planned_go_live", "id"),
                ),
            )
            .order_by("former_reference")
            .first()
        )
        if modification is None:
            raise NotFound(f"There is no modification ‘{reference}’.")
        return modification
