"""Why a comment has its status: the sentences stored in `Comment.moderation_reason`.

A reason is stored in English, the site's own language, as it is written when the
comment is saved (by the moderation rules, an importer, an erasure); an editor reads it
in the admin's language. `in_active_language` recognises each sentence of this module,
with its values, and words it again from the catalogue; anything else (an older or
hand-written reason) is shown as it was stored.
"""

import re

from django.utils.translation import gettext, gettext_noop

HONEYPOT = gettext_noop("Filled in the hidden field that only robots see.")
BLOCKLIST = gettext_noop("Matches the blocklist entry “%(entry)s”.")
TOO_MANY_LINKS = gettext_noop("Has %(links)s links (more than %(limit)s).")
EVERY_COMMENT = gettext_noop("Every comment is moderated.")
FIRST_COMMENT = gettext_noop("First comment under this name and email address.")
FROM_WORDPRESS = gettext_noop("Imported from WordPress.")
FROM_DISQUS = gettext_noop("Imported from Disqus.")
ERASED = gettext_noop("Erased at the author's request.")

SENTENCES = [
    HONEYPOT, BLOCKLIST, TOO_MANY_LINKS, EVERY_COMMENT, FIRST_COMMENT, FROM_WORDPRESS,
    FROM_DISQUS, ERASED,
]  # fmt: skip


def stored(sentence: str, **values: object) -> str:
    """The reason to store: the English sentence with its values filled in."""
    return sentence % values if values else sentence


def _pattern(sentence: str) -> re.Pattern[str]:
    return re.compile(re.sub(r"%\\\((\w+)\\\)s", r"(?P<\1>.*)", re.escape(sentence)), re.S)


PATTERNS = [(sentence, _pattern(sentence)) for sentence in SENTENCES]


def in_active_language(reason: str) -> str:
    """A stored reason in the active language."""
    for sentence, pattern in PATTERNS:
        if match := pattern.fullmatch(reason):
            values = match.groupdict()
            return gettext(sentence) % values if values else gettext(sentence)
    return reason
