import django_filters


class StrictFilterSet(django_filters.FilterSet):
    """A filter given a value it cannot use is a 400 naming it, not silently ignored.

    django-filter skips an empty value, takes the last of a repeated one and reads "null" as
    "any" for a boolean: an API client would get every row and think it had filtered them.
    """

    BOOLEAN_VALUES = {"true", "false"}

    def is_valid(self):
        valid = super().is_valid()
        for name, message in self._strict_errors():
            if name in self.form.fields:
                self.form.add_error(name, message)
            valid = False
        return valid

    def _strict_errors(self):
        for name, filter_ in self.filters.items():
            values = self.data.getlist(name) if hasattr(self.data, "getlist") else []
            if not values:
                continue
            is_text = type(filter_) is django_filters.CharFilter
            if any(value == "" for value in values) and not is_text:
                yield name, f"{name} is empty: give a value or leave the filter out."
            elif len(values) > 1 and not isinstance(filter_, django_filters.MultipleChoiceFilter):
                yield name, f"{name} takes one value."
            elif isinstance(filter_, django_filters.BooleanFilter) and (
                values[0] not in self.BOOLEAN_VALUES
            ):
                yield name, f"{name} is true or false."
