"""What every form of the product shares: Bootstrap classes and errors a screen reader links."""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe

from core.errors import ApplicationError


class FastSelect(forms.Select):
    """A `<select>` rendered in Python.

    Django renders each `<option>` through two templates; the register's filter form has 80
    options and spent more time on them than on its 50-row table. Same markup, no optgroups.
    Escaped with the standard library's `escape` (what Django's calls, without its lazy-string
    checks: labels are made strings first).
    """

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        if self.is_required:
            final["required"] = True
        selected = {str(v) for v in (value if isinstance(value, list | tuple) else [value])}
        selected.discard("None")
        options = []
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):  # an optgroup: not used here
                raise NotImplementedError("FastSelect does not render optgroups")
            option_value = "" if option_value is None else str(option_value)
            mark = " selected" if option_value in selected else ""
            options.append(
                f'<option value="{escape(option_value)}"{mark}>{escape(str(label))}</option>'
            )
            if mark:
                selected = set()  # a single select selects one
        return mark_safe(f"<select{flatatt(final)}>{''.join(options)}</select>")


class FastTextInput(forms.TextInput):
    """A text `<input>` rendered in Python: Django renders it through two templates, which on
    the register (its search box, on every page) cost more than the rest of the form. A `type`
    in its attrs (`search`) is its type, written once (Django's template wrote both)."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        input_type = final.pop("type", self.input_type)
        value = self.format_value(value)
        shown = "" if value is None else f' value="{escape(str(value))}"'
        return mark_safe(
            f'<input type="{escape(input_type)}" name="{escape(name)}"{shown}{flatatt(final)}>'
        )


class AccessibleFormMixin:
    """Give each widget its Bootstrap class, and tie each error to its field.

    After validation a field in error carries `aria-invalid="true"` and `aria-describedby` naming
    its error message (`<id>_error`, rendered by `includes/field.html`), so a screen reader reads
    the message with the field.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if type(field.widget) is forms.Select:
                fast = FastSelect(attrs=field.widget.attrs, choices=field.widget.choices)
                fast.is_required = field.widget.is_required
                field.widget = fast
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                css = ""
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            if css:
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        self._describe_errors()

    def _describe_errors(self):
        for name in self.errors:
            if name not in self.fields:
                continue
            bound = self[name]
            widget = self.fields[name].widget
            described = widget.attrs.get("aria-describedby", "")
            if not described and self.fields[name].help_text:
                described = f"{bound.auto_id}_helptext"
            error_id = f"{bound.auto_id}_error"
            if error_id not in described.split():
                widget.attrs["aria-describedby"] = f"{error_id} {described}".strip()
            widget.attrs["aria-invalid"] = "true"

    def add_application_error(self, error: ApplicationError) -> None:
        """Show a service's refusal next to the field it names (at the top when it names none)."""
        # A hidden field (the version of a stale edit) has nowhere to show: the top it is.
        shown = error.field in self.fields and not self.fields[error.field].widget.is_hidden
        field = error.field if shown else None
        self.add_error(field, error.message)
        self._describe_errors()


class VersionField(forms.IntegerField):
    """The version of the row the form was opened on: a stale one is refused (optimistic lock)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 1)
        super().__init__(**kwargs)
