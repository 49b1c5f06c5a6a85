"""The browser forms of release acceptance; each hands its cleaned data to one service."""

from django import forms

from acceptance.choices import GoNoGoOutcome, RiskLevel, TadReviewOutcome, TestPhase
from acceptance.models import AcceptanceCriterion
from core.choices import Body, Rag

DATE = forms.DateInput(attrs={"type": "date"})


class GroupViewForm(forms.Form):
    rag = forms.ChoiceField(label="RAG status", choices=Rag.choices, widget=forms.RadioSelect)
    text = forms.CharField(label="The group's view", widget=forms.Textarea(attrs={"rows": 5}))
    qualification = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required for AMBER or RED: the paper quotes it.",
    )
    meeting_date = forms.DateField(label="Meeting date", widget=DATE)


class ReadinessStatementForm(forms.Form):
    text = forms.CharField(label="Statement of readiness", widget=forms.Textarea(attrs={"rows": 6}))


class CriterionForm(forms.ModelForm):
    class Meta:
        model = AcceptanceCriterion
        fields = ["title", "text", "owner", "reviewing_group"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}


class TadForm(forms.Form):
    objectives = forms.CharField(
        help_text="The testing objectives, including the assurance to be achieved (D10.19(a)).",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    strategy = forms.CharField(
        help_text="The testing strategy that will be followed (D10.19(b)).",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consequences = forms.CharField(
        help_text="The consequences of the strategy: costs and risks in business terms (D10.19(c)).",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    attachment = forms.FileField(help_text="The TAD as PDF or DOCX, at most 20 MB.")


class TadReviewForm(forms.Form):
    outcome = forms.ChoiceField(choices=TadReviewOutcome.choices, widget=forms.RadioSelect)
    reviewed_on = forms.DateField(label="Reviewed on", widget=DATE)
    comments = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required when the TAG asks for changes.",
    )


class ThresholdForm(forms.Form):
    phase = forms.ChoiceField(choices=TestPhase.choices)
    severity = forms.IntegerField(min_value=1, max_value=5)
    max_outstanding = forms.IntegerField(
        label="Most TIs outstanding", min_value=0, max_value=100_000
    )


class ExclusionForm(forms.Form):
    phase = forms.ChoiceField(choices=TestPhase.choices)
    count = forms.IntegerField(label="Number of TIs excluded", min_value=1, max_value=100_000)
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    agreed_on = forms.DateField(label="Agreed on", widget=DATE)


class TestingFiguresForm(forms.Form):
    """The DCC's figures for one phase, as the API takes them, for a person at a browser."""

    phase = forms.ChoiceField(choices=TestPhase.choices)
    as_of = forms.DateField(label="As of", widget=DATE)
    severity_1 = forms.IntegerField(label="Severity 1 outstanding", min_value=0, required=False)
    severity_2 = forms.IntegerField(label="Severity 2 outstanding", min_value=0, required=False)
    severity_3 = forms.IntegerField(label="Severity 3 outstanding", min_value=0, required=False)
    severity_4 = forms.IntegerField(label="Severity 4 outstanding", min_value=0, required=False)
    severity_5 = forms.IntegerField(label="Severity 5 outstanding", min_value=0, required=False)
    required_pass_rate = forms.DecimalField(
        label="Regression pass rate required (%)",
        min_value=0,
        max_value=100,
        decimal_places=2,
        required=False,
    )
    achieved_pass_rate = forms.DecimalField(
        label="Regression pass rate achieved (%)",
        min_value=0,
        max_value=100,
        decimal_places=2,
        required=False,
    )
    failed_tests = forms.IntegerField(label="Failed regression tests", min_value=0, required=False)

    def clean(self):
        data = super().clean()
        rates = (data.get("required_pass_rate"), data.get("achieved_pass_rate"))
        if (rates[0] is None) != (rates[1] is None):
            raise forms.ValidationError("Give both the required and the achieved pass rate.")
        return data


class ResidualRiskForm(forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    level = forms.ChoiceField(choices=RiskLevel.choices)
    owner = forms.CharField(max_length=100)
    mitigation = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    raised_by = forms.ChoiceField(
        choices=[("", "—"), *Body.choices], required=False, label="Raised by"
    )


class GoNoGoForm(forms.Form):
    body = forms.ChoiceField(choices=[(Body.CSC, Body.CSC.label), (Body.PANEL, Body.PANEL.label)])
    outcome = forms.ChoiceField(choices=GoNoGoOutcome.choices, widget=forms.RadioSelect)
    decided_on = forms.DateField(label="Decided on", widget=DATE)
    paper_reference = forms.CharField(
        required=False,
        max_length=40,
        help_text="The paper the decision was taken on (CSC_32_2610).",
    )
    opsg_recommendation = forms.CharField(
        label="OPSG's recommendation", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    tag_recommendation = forms.CharField(
        label="TAG's recommendation", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    recommendations = forms.CharField(
        label="Recommendations put to the body",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="NOTE the views of the OPSG and the TAG; AGREE that the release can be set live.",
    )
    minutes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
