"""Reading a Disqus XML export: its elements, dates, and the article a thread was on."""

import datetime
import re
from urllib.parse import parse_qs, urlsplit
from xml.etree.ElementTree import Element

from articles.models import Article
from articles.models.redirects import decode_slug

DISQUS = "{http://disqus.com}"
INTERNALS = "{http://disqus.com/disqus-internals}id"
WORDPRESS_IDENTIFIER = re.compile(r"^(\d+) ")


def child(element: Element, path: str) -> str:
    found = element.find("/".join(DISQUS + part for part in path.split("/")))
    return (found.text or "").strip() if found is not None else ""


def parse_date(value: str) -> datetime.datetime | None:
    try:
        parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.UTC)


def find_article(link: str, identifier: str) -> Article | None:
    """The article a thread was on, from its URL or its identifier."""
    articles = Article.objects.all()
    wordpress_id = WORDPRESS_IDENTIFIER.match(identifier + " ")
    if wordpress_id is not None:
        found = articles.filter(wordpress_id=int(wordpress_id.group(1))).first()
        if found is not None:
            return found
    url = urlsplit(link)
    p = parse_qs(url.query).get("p", [""])[0]
    if p.isdigit():
        found = articles.filter(wordpress_id=int(p)).first()
        if found is not None:
            return found
    segments = [s for s in url.path.split("/") if s]
    for candidate in ([segments[-1]] if segments else []) + [identifier]:
        slug = decode_slug(candidate)
        found = articles.filter(slug=slug).first() if slug else None
        if found is not None:
            return found
    return None
