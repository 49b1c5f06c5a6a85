"""The DCC's submissions, written from its own systems: TADs, readiness statements, testing
evidence. Every role that follows the release's acceptance reads them; only the DCC writes.
"""

import django_filters
from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from acceptance import downloads, selectors, services
from acceptance.api.serializers import (
    ReadinessStatementInputSerializer,
    ReadinessStatementSerializer,
    TadInputSerializer,
    TadSerializer,
    TestingEvidenceInputSerializer,
    TestingEvidenceSerializer,
    TestingEvidenceSummarySerializer,
)
from acceptance.choices import CriterionOwner, CriterionSet
from acceptance.downloads import CONTENT_TYPES
from acceptance.models import AcceptanceCriterion, ReadinessStatement, Tad
from api.filters import StrictFilterSet
from api.idempotency import IdempotentCreateMixin
from api.lookups import release_or_404
from api.permissions import DccSubmissions
from api.schema import IDEMPOTENCY_KEY, PROTECTED_READ_ERRORS, WRITE_ERRORS
from api.uploads import check_upload_finished, limit_upload


class ReleaseScopedMixin:
    """Views under /releases/<slug>/: the release, found once per request (404 if none)."""

    def get_release(self):
        if not hasattr(self, "_release"):
            self._release = release_or_404(self.kwargs["slug"])
        return self._release


@extend_schema_view(
    get=extend_schema(
        summary="The release's TAD versions, newest first",
        responses={200: TadSerializer, **PROTECTED_READ_ERRORS},
    ),
    post=extend_schema(
        summary="Submit a new version of the TAD",
        request={"multipart/form-data": TadInputSerializer},
        responses={201: TadSerializer, **WRITE_ERRORS},
        parameters=[IDEMPOTENCY_KEY],
    ),
)
class TadListCreateApi(IdempotentCreateMixin, ReleaseScopedMixin, generics.ListCreateAPIView):
    """The Testing Approach Document (SEC D10.18-D10.20): each submission is a new version."""

    permission_classes = [DccSubmissions]
    read_permission = "acceptance.view_tad"
    parser_classes = [MultiPartParser]
    serializer_class = TadSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Tad.objects.none()
        return selectors.tads_for(self.get_release()).select_related("release")

    def post(self, request, *args, **kwargs):
        limit = settings.TAD_ATTACHMENT_MAX_BYTES
        limit_upload(request, limit=limit)  # before a byte of the body is read
        self.get_release()
        request.data  # noqa: B018  (parse now, under the size limit)
        check_upload_finished(request, limit=limit)
        return super().post(request, *args, **kwargs)

    def create_response(self, request, *args, **kwargs):
        release = self.get_release()
        serializer = TadInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        tad = services.tad_submit(release=release, **serializer.validated_data, actor=request.user)
        tad = selectors.tads_for(release).select_related("release").get(pk=tad.pk)
        return Response(
            TadSerializer(tad, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


@extend_schema_view(
    get=extend_schema(
        summary="Download a TAD version's attachment",
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The PDF as submitted."
            ),
            (200, CONTENT_TYPES[".docx"]): OpenApiResponse(
                OpenApiTypes.BINARY, description="The DOCX as submitted."
            ),
            **PROTECTED_READ_ERRORS,
        },
    )
)
class TadAttachmentApi(ReleaseScopedMixin, generics.GenericAPIView):
    """The attachment itself, only here and on the readiness page: media is never served."""

    permission_classes = [DccSubmissions]
    read_permission = downloads.READ_PERMISSION
    serializer_class = serializers.Serializer

    def get(self, request, slug, version):
        tad = Tad.objects.filter(release=self.get_release(), version=version).first()
        if tad is None:
            raise NotFound(f"The {self.get_release().name} has no TAD version {version}.")
        if not tad.attachment:
            raise NotFound(f"TAD version {version} has no attachment.")
        return downloads.tad_attachment_response(tad)


class ReadinessStatementFilter(StrictFilterSet):
    criterion_set = django_filters.ChoiceFilter(
        field_name="criterion__criterion_set", choices=CriterionSet.choices
    )
    criterion_number = django_filters.NumberFilter(field_name="criterion__number")

    class Meta:
        model = ReadinessStatement
        fields = ["criterion_set", "criterion_number"]


@extend_schema_view(
    get=extend_schema(
        summary="Every version of every readiness statement of the release",
        responses={200: ReadinessStatementSerializer, **PROTECTED_READ_ERRORS},
    ),
    post=extend_schema(
        summary="State the DCC's readiness against one criterion (a new version)",
        request=ReadinessStatementInputSerializer,
        responses={201: ReadinessStatementSerializer, **WRITE_ERRORS},
        parameters=[IDEMPOTENCY_KEY],
    ),
)
class ReadinessStatementListCreateApi(
    IdempotentCreateMixin, ReleaseScopedMixin, generics.ListCreateAPIView
):
    """The DCC's statements of readiness; refused once the go/no-go is decided."""

    permission_classes = [DccSubmissions]
    read_permission = "acceptance.view_readinessstatement"
    parser_classes = [JSONParser]
    serializer_class = ReadinessStatementSerializer
    filterset_class = ReadinessStatementFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ReadinessStatement.objects.none()
        # By slug: the release is looked up only when the page is empty (to tell 404 from none).
        return selectors.readiness_statements_for(self.kwargs["slug"])

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        if not response.data["results"]:
            self.get_release()
        return response

    def create_response(self, request, *args, **kwargs):
        serializer = ReadinessStatementInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        # The criterion and its release in one query; the release alone only if there is none.
        # get() leaves out the model's ordering (a join on the release): the key is unique.
        try:
            criterion = AcceptanceCriterion.objects.select_related("release").get(
                release__slug=self.kwargs["slug"],
                criterion_set=data["criterion_set"],
                number=data["criterion_number"],
            )
        except AcceptanceCriterion.DoesNotExist:
            criterion = None
        release = criterion.release if criterion else self.get_release()
        if criterion is None:
            raise serializers.ValidationError(
                {
                    "criterion_number": [
                        f"The {release.name} has no {data['criterion_set'].lower()} criterion "
                        f"{data['criterion_number']}."
                    ]
                },
                code="unknown_criterion",
            )
        if criterion.owner != CriterionOwner.DCC:
            raise serializers.ValidationError(
                {
                    "criterion_number": [
                        f"{criterion.label} is {criterion.get_owner_display()}'s own criterion: "
                        "the DCC does not state readiness on it."
                    ]
                },
                code="not_dcc_criterion",
            )
        statement = services.readiness_statement_submit(
            criterion=criterion, text=data["text"], actor=request.user
        )
        return Response(
            ReadinessStatementSerializer(statement).data, status=status.HTTP_201_CREATED
        )


@extend_schema_view(
    get=extend_schema(
        summary="The latest testing figures per phase and severity, against the thresholds",
        responses={200: TestingEvidenceSummarySerializer, **PROTECTED_READ_ERRORS},
    ),
    post=extend_schema(
        summary="Submit a phase's testing figures as of a date",
        request=TestingEvidenceInputSerializer,
        responses={201: TestingEvidenceSerializer, **WRITE_ERRORS},
        parameters=[IDEMPOTENCY_KEY],
    ),
)
class TestingEvidenceApi(IdempotentCreateMixin, ReleaseScopedMixin, generics.GenericAPIView):
    """Testing issues (TIs) by phase and severity, and the regression pass rate."""

    permission_classes = [DccSubmissions]
    read_permission = "acceptance.view_testingissuecount"
    parser_classes = [JSONParser]
    serializer_class = TestingEvidenceSummarySerializer

    def get(self, request, slug):
        readiness = selectors.release_readiness(self.get_release())
        return Response(TestingEvidenceSummarySerializer(readiness).data)

    def create_response(self, request, *args, **kwargs):
        release = self.get_release()
        serializer = TestingEvidenceInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        regression = data.get("regression")
        evidence = services.testing_evidence_submit(
            release=release,
            phase=data["phase"],
            as_of=data["as_of"],
            issues=[services.IssueFigures(**figures) for figures in data.get("issues") or []],
            regression=services.RegressionFigures(**regression) if regression else None,
            actor=request.user,
        )
        return Response(TestingEvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)
