from django import template

from releases.choices import DatePrecision

register = template.Library()


@register.filter
def milestone_date(value, precision=DatePrecision.DAY) -> str:
    """A milestone's date as the papers write it: "22 Sep 2021", or "Oct 2021" when month-only."""
    if value is None:
        return "TBC"
    if precision == DatePrecision.MONTH:
        return f"{value:%b %Y}"
    return f"{value.day} {value:%b %Y}"


@register.filter
def dictitem(mapping, key):
    """`mapping[key]`, or an empty list: `{{ row.by_kind|dictitem:kind }}`."""
    return mapping.get(key, [])
