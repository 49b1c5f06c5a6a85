"""Forms of the policy pages. They parse and label; the services decide."""

from django import forms

from governance.models import FreezeWindow, PanelException, PolicyVersion
from governance.services import VERSION_FIELDS
from publication.forms import style

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PolicyVersionForm(forms.ModelForm):
    class Meta:
        model = PolicyVersion
        fields = list(VERSION_FIELDS)
        widgets = {
            "allocation_rule": forms.Textarea(attrs={"rows": 4}),
            "cost_review": forms.Textarea(attrs={"rows": 4}),
            "go_live_decision": forms.Textarea(attrs={"rows": 4}),
            "consultation_opened_on": DATE,
            "consultation_closed_on": DATE,
            "effective_from": DATE,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)

    def _post_clean(self):
        """The service validates the model (and says which rule): not the form a second time."""


class FreezeWindowForm(forms.ModelForm):
    class Meta:
        model = FreezeWindow
        fields = ["starts_on", "ends_on", "reason"]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)

    def _post_clean(self):
        pass


class PanelExceptionForm(forms.ModelForm):
    class Meta:
        model = PanelException
        fields = ["covers", "reason", "decision_reference"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)

    def _post_clean(self):
        pass
