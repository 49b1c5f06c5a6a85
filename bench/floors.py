"""The floors: bare DRF views that serialise the same rows, fetched (or written) by one query.

No authentication, no permission, no pagination, no filtering, no service: what is left is the
cost of Django, DRF and the serializer themselves. The product's endpoints are measured against
these in the same run.
"""

import random

from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from acceptance.api.serializers import (
    ReadinessStatementInputSerializer,
    ReadinessStatementSerializer,
)
from acceptance.models import AcceptanceCriterion, ReadinessStatement


class FloorListApi(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    def get(self, request, slug):
        rows = (
            ReadinessStatement.objects.filter(criterion__release__slug=slug)
            .select_related("criterion", "submitted_by")
            .order_by("criterion__criterion_set", "criterion__number", "-version")[:50]
        )
        return Response({"results": ReadinessStatementSerializer(rows, many=True).data})


class FloorCreateApi(APIView):
    """Validate the same input, write the row with one INSERT, answer with the same serializer."""

    authentication_classes = []
    permission_classes = [AllowAny]
    criterion: AcceptanceCriterion | None = None

    def post(self, request, slug):
        data = ReadinessStatementInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # The criterion is looked up once per process, so the request itself makes one query.
        if FloorCreateApi.criterion is None:
            FloorCreateApi.criterion = AcceptanceCriterion.objects.select_related("release").get(
                release__slug=slug,
                criterion_set=data.validated_data["criterion_set"],
                number=data.validated_data["criterion_number"],
            )
        statement = ReadinessStatement.objects.create(
            criterion=FloorCreateApi.criterion,
            # A random version far above the product's: no query to find the next one.
            version=random.randint(1_000_000_000, 2_147_483_647),
            text=data.validated_data["text"],
        )
        return Response(ReadinessStatementSerializer(statement).data, status=201)
