"""Readers write plain text: paragraphs and line breaks kept, links made, the rest escaped."""

import re

from django.utils.html import urlize

from snsblog.text import normalize_reader_text

PARAGRAPH_BREAK = re.compile(r"\n{2,}")


def render_comment_text(text: str) -> str:
    paragraphs = PARAGRAPH_BREAK.split(normalize_reader_text(text))
    html = []
    for paragraph in paragraphs:
        linked = urlize(paragraph, nofollow=True, autoescape=True)
        linked = linked.replace('rel="nofollow"', 'rel="nofollow ugc"')
        html.append("<p>" + linked.replace("\n", "<br>") + "</p>")
    return "\n".join(html)
