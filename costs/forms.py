"""The browser forms for reporting actual costs; each hands its cleaned data to
`services.cost_actual_report`."""

from django import forms

from costs.selectors import cost_lines_for, stages_for
from modifications.choices import CostStage
from modifications.models import DccCost

DATE = forms.DateInput(attrs={"type": "date"})


class _ActualFields(forms.Form):
    amount = forms.DecimalField(
        label="Amount (GBP)", min_value=None, decimal_places=None, help_text="Whole pounds."
    )
    reported_on = forms.DateField(label="Reported on", widget=DATE)
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required for a correction: why the figure reported before changes.",
    )
    correction = forms.BooleanField(
        required=False,
        label="This corrects the figure reported before (it stays in the history)",
    )


class DccActualForm(_ActualFields):
    """The DCC's actual for one stage of one modification the release counts."""

    modification = forms.ChoiceField(label="Modification")
    stage = forms.ChoiceField(label="Stage", choices=CostStage.choices)
    field_order = ["modification", "stage", "amount", "reported_on", "note", "correction"]

    def __init__(self, *args, release, **kwargs):
        super().__init__(*args, **kwargs)
        self.modifications = {str(m.pk): m for m, _, note in cost_lines_for(release) if not note}
        self.fields["modification"].choices = [
            (pk, m.reference) for pk, m in self.modifications.items()
        ]
        # The stages of the breakdowns in use, in the RID's order.
        used = set()
        by_mod: dict[int, dict] = {}
        for cost in DccCost.objects.filter(modification_id__in=self.modifications):
            by_mod.setdefault(cost.modification_id, {})[cost.stage] = cost
        for pk in self.modifications:
            used.update(stages_for(by_mod.get(int(pk), {})))
        self.fields["stage"].choices = [(v, label) for v, label in CostStage.choices if v in used]

    def clean_modification(self):
        return self.modifications[self.cleaned_data["modification"]]


class SecasActualForm(_ActualFields):
    """SECAS's actual for one line of its effort estimate."""

    secas_cost = forms.ModelChoiceField(label="SECAS effort line", queryset=None)
    field_order = ["secas_cost", "amount", "reported_on", "note", "correction"]

    def __init__(self, *args, release, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["secas_cost"].queryset = release.secas_costs.order_by("id")
