"""{% facts_table %}: the facts table (templates/articles/facts_table.jinja), from any
Django template that has `facts` and `caption`, and optionally `hide_platform`,
`hide_metric` and `show_article`, in its context."""

from django import template
from django.template import engines
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from snsblog.addresses import address

register = template.Library()


def fact_history(fact) -> SafeString:
    """A fact's corrections, folded under the date of the last one (few facts have any)."""
    return mark_safe(render_to_string("articles/_fact_history.html", {"fact": fact}))


@register.simple_tag(takes_context=True)
def facts_table(context) -> SafeString:
    table = engines["jinja2"].get_template("articles/facts_table.jinja")
    names = ("facts", "caption", "hide_platform", "hide_metric", "show_article")
    values = {name: context.get(name) for name in names}
    return mark_safe(table.render({**values, "address": address, "fact_history": fact_history}))
