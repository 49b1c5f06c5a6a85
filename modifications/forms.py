"""The register's filters, and the forms SECAS keeps a modification current with."""

import datetime

from django import forms
from django.utils import timezone

from core.forms import AccessibleFormMixin, FastSelect, FastTextInput, VersionField
from modifications.choices import PHASE_TRANSITIONS, Path, Phase

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

SORT_CHOICES = [
    ("reference", "Reference"),
    ("-reference", "Reference, last first"),
    ("title", "Title"),
    ("phase", "Phase"),
    ("-updated", "Latest status update, newest first"),
    ("updated", "Latest status update, oldest first"),
]


class RegisterFilterForm(AccessibleFormMixin, forms.Form):
    """The register's search box, filters and sort. Unknown values are ignored, not refused."""

    q = forms.CharField(
        label="Search reference or title", required=False, max_length=100, widget=FastTextInput
    )
    phase = forms.ChoiceField(
        label="Phase",
        required=False,
        choices=[("", "Any phase"), *Phase.choices],
        widget=FastSelect,
    )
    path = forms.ChoiceField(
        label="Path", required=False, choices=[("", "Any path"), *Path.choices], widget=FastSelect
    )
    release = forms.ChoiceField(label="In the scope of", required=False, widget=FastSelect)
    dcc = forms.ChoiceField(
        label="Impacts DCC Systems",
        required=False,
        choices=[("", "Either"), ("yes", "Yes"), ("no", "No")],
        widget=FastSelect,
    )
    sort = forms.ChoiceField(
        label="Sort by", required=False, choices=SORT_CHOICES, widget=FastSelect
    )

    def __init__(self, *args, releases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off"})
        self.fields["release"].choices = [("", "Any release"), *releases]

    def filters(self) -> dict[str, str]:
        """The valid filters (an invalid one is dropped, so a stale link still shows a list)."""
        self.is_valid()
        return {
            name: self.cleaned_data.get(name) or ""
            for name in self.fields
            if name not in self.errors
        }


class StatusUpdateForm(AccessibleFormMixin, forms.Form):
    text = forms.CharField(
        label="Where it stands now",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "A status update needs its text."},
        help_text="As the Panel paper will show it: “The DCC is carrying out an Impact Assessment…”",
    )
    as_of = forms.DateField(label="As of", widget=DATE_INPUT, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["as_of"].initial = timezone.localdate()


class PhaseChangeForm(AccessibleFormMixin, forms.Form):
    phase = forms.ChoiceField(label="New phase")
    on = forms.DateField(
        label="Effective on",
        widget=DATE_INPUT,
        required=False,
        help_text="The date of the withdrawal or approval (today if empty).",
    )
    version = VersionField()

    def __init__(self, *args, modification, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = sorted(PHASE_TRANSITIONS[modification.phase])
        # Every phase is accepted here so that a refused move is explained by the rules
        # (modification_change_phase), not by "not a valid choice"; the list offers the allowed.
        self.fields["phase"].choices = [(p.value, p.label) for p in Phase]
        self.fields["phase"].widget.choices = [("", "Choose the next phase")] + [
            (p, Phase(p).label) for p in allowed
        ]
        self.fields["version"].initial = modification.version
        self.allowed = [Phase(p).label for p in allowed]

    def clean_on(self) -> datetime.date | None:
        on = self.cleaned_data.get("on")
        if on and on > timezone.localdate():
            raise forms.ValidationError("A phase change takes effect today or earlier.")
        return on
