"""Search over articles: titles, bodies, tags and facts.

Each article keeps a plain-text `search_text` of everything searchable. On
PostgreSQL the search is full-text (a GIN index on its tsvector) and ranked by
ts_rank; as the 'simple' configuration cannot split Japanese into words, a
substring match is added for each term. On SQLite every term must appear as a
substring (which works for Japanese too) and results are ranked by where and how
often the terms occur.
"""

import math
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
CANDIDATES = 500
EXCERPT_CHARS = 90
VECTOR = SearchVector("search_text", config="simple")


@dataclass
class Result:
    article: Article
    score: float
    excerpt: SafeString


def terms_of(query: str) -> list[str]:
    return [term for term in re.split(r"\s+", query.strip()) if term][:MAX_TERMS]


def search(query: str) -> list[Result]:
    query = query[:MAX_QUERY_LENGTH]
    terms = terms_of(query)
    if not terms:
        return []
    articles = Article.objects.published().prefetch_related("tags")
    substring = Q()
    for term in terms:
        substring &= Q(search_text__icontains=term)
    if connection.vendor == "postgresql":
        full_text = SearchQuery(query, config="simple", search_type="websearch")
        found = (
            articles.annotate(document=VECTOR, rank=SearchRank(VECTOR, full_text))
            .filter(Q(document=full_text) | substring)
            .order_by("-rank", "-published_at")[:CANDIDATES]
        )
        results = [
            Result(a, a.rank + occurrences(a, terms) / 100, excerpt(a, terms)) for a in found
        ]
    else:
        found = articles.filter(substring).order_by("-published_at")[:CANDIDATES]
        results = [Result(a, occurrences(a, terms), excerpt(a, terms)) for a in found]
    return sorted(results, key=lambda r: (-r.score, -r.article.published_at.timestamp()))


def occurrences(article: Article, terms: list[str]) -> float:
    """A term in the title weighs most; repeats in the text add less and less."""
    title, text = article.title.lower(), article.search_text.lower()
    score = 0.0
    for term in (t.lower() for t in terms):
        score += 10 if term in title else 0
        score += math.log1p(text.count(term))
    return score


def excerpt(article: Article, terms: list[str]) -> SafeString:
    """The passage around the first match, escaped, with every term marked."""
    text = re.sub(r"\s+", " ", article.body)
    lowered = text.lower()
    positions = [lowered.find(t.lower()) for t in terms if lowered.find(t.lower()) >= 0]
    if not positions:
        text = article.excerpt or text
        start = 0
    else:
        start = max(0, min(positions) - EXCERPT_CHARS // 2)
    passage = text[start : start + 2 * EXCERPT_CHARS]
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    marked, last = [], 0
    for match in pattern.finditer(passage):
        marked.append(escape(passage[last : match.start()]))
        marked.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    marked.append(escape(passage[last:]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + 2 * EXCERPT_CHARS < len(text) else ""
    return mark_safe(prefix + "".join(marked) + suffix)


def search_text(article: Article) -> str:
    parts = [article.title, article.excerpt, article.body]
    parts += [tag.name for tag in article.tags.all()]
    for fact in article.facts.with_details():
        parts += [fact.platform.name, fact.metric.name, *fact.metric.synonym_list]
        parts += [fact.source.name, fact.statement]
        parts += [tag.name for tag in fact.tags.all()]
    return "\n".join(part for part in parts if part)


def refresh_search_text(article_ids) -> None:
    for article in Article.objects.filter(pk__in=list(article_ids)).prefetch_related("tags"):
        Article.objects.filter(pk=article.pk).update(search_text=search_text(article))
