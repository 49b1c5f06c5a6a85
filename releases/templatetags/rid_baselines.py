"""`{% rid_baselines_context as rid %}`: what the draft RID page's baselines section shows, so the
page's own view need not know about baselining (one query for the versions)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def rid_baselines_context(context):
    from releases.views.rid_baselines import baselines_panel_context

    return baselines_panel_context(context["request"], context["release"])
