"""The DCC reports its actual costs of a live release from its own systems, as it submits its
readiness evidence (`acceptance.api`): token auth, Idempotency-Key, errors naming the field.
Those who read the cost review read the actuals; only the DCC writes them here."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, generics, permissions, serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from acceptance.api.views import ReleaseScopedMixin
from api.idempotency import IdempotentCreateMixin
from api.schema import IDEMPOTENCY_KEY, PROTECTED_READ_ERRORS, WRITE_ERRORS
from costs import selectors, services
from costs.api.serializers import CostActualInputSerializer, CostActualSerializer
from costs.models import CostActual
from costs.views import may_read_costs
from modifications.models import Modification


class CostActualAccess(permissions.BasePermission):
    """Read: who reads the cost review. Write: the DCC only."""

    def has_permission(self, request, view):
        user = request.user
        if not user or not user.is_authenticated:
            return False
        view.get_release()  # 404 for an unknown release, refused for one the user may not read
        may_read = may_read_costs(user)
        if request.method in permissions.SAFE_METHODS:
            if not may_read:
                raise exceptions.PermissionDenied("Your role does not give access to costs.")
            return True
        if not user.has_perm(services.DCC_PERMISSION):
            raise exceptions.PermissionDenied(
                "Only the DCC reports actual costs here; your role may read them."
                if may_read
                else "Your role does not give access to costs."
            )
        return True


@extend_schema_view(
    get=extend_schema(
        summary="The actual costs reported for the release (DCC and SECAS)",
        responses={200: CostActualSerializer, **PROTECTED_READ_ERRORS},
    ),
    post=extend_schema(
        summary="Report the DCC's actual cost of one modification's stage (or correct it)",
        request=CostActualInputSerializer,
        responses={201: CostActualSerializer, 200: CostActualSerializer, **WRITE_ERRORS},
        parameters=[IDEMPOTENCY_KEY],
    ),
)
class CostActualListCreateApi(
    IdempotentCreateMixin, ReleaseScopedMixin, generics.ListCreateAPIView
):
    """Actual costs after go-live (SEC D10.8(d)): 201 for a new figure, 200 for a correction."""

    permission_classes = [CostActualAccess]
    parser_classes = [JSONParser]
    serializer_class = CostActualSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CostActual.objects.none()
        return selectors.cost_actuals_for(self.get_release())

    def create_response(self, request, *args, **kwargs):
        release = self.get_release()
        serializer = CostActualInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        modification = Modification.objects.filter(reference=data["modification"]).first()
        if modification is None:
            raise serializers.ValidationError(
                {"modification": [f"There is no modification ‘{data['modification']}’."]},
                code="unknown_modification",
            )
        actual, created = services.cost_actual_report(
            release=release,
            modification=modification,
            stage=data["stage"],
            amount=data["amount"],
            reported_on=data["reported_on"],
            note=data["note"],
            correction=data["correction"],
            actor=request.user,
        )
        actual = selectors.cost_actuals_for(release).get(pk=actual.pk)
        return Response(
            CostActualSerializer(actual).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
