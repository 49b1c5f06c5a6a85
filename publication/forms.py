"""Forms of the go-live and of the release-note editor. They parse and label; the services
decide."""

from decimal import Decimal

from django import forms

from core.errors import ApplicationError
from modifications.models import SecDocument
from modifications.selectors import SEC_VERSION_RULE


def style(form: forms.Form) -> None:
    """Bootstrap's classes on every widget, and the invalid state on those with an error."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            base = "form-check-input"
        elif isinstance(widget, forms.Select):
            base = "form-select"
        else:
            base = "form-control"
        invalid = " is-invalid" if form.is_bound and name in form.errors else ""
        widget.attrs["class"] = base + invalid


def add_application_error(form: forms.Form, error: ApplicationError, field_map=None) -> None:
    """Show a service's refusal next to the field it names (or at the top)."""
    field = (field_map or {}).get(error.field, error.field)
    form.add_error(field if field in form.fields else None, error.message)


class DocumentsField(forms.ModelMultipleChoiceField):
    """Documents by id; an id no database column can hold is an unknown choice, not a crash
    (Django looks every id up with `IN`, which SQLite refuses past 64 bits)."""

    def _check_values(self, value):
        for pk in value or ():
            try:
                number = int(pk)
            except (TypeError, ValueError):
                continue  # Django's own check names it
            if not -(2**63) <= number < 2**63:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)


class GoLiveForm(forms.Form):
    """The go-live: the date, the SEC version and, per document, whether it changes and the
    version it takes; every value proposed from the data and editable."""

    go_live_on = forms.DateField(
        label="Go-live date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The day the release actually went live; not before the go/no-go decision.",
    )
    sec_version = forms.DecimalField(
        label="New SEC version",
        max_digits=5,
        decimal_places=1,
        min_value=Decimal("1"),
        help_text="Greater than the version in effect; proposed: the next major version.",
    )

    also_changes = DocumentsField(
        label="Other documents this release changes",
        queryset=SecDocument.objects.none(),
        required=False,
        help_text="Documents no modification or designation names (Schedule 11 after a new "
        "DUIS, for example). Each takes the new SEC version, or a Technical Specification its "
        "next major version.",
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args, changes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.changes = list(changes)
        self.fields["also_changes"].queryset = SecDocument.objects.exclude(
            pk__in=[c.document.pk for c in self.changes]
        )
        for change in self.changes:
            pk = change.document.pk
            self.fields[f"include_{pk}"] = forms.BooleanField(
                label=f"{change.document.code} changes in this release",
                required=False,
                initial=True,
            )
            follows_sec_version = change.rule == SEC_VERSION_RULE
            self.fields[f"version_{pk}"] = forms.CharField(
                label=f"New version of {change.document.code}",
                required=False,
                max_length=16,
                # Empty means "the new SEC version", whatever the SEC version field says.
                initial="" if follows_sec_version else change.proposed_version,
                widget=forms.TextInput(
                    attrs={"placeholder": "the new SEC version"} if follows_sec_version else {}
                ),
            )

    def document_rows(self):
        """(change, include field, version field) per document, for the template's table."""
        for change in self.changes:
            pk = change.document.pk
            yield change, self[f"include_{pk}"], self[f"version_{pk}"]

    def document_versions(self) -> dict[int, str]:
        versions = {
            change.document.pk: self.cleaned_data.get(f"version_{change.document.pk}") or ""
            for change in self.changes
            if self.cleaned_data.get(f"include_{change.document.pk}")
        }
        for document in self.cleaned_data.get("also_changes") or ():
            versions[document.pk] = ""
        return versions

    def field_map(self) -> dict[str, str]:
        mapping = {f"document_{c.document.pk}": f"version_{c.document.pk}" for c in self.changes}
        # A refused extra document is shown at the field that added it.
        extra = self.cleaned_data.get("also_changes") or () if hasattr(self, "cleaned_data") else ()
        mapping.update({f"document_{d.pk}": "also_changes" for d in extra})
        return mapping


class ReleaseNoteForm(forms.Form):
    """SECAS's edit of a draft note: its texts, each item's summary, each document's flags."""

    title = forms.CharField(max_length=300)
    dated = forms.DateField(
        label="Date of the note",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Left empty, the note carries the go-live date.",
    )
    introduction = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    redlining = forms.CharField(
        label="Where can I access the redlining?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    redlining_url = forms.URLField(
        label="Link to the redlining", required=False, max_length=300, assume_scheme="https"
    )
    further_information = forms.CharField(
        label="Where can I find further information?",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, note, **kwargs):
        super().__init__(*args, **kwargs)
        self.note = note
        self.items = list(note.items.all())
        self.rows = list(note.documents.all())
        for item in self.items:
            subject = item.modification.reference if item.modification else item.designation.title
            self.fields[f"summary_{item.pk}"] = forms.CharField(
                label=f"Summary: {subject}",
                required=False,
                initial=item.summary,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        for row in self.rows:
            for flag, label in (
                ("on_codeworks", "Available on CodeWorks"),
                ("by_modification", "SEC Modification"),
                ("by_designation", "BEIS Designation"),
            ):
                self.fields[f"{flag}_{row.pk}"] = forms.BooleanField(
                    label=f"{row.document.code}: {label}",
                    required=False,
                    initial=getattr(row, flag),
                )

    def item_fields(self):
        for item in self.items:
            yield item, self[f"summary_{item.pk}"]

    def document_fields(self):
        for row in self.rows:
            yield (
                row,
                self[f"on_codeworks_{row.pk}"],
                self[f"by_modification_{row.pk}"],
                self[f"by_designation_{row.pk}"],
            )

    def item_summaries(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data[f"summary_{item.pk}"] for item in self.items}

    def document_flags(self) -> dict[int, dict[str, bool]]:
        return {
            row.pk: {
                flag: self.cleaned_data[f"{flag}_{row.pk}"]
                for flag in ("on_codeworks", "by_modification", "by_designation")
            }
            for row in self.rows
        }
