"""The forms SECAS edits a release with. They parse and check input; the services hold the rules."""

import datetime

from django import forms
from django.core.exceptions import ValidationError

from core.choices import Body
from core.forms import AccessibleFormMixin, FastSelect, VersionField
from modifications.models import Modification, validate_reference
from releases.choices import DatePrecision, Inclusion
from releases.models import (
    FIRST_DAY,
    LAST_DAY,
    RID_NARRATIVE_FIELDS,
    Decision,
    Milestone,
    Release,
    RidNarrative,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DCC_IMPACT_CHOICES = [("", "As recorded on the modification"), ("yes", "Yes"), ("no", "No")]


def find_modification(reference: str) -> Modification:
    """The modification a reference names (or once named, as a Draft Proposal)."""
    reference = reference.strip().upper()
    try:
        validate_reference(reference)
    except ValidationError as error:
        raise ValidationError(f"‘{reference}’ is not a reference: {error.messages[0]}") from error
    found = Modification.objects.filter(reference=reference).first()
    found = found or Modification.objects.filter(former_reference=reference).first()
    if found is None:
        raise ValidationError(f"No modification has the reference {reference}.")
    return found


class ScopeItemAddForm(AccessibleFormMixin, forms.Form):
    modification = forms.CharField(
        label="Modification reference",
        max_length=12,
        help_text="MP149, SECMP0015; a Draft Proposal's DP reference finds it too.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    inclusion = forms.ChoiceField(
        label="Status in this release",
        choices=[
            (Inclusion.APPROVED, "Approved for inclusion"),
            (Inclusion.TARGETED, "Targeted (included only if approved by the cut-off)"),
        ],
        initial=Inclusion.APPROVED,
        widget=forms.RadioSelect,
    )
    decision_cutoff = forms.DateField(
        label="Decision cut-off",
        required=False,
        widget=DATE_INPUT,
        help_text="Targeted only: the date by which it must be approved to stay in.",
    )
    part = forms.CharField(
        label="Part of the modification",
        required=False,
        max_length=200,
        help_text="Only when it is split across releases (“DUIS and MMC changes only”).",
    )
    impacts_dcc_systems = forms.ChoiceField(
        label="Impacts DCC Systems?", choices=DCC_IMPACT_CHOICES, required=False
    )

    def clean_modification(self) -> Modification:
        return find_modification(self.cleaned_data["modification"])

    def clean(self):
        data = super().clean()
        inclusion, cutoff = data.get("inclusion"), data.get("decision_cutoff")
        if (
            inclusion == Inclusion.TARGETED
            and cutoff is None
            and "decision_cutoff" not in self.errors
        ):
            self.add_error("decision_cutoff", "A targeted item needs its decision cut-off date.")
        if inclusion == Inclusion.APPROVED and cutoff is not None:
            self.add_error(
                "decision_cutoff",
                "Only a targeted item has a decision cut-off; leave it empty for an approved one.",
            )
        return data

    @property
    def impacts(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("impacts_dcc_systems") or "")


class ScopeItemMoveForm(AccessibleFormMixin, forms.Form):
    to_release = forms.CharField(label="Move to", widget=forms.Select)
    decision_cutoff = forms.DateField(
        label="Decision cut-off in that release",
        required=False,
        widget=DATE_INPUT,
        help_text="A targeted item needs a cut-off on or before that release's go-live.",
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say why the item moves (it is recorded)."},
    )
    version = VersionField()

    def __init__(self, *args, item, destinations, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.fields["to_release"].widget.choices = [("", "Choose a release")] + [
            (r.slug, f"{r.name} (go-live {r.go_live:%d %b %Y})") for r in destinations
        ]
        if item.inclusion != Inclusion.TARGETED:
            del self.fields["decision_cutoff"]
        self.fields["version"].initial = item.version

    def clean_to_release(self) -> Release:
        slug = self.cleaned_data["to_release"]
        release = Release.objects.filter(slug=slug).first()
        if release is None:
            raise ValidationError(f"There is no release ‘{slug}’.")
        return release

    def clean(self):
        data = super().clean()
        if (
            "decision_cutoff" in self.fields
            and data.get("decision_cutoff") is None
            and "decision_cutoff" not in self.errors
        ):
            self.add_error(
                "decision_cutoff", "A targeted item needs its decision cut-off in the new release."
            )
        return data


class ScopeItemRemoveForm(AccessibleFormMixin, forms.Form):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say why the item leaves the scope (it is recorded)."},
    )
    version = VersionField()

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = item.version


class MilestoneForm(AccessibleFormMixin, forms.ModelForm):
    """A milestone with a date of its own, or a rule: Working Days from another milestone."""

    version = VersionField()

    class Meta:
        model = Milestone
        fields = [
            "event",
            "kind",
            "responsible",
            "date",
            "precision",
            "anchor",
            "offset_working_days",
            "notes",
        ]
        labels = {
            "offset_working_days": "Working Days from the anchor",
            "anchor": "Anchor (for a date set by a rule)",
        }
        help_texts = {
            "date": "Leave empty when a rule sets it, or when the date is not known yet (TBC).",
            "offset_working_days": "Negative means before: -10 is “10 Working Days before”.",
            "precision": "“Month only” shows the date as “Oct 2021”.",
        }
        widgets = {"date": DATE_INPUT, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, release, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.release = release
        anchors = release.milestones.order_by("date", "position", "id")
        if self.instance.pk:
            anchors = anchors.exclude(pk=self.instance.pk)
            self.fields["version"].initial = self.instance.version
        self.fields["anchor"].queryset = anchors
        self.fields["anchor"].label_from_instance = lambda m: f"{m.display_date} {m.event}"
        self.fields["anchor"].empty_label = "No rule: the date above"
        self.fields["responsible"].choices = Body.choices

    def clean(self):
        data = super().clean()
        if data.get("precision") == DatePrecision.MONTH and data.get("date"):
            data["date"] = data["date"].replace(day=1)
        return data


class DecisionForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Decision
        fields = [
            "body",
            "meeting_date",
            "paper_reference",
            "ask",
            "summary",
            "outcome",
            "published_on",
            "minutes",
        ]
        labels = {"summary": "What the body was asked", "paper_reference": "Paper reference"}
        help_texts = {"paper_reference": "SECP_93_1806_21, CSC_32_2610"}
        widgets = {
            "meeting_date": DATE_INPUT,
            "published_on": DATE_INPUT,
            "minutes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, release, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.release = release


class ReleasesUpdateForm(AccessibleFormMixin, forms.Form):
    """Which Panel meeting the "SEC Releases Update" paper is written for."""

    meeting = forms.DateField(
        label="Panel meeting date",
        widget=DATE_INPUT,
        help_text="The paper shows the record as it stood on this day.",
    )

    def clean_meeting(self) -> datetime.date:
        """Within the years the record covers (9999-12-31 left no next day to count up to)."""
        meeting = self.cleaned_data["meeting"]
        if not FIRST_DAY <= meeting <= LAST_DAY:
            raise ValidationError(
                f"A Panel meeting date lies between {FIRST_DAY.year} and {LAST_DAY.year}."
            )
        return meeting


class RidBaselineForm(AccessibleFormMixin, forms.Form):
    """The Panel's (or the CSC's) decision to baseline the draft as a version."""

    version = forms.CharField(
        label="Version number",
        max_length=6,
        help_text="0.1, 1.0, 2.0: greater than the last baseline.",
    )
    changes = forms.CharField(
        label="What this version changes",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The Version control entry (Appendix 1).",
    )
    meeting_date = forms.DateField(label="Meeting date", widget=DATE_INPUT)
    paper_reference = forms.CharField(
        label="Paper reference", max_length=40, help_text="SECP_93_1806_21, CSC_32_2610"
    )
    published_on = forms.DateField(
        label="Decision published on",
        required=False,
        widget=DATE_INPUT,
        help_text="Opens the 10 Working Day appeal window (D10.17).",
    )
    issued_on = forms.DateField(
        label="Issued on",
        required=False,
        widget=DATE_INPUT,
        help_text="The date on the document; the meeting date if left empty.",
    )
    override_reason = forms.CharField(
        label="Reason to baseline with review comments unresolved",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only while a review comment on the draft is open: recorded on the baseline.",
    )


class RidAppealForm(AccessibleFormMixin, forms.Form):
    appellant = forms.CharField(label="Appellant (SEC Party)", max_length=200)
    lodged_on = forms.DateField(label="Lodged on", widget=DATE_INPUT)
    grounds = forms.CharField(
        label="Grounds", widget=forms.Textarea(attrs={"rows": 3}), help_text="D10.17: the reasons."
    )


class RidAppealDecideForm(AccessibleFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome", choices=[("UPHELD", "Upheld"), ("DISMISSED", "Dismissed")]
    )
    decided_on = forms.DateField(label="Decided on", widget=DATE_INPUT)
    version = VersionField()


class RidNarrativeForm(AccessibleFormMixin, forms.Form):
    """The texts of the RID that its data cannot say (`RidNarrative`)."""

    version = VersionField()

    def __init__(self, *args, narrative: dict[str, str], version: int | None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in RID_NARRATIVE_FIELDS:
            model_field = RidNarrative._meta.get_field(name)
            self.fields[name] = forms.CharField(
                label=model_field.verbose_name[:1].upper() + model_field.verbose_name[1:],
                help_text=model_field.help_text,
                required=False,
                initial=narrative.get(name, ""),
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.fields["version"].initial = version

    def texts(self) -> dict[str, str]:
        return {name: self.cleaned_data[name].strip() for name in RID_NARRATIVE_FIELDS}


class RidCommentForm(AccessibleFormMixin, forms.Form):
    """A review comment on a section of the draft RID, or on one row of its tables. The section
    and row are checked against the draft by the service (`releases.rid.review.check_place`)."""

    section = forms.CharField(widget=forms.HiddenInput)
    row = forms.CharField(label="Row (optional)", required=False, max_length=200)
    text = forms.CharField(label="Comment", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, rows: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        if rows:
            choices = [("", "The whole section"), *rows.items()]
            self.fields["row"].widget = FastSelect(attrs={"class": "form-select"}, choices=choices)
        else:
            self.fields["row"].widget = forms.HiddenInput()


class RidCommentResolveForm(AccessibleFormMixin, forms.Form):
    answer = forms.CharField(label="Answer", widget=forms.Textarea(attrs={"rows": 2}))
