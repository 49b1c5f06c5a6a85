from django import template

from costs.views import may_read_costs

register = template.Library()


@register.filter
def reads_costs_of(user, release) -> bool:
    """`{% if user|reads_costs_of:release %}`: by role, or by a grant for this one release."""
    return hasattr(user, "has_perm") and may_read_costs(user, release)
