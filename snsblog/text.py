"""Text from readers and editors made safe for the places that cannot take everything:
XML feeds, email headers, and names shown to other readers; what readers write in
any form (a comment, a correction's note) as it is stored, and its links counted."""

import html
import re
from html.parser import HTMLParser

# Not allowed in XML 1.0 (C0 controls other than tab, newline and carriage return,
# lone surrogates, U+FFFE and U+FFFF), and C1 controls, which are invisible.
XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# C0 and C1 control characters.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Bidi overrides, embeddings, isolates and marks, and zero-width characters: they
# can make a name read as something else (U+202E turns the rest of it around).
INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b-\u200d\u2060\ufeff]")
# Whitespace and control characters, in any run: each run becomes one space.
SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f-\x9f]+")

HEADER_NAME_LENGTH = 60

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


def normalize_reader_text(text: str) -> str:
    """A reader's text as stored and shown: Unix newlines, no trailing spaces, one
    blank line at most."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = CONTROL_CHARACTERS.sub("", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def count_links(text: str) -> int:
    return len(LINK.findall(text))


def xml_safe(text: str) -> str:
    return XML_UNSAFE.sub("", text)


def clean_name(name: str) -> str:
    """A name on one line: no control or invisible characters, single spaces."""
    name = INVISIBLE.sub("", name)
    # Whitespace-like controls (tab, newlines, vertical tab...) separate words.
    name = re.sub(r"[\t\n\v\f\r\x1c-\x1f\x85]", " ", name)
    name = CONTROL.sub("", name)
    return SPACE_OR_CONTROL.sub(" ", name).strip()


def header_safe(text: str, limit: int = HEADER_NAME_LENGTH) -> str:
    """Text for an email header: one line, no control or invisible characters,
    at most `limit` characters."""
    text = SPACE_OR_CONTROL.sub(" ", INVISIBLE.sub("", text)).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


class _TextExtractor(HTMLParser):
    """The text of an HTML fragment as a reader sees it: no tags, no comments, no
    script or style, entities decoded, blocks on lines of their own."""

    BLOCKS = {
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td",
        "th", "table", "blockquote", "pre", "figure", "figcaption", "hr", "section", "article",
    }  # fmt: skip
    HIDDEN = {"script", "style", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Readable text of an HTML fragment: paragraphs on their own lines, runs of spaces
    within a line collapsed."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    lines = (" ".join(line.split()) for line in "".join(extractor.parts).splitlines())
    return "\n".join(line for line in lines if line)


# Inline HTML elements that imported titles and excerpts carry (WordPress: "Title
# <em>With</em> Markup"). Anything else that looks like a tag is an editor's text.
INLINE_TAG = re.compile(
    r"</?(?:a|abbr|b|bdi|bdo|big|br|cite|code|del|dfn|em|font|i|ins|kbd|mark|q|s|samp|small"
    r"|span|strike|strong|sub|sup|time|tt|u|var|wbr)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)


def plain_text(text: str) -> str:
    """A title or excerpt as plain text, on one line: inline HTML tags dropped and
    entities decoded, as a reader would read them."""
    return " ".join(html.unescape(INLINE_TAG.sub("", text)).split())
