"""The Panel's forms on a release's auditors page; the rules are in audit.services."""

from django import forms

from core.forms import AccessibleFormMixin

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AppointmentForm(AccessibleFormMixin, forms.Form):
    username = forms.CharField(
        label="Auditor's username",
        max_length=150,
        help_text="An existing account holding no other role; it joins the auditor group.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    starts_on = forms.DateField(label="From", widget=DATE_INPUT)
    ends_on = forms.DateField(
        label="Until", required=False, widget=DATE_INPUT, help_text="Blank: until revoked."
    )
    decision_reference = forms.CharField(
        label="Panel decision",
        max_length=40,
        help_text="The Panel paper or decision that appoints the auditor (SECP_93_1806_21).",
    )
    terms_of_reference = forms.CharField(
        label="Terms of reference",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="As the Panel approved them (SEC D10.11).",
    )


class RevokeForm(AccessibleFormMixin, forms.Form):
    reason = forms.CharField(label="Why", max_length=500)
