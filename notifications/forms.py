from django import forms
from django.core.exceptions import ValidationError

from notifications.choices import Delivery
from notifications.leadtimes import parse_lead_times
from notifications.models import ReminderSchedule


class LeadTimesField(forms.CharField):
    """Lead times typed as "10, 5, 1": whole numbers of Working Days before the date."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text", "Working Days before the date, separated by commas: 10, 5, 1."
        )
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        try:
            return parse_lead_times(value)
        except ValidationError as error:
            raise ValidationError(error.messages[0], code=error.code) from error


class ReminderScheduleForm(forms.ModelForm):
    lead_times = LeadTimesField(label="Lead times (Working Days before)")

    class Meta:
        model = ReminderSchedule
        fields = ["lead_times", "remind_when_overdue"]
        widgets = {"remind_when_overdue": forms.CheckboxInput(attrs={"class": "form-check-input"})}


class DeliveryForm(forms.Form):
    delivery = forms.ChoiceField(
        label="How do you want reminders?", choices=Delivery.choices, widget=forms.RadioSelect
    )


class FollowForm(forms.Form):
    """What the follow button posts: a release's slug or a modification's reference (a NUL
    character, which no slug holds and PostgreSQL refuses in a query, is an error here)."""

    release = forms.CharField(required=False, max_length=64)
    modification = forms.CharField(required=False, max_length=32)
    action = forms.ChoiceField(
        required=False, choices=[("follow", "Follow"), ("unfollow", "Unfollow")]
    )
