"""The interface's two languages, English at /... and Japanese at /ja/... (Django's
i18n_patterns, snsblog/urls.py), and which one a reader gets.

A reader's choice (the language links at the foot of every page, remembered in a
cookie) wins; without one, the browser's Accept-Language decides, for addresses
without a language prefix, by a redirect to the same page in that language. Search
engines, which send neither, index both: each page names its other-language
address (`hreflang`) and its own canonical one. The pages that have one address
only (the admin above all) speak the same preferred language at that address.
"""

from django.conf import settings
from django.http import HttpRequest
from django.urls import Resolver404, resolve, translate_url
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation
from django.utils.translation import get_language_from_path


def in_language(path: str, code: str) -> str:
    """The same page's address in another language; the path itself for addresses
    that have one language only (the admin, feeds of the old blog…)."""
    current = get_language_from_path(path) or settings.LANGUAGE_CODE
    with translation.override(current):
        return translate_url(path, code)


def alternates(path: str) -> list[tuple[str, str]]:
    """(language code, address) of this page in every language, this one included."""
    return [(code, in_language(path, code)) for code, _ in settings.LANGUAGES]


def preferred_language(request: HttpRequest) -> str:
    """The reader's choice (cookie), else the browser's (Accept-Language), else English."""
    return translation.get_language_from_request(request, check_path=False)


def has_one_address(path: str) -> bool:
    """Whether a page answers here outside i18n_patterns (the admin, /robots.txt,
    /language/…): one address for every language, where the reader's preference,
    not the address, picks the language. An address nothing answers is not one."""
    with translation.override(settings.LANGUAGE_CODE):
        try:
            match = resolve(path)
        except Resolver404:
            return False
    # The last pattern tried is the one that matched, outermost first.
    return not isinstance(match.tried[-1][0].pattern, LocalePrefixPattern)
