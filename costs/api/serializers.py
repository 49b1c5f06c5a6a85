"""The DCC's actual costs over the API: what it sends (…InputSerializer) and what it reads."""

from rest_framework import serializers

from costs.models import CostActual
from modifications.choices import CostStage

MAX_TEXT = 20_000
MAX_AMOUNT = 10**12 - 1  # the column holds twelve digits


class CostActualInputSerializer(serializers.Serializer):
    modification = serializers.CharField(
        max_length=32, help_text="The modification's reference (MP104, SECMP0024)."
    )
    stage = serializers.CharField(
        max_length=32,
        help_text="A DCC cost stage: " + ", ".join(CostStage.values) + ".",
    )
    amount = serializers.DecimalField(
        max_digits=16,
        decimal_places=4,
        max_value=MAX_AMOUNT,
        help_text="What the stage cost, in whole pounds.",
    )
    reported_on = serializers.DateField(help_text="When the DCC reported it (after go-live).")
    note = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")
    correction = serializers.BooleanField(
        required=False,
        default=False,
        help_text=(
            "True to replace the figure reported before for this modification and stage (the "
            "note says why; the earlier figure stays in the history)."
        ),
    )


class CostActualSerializer(serializers.ModelSerializer):
    """An actual cost as recorded: the DCC's per modification and stage, or SECAS's per line."""

    modification = serializers.SlugRelatedField(
        slug_field="reference", read_only=True, allow_null=True
    )
    secas_cost = serializers.SlugRelatedField(
        slug_field="activity", read_only=True, allow_null=True
    )
    amount = serializers.IntegerField()
    recorded_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = CostActual
        fields = [
            "id",
            "modification",
            "stage",
            "secas_cost",
            "amount",
            "reported_by",
            "reported_on",
            "note",
            "recorded_by",
            "created_at",
            "updated_at",
        ]
