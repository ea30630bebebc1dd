"""Reading a WordPress export (WXR 1.0, 1.1 or 1.2) into plain records.

WordPress has written its export namespace as `http://wordpress.org/export/1.0/`,
`…/1.1/`, `…/1.2/` and, in some tools, `https://…`; files mix them. Every one of
them is read as the same `wp:` namespace; any other namespace (a plugin's, or one
that merely reuses the `wp` prefix) is not WordPress's and is ignored.
"""

import datetime
import email.utils
import html
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, parse

WP_NAMESPACE = re.compile(r"^\{https?://wordpress\.org/export/1\.[0-9]+/\}")
EXCERPT_NAMESPACE = re.compile(r"^\{https?://wordpress\.org/export/1\.[0-9]+/excerpt/\}")
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DC = "{http://purl.org/dc/elements/1.1/}"
WP = "{wp}"
EXCERPT = "{excerpt}"
TAG_DOMAINS = {"category", "post_tag", None}


class UnreadableExport(Exception):
    """The file is not a WordPress export that can be read at all."""


@dataclass
class WxrAuthor:
    login: str
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""


@dataclass
class WxrComment:
    id: str
    parent_id: str
    author: str
    email: str
    url: str
    ip: str
    date: str
    date_gmt: str
    content: str
    approved: str
    type: str


@dataclass
class WxrTerm:
    """A category or tag the export declares, for its archive addresses."""

    kind: str  # "category" or "tag"
    term_id: str
    slug: str
    name: str
    parent: str = ""  # the parent category's slug


@dataclass
class WxrItem:
    id: str
    title: str
    link: str
    guid: str
    kind: str
    status: str
    password: str
    slug: str
    date: str
    date_gmt: str
    pub_date: str
    creator: str
    content: str
    excerpt: str
    parent_id: str
    attachment_url: str
    comment_status: str
    tags: list[str] = field(default_factory=list)
    # Each category and tag the item names, as (domain, slug, name).
    terms: list[tuple[str, str, str]] = field(default_factory=list)
    comments: list[WxrComment] = field(default_factory=list)


@dataclass
class WxrExport:
    authors: dict[str, WxrAuthor]
    items: list[WxrItem]
    terms: list[WxrTerm]
    # The export's own offset from UTC, from posts that carry both dates; None when
    # no post tells.
    utc_offset: datetime.timedelta | None
    # Control characters XML forbids, removed from the file before it was read.
    removed_controls: int = 0


def normalise_namespaces(root: Element) -> None:
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith("{"):
            element.tag = EXCERPT_NAMESPACE.sub(EXCERPT, element.tag)
            element.tag = WP_NAMESPACE.sub(WP, element.tag)


def text(element: Element | None, tag: str) -> str:
    if element is None:
        return ""
    found = element.find(tag)
    return (found.text or "") if found is not None else ""


def wp(element: Element, name: str) -> str:
    return text(element, WP + name).strip()


def read_comment(element: Element) -> WxrComment:
    return WxrComment(
        id=wp(element, "comment_id"),
        parent_id=wp(element, "comment_parent"),
        author=wp(element, "comment_author"),
        email=wp(element, "comment_author_email"),
        url=wp(element, "comment_author_url"),
        ip=wp(element, "comment_author_IP"),
        date=wp(element, "comment_date"),
        date_gmt=wp(element, "comment_date_gmt"),
        content=text(element, WP + "comment_content"),
        approved=wp(element, "comment_approved"),
        type=wp(element, "comment_type"),
    )


def read_item(element: Element) -> WxrItem:
    tags = []
    terms = []
    for category in element.findall("category"):
        name = html.unescape((category.text or "").strip())
        if name and category.get("domain") in TAG_DOMAINS and name not in tags:
            tags.append(name)
        if name and category.get("nicename") and category.get("domain") in TAG_DOMAINS:
            terms.append((category.get("domain") or "category", category.get("nicename"), name))
    return WxrItem(
        id=wp(element, "post_id"),
        title=html.unescape(text(element, "title").strip()),
        link=text(element, "link").strip(),
        guid=text(element, "guid").strip(),
        kind=wp(element, "post_type"),
        status=wp(element, "status"),
        password=wp(element, "post_password"),
        slug=wp(element, "post_name"),
        date=wp(element, "post_date"),
        date_gmt=wp(element, "post_date_gmt"),
        pub_date=text(element, "pubDate").strip(),
        creator=text(element, DC + "creator").strip(),
        content=text(element, CONTENT + "encoded"),
        excerpt=text(element, EXCERPT + "encoded"),
        parent_id=wp(element, "post_parent"),
        attachment_url=wp(element, "attachment_url"),
        comment_status=wp(element, "comment_status"),
        tags=tags,
        terms=terms,
        comments=[read_comment(c) for c in element.findall(WP + "comment")],
    )


def read_author(element: Element) -> WxrAuthor:
    return WxrAuthor(
        login=wp(element, "author_login"),
        display_name=wp(element, "author_display_name"),
        first_name=wp(element, "author_first_name"),
        last_name=wp(element, "author_last_name"),
    )


def read_terms(channel: Element) -> list[WxrTerm]:
    terms = [
        WxrTerm(
            kind="category",
            term_id=wp(element, "term_id"),
            slug=wp(element, "category_nicename"),
            name=html.unescape(wp(element, "cat_name")),
            parent=wp(element, "category_parent"),
        )
        for element in channel.findall(WP + "category")
    ]
    terms += [
        WxrTerm(
            kind="tag",
            term_id=wp(element, "term_id"),
            slug=wp(element, "tag_slug"),
            name=html.unescape(wp(element, "tag_name")),
        )
        for element in channel.findall(WP + "tag")
    ]
    return [term for term in terms if term.slug and term.name]


def parse_date(value: str) -> datetime.datetime | None:
    """A WordPress date ("2012-12-01 09:30:00"), naive; None for the empty
    "0000-00-00 00:00:00" WordPress writes for drafts, or anything unreadable."""
    value = value.strip()
    if not value or value.startswith("0000"):
        return None
    try:
        return datetime.datetime.fromisoformat(value).replace(tzinfo=None)
    except ValueError:
        return None


def parse_pub_date(value: str) -> datetime.datetime | None:
    """RSS's pubDate, which WordPress writes in GMT, as a naive GMT date; None for
    the "-0001" year it writes for drafts."""
    if "-0001" in value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed is None or parsed.year < 1971:
        return None
    return parsed.astimezone(datetime.UTC).replace(tzinfo=None) if parsed.tzinfo else parsed


def export_offset(items: list[WxrItem]) -> datetime.timedelta | None:
    """The most common difference between local and GMT dates in the file."""
    offsets = Counter()
    for item in items:
        local, utc = parse_date(item.date), parse_date(item.date_gmt)
        if local is not None and utc is not None:
            offsets[local - utc] += 1
    return offsets.most_common(1)[0][0] if offsets else None


# C0 control characters XML 1.0 forbids (all but tab, newline and carriage return).
# WordPress lets them into posts and writes them out unescaped, which leaves an export
# no XML parser reads; as bytes they never occur inside a UTF-8 sequence.
FORBIDDEN_CONTROLS = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def read_export(path: Path) -> WxrExport:
    try:
        data, removed = FORBIDDEN_CONTROLS.subn(b"", path.read_bytes())
        root = parse(io.BytesIO(data)).getroot()
    except (OSError, ParseError, DefusedXmlException, ValueError) as error:
        raise UnreadableExport(f"Cannot read {path} as a WordPress export: {error}") from error
    channel = root.find("channel")
    if channel is None:
        raise UnreadableExport(f"{path} is not a WordPress export (no <channel>).")
    normalise_namespaces(channel)
    authors = {}
    for element in channel.findall(WP + "author"):
        author = read_author(element)
        if author.login:
            authors.setdefault(author.login, author)
    items = [read_item(element) for element in channel.findall("item")]
    return WxrExport(
        authors=authors,
        items=items,
        terms=read_terms(channel),
        utc_offset=export_offset(items),
        removed_controls=removed,
    )
