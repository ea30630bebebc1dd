"""What the WordPress, Disqus and plain-text importers share: the summary they end
with, slugs, account names, and the comments they read, as records (comments/importers.py
saves them)."""

import datetime
import html
import ipaddress
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection

from articles.models import Article

SLUG_LENGTH = Article._meta.get_field("slug").max_length
LOGIN_CHARACTERS = re.compile(r"[^\w.@+-]")


@dataclass
class Summary:
    """Counts per kind of record and outcome, and one line per item worth naming."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, kind: str, outcome: str, number: int = 1) -> None:
        outcomes = self.counts.setdefault(kind, {})
        outcomes[outcome] = outcomes.get(outcome, 0) + number

    def count(self, kind: str, outcome: str) -> int:
        return self.counts.get(kind, {}).get(outcome, 0)

    def note(self, line: str) -> None:
        self.notes.append(line)

    def lines(self) -> list[str]:
        lines = []
        for kind, outcomes in self.counts.items():
            parts = ", ".join(f"{outcome} {number}" for outcome, number in outcomes.items())
            lines.append(f"  {kind}: {parts}")
        return (lines or ["  nothing"]) + [f"  - {note}" for note in self.notes]


def unique_slug(candidates: list[str], fallback: str, article_pk: int | None) -> str:
    """The first usable candidate, made unique with -2, -3… when another article has it."""
    base = next((slug for slug in candidates if slug), fallback)
    others = Article.objects.exclude(pk=article_pk) if article_pk else Article.objects.all()
    slug, number = base, 1
    while others.filter(slug=slug).exists():
        number += 1
        suffix = f"-{number}"
        slug = base[: SLUG_LENGTH - len(suffix)] + suffix
    return slug


def normalise_login(login: str) -> str:
    """A WordPress login as a valid account name here: NFKC, lower case, only the
    characters Django allows (letters, digits, @ . + - _)."""
    login = unicodedata.normalize("NFKC", login).strip().lower()
    return LOGIN_CHARACTERS.sub("", login)[:150]


def author_account(login: str, display_name: str, first_name: str, last_name: str):
    """The account an imported article is credited to, made without a password and
    inactive when missing. The public name is the display name, else first and last
    name, else the login."""
    username = normalise_login(login)
    if not username:
        return None, False
    users = get_user_model()
    user = users.objects.filter(username=username).first()
    if user is not None:
        return user, False
    if display_name.strip():
        first, last = display_name.strip(), ""
    elif first_name.strip() or last_name.strip():
        first, last = first_name.strip(), last_name.strip()
    else:
        first, last = login.strip(), ""
    user = users(username=username, first_name=first[:150], last_name=last[:150], is_active=False)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    return user, True


def at_utc(
    utc: datetime.datetime | None,
    local: datetime.datetime | None,
    offset: datetime.timedelta | None,
) -> datetime.datetime | None:
    """A GMT date if there is one, else the local date read in the export's offset
    (or the site's time zone when the export does not tell)."""
    if utc is not None:
        return utc.replace(tzinfo=datetime.UTC)
    if local is None:
        return None
    if offset is not None:
        return (local - offset).replace(tzinfo=datetime.UTC)
    from zoneinfo import ZoneInfo

    return local.replace(tzinfo=ZoneInfo(settings.TIME_ZONE)).astimezone(datetime.UTC)


class PlainText(HTMLParser):
    """HTML as a commenter's plain text: paragraphs and line breaks kept, a link
    written as its text and its address, every other tag dropped."""

    BREAKS = {"br": "\n"}
    BLOCKS = {"p", "div", "blockquote", "pre", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[tuple[str, int]] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")
        elif tag == "a":
            self.links.append((dict(attrs).get("href") or "", len(self.parts)))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self.parts.append("\n\n")
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            label = "".join(self.parts[start:]).strip()
            if href.startswith(("http://", "https://")) and href.rstrip("/") != label.rstrip("/"):
                # Spaces around it, so the address is found as a link whatever follows.
                self.parts.append(f" ({href}) " if label else f" {href} ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(value: str) -> str:
    parser = PlainText()
    parser.feed(re.sub(r"<br\s*/?>[ \t]*\n", "<br>", value.replace("\r\n", "\n")))
    parser.close()
    text = "".join(parser.parts)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return html.unescape(re.sub(r"\n{3,}", "\n\n", text)).strip()


def valid_or_empty(value: str, validator) -> str:
    try:
        validator(value)
    except ValidationError:
        return ""
    return value


def valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


@dataclass
class ImportedComment:
    source: str
    id: str
    author: str
    email: str
    url: str
    ip: str
    body: str
    approved: bool
    created_at: datetime.datetime | None
    reason: str


def refresh_planner_statistics(*models: type) -> None:
    """After a large import, PostgreSQL's planner still plans for the tables as its
    autovacuum last saw them (empty, on a new site): a page's joins over thousands of
    new rows, such as an article's related articles, can then take minutes until the
    next autoanalyze. ANALYZE the tables the import filled, at once; inside the
    import's transaction it sees the new rows. Other databases need nothing."""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")
