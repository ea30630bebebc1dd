"""Addresses of named URLs, reversed once for each language.

A page links the same few platforms, metrics and tags many times (each row of a facts
table links its platform, metric, tags and correction form), and `reverse()` works
each one out again: about a hundred times in an article's cold render. An address
depends only on the URL's name and arguments, the language (the /ja/ prefix), the
script prefix and the URLconf, so it is kept under exactly that key.
"""

from functools import lru_cache

from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


@lru_cache(maxsize=4096)
def _reversed(resolver, script_prefix: str, language: str, viewname: str, args: tuple) -> str:
    # The resolver is part of the key: a changed ROOT_URLCONF (tests) gives a new one.
    return reverse(viewname, urlconf=resolver.urlconf_name, args=args)


def address(viewname: str, *args) -> str:
    """reverse(viewname, args=args), reversed once per language and URLconf."""
    resolver = get_resolver(get_urlconf())
    return _reversed(resolver, get_script_prefix(), get_language(), viewname, args)
