"""{% address 'articles:tag' tag.slug %}: {% url %} for links a page repeats, reversed
once per language (snsblog/addresses.py)."""

from django import template

from snsblog.addresses import address as cached_address

register = template.Library()


@register.simple_tag
def address(viewname: str, *args) -> str:
    return cached_address(viewname, *args)
