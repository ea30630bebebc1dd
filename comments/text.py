"""Readers write plain text: paragraphs and line breaks kept, links made, the rest escaped."""

import re

from django.utils.html import urlize

PARAGRAPH_BREAK = re.compile(r"\n{2,}")
# Control characters other than tab and newline: invisible, and not allowed in XML feeds.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# A link however it is written: with a scheme, starting with www., or a bare domain
# ("buy-pills.com", "x.example/path"), also between Japanese words; not an email.
LINK = re.compile(
    r"(?<![@a-z0-9.-])(?:"
    r"[a-z][a-z0-9+.-]*://[^\s<>\"]+"
    r"|www\.[^\s<>\"]+"
    r"|(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}(?![a-z0-9-])(?:[/:?#][^\s<>\"]*)?"
    r")",
    re.IGNORECASE,
)


def normalize_comment_text(text: str) -> str:
    """Text as stored and shown: Unix newlines, no trailing spaces, one blank line at most."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = CONTROL_CHARACTERS.sub("", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def render_comment_text(text: str) -> str:
    paragraphs = PARAGRAPH_BREAK.split(normalize_comment_text(text))
    html = []
    for paragraph in paragraphs:
        linked = urlize(paragraph, nofollow=True, autoescape=True)
        linked = linked.replace('rel="nofollow"', 'rel="nofollow ugc"')
        html.append("<p>" + linked.replace("\n", "<br>") + "</p>")
    return "\n".join(html)


def count_links(text: str) -> int:
    return len(LINK.findall(text))
