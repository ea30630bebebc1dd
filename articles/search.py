"""Search over articles: what a reader sees of them, their tags and facts.

Each article keeps `search_text`: the text a reader sees (the rendered, sanitised
body without its tags, entities decoded; the title and excerpt as plain text), its
tags and facts and, with SEARCH_INCLUDES_COMMENTS, its approved comments, all
normalised with NFKC so that full-width and half-width forms meet. The query is
normalised the same way.

- PostgreSQL: each word is matched through two tsvectors of search_text, stored in
  generated columns with GIN indexes (migration 0010; not model fields): 'english'
  (stemmed: "galleries" finds "gallery") and 'simple' (names, any language); text
  in scripts without spaces (Japanese, Chinese, Korean) is matched as a substring,
  through a pg_trgm index when the term has three characters or more. The newest
  CANDIDATES matches are ranked by where and how often terms occur.
- SQLite: two FTS5 tables (migration 0005, kept by store_search_text in
  articles/models/search_text.py): words through the Porter stemmer, and text in
  spaceless scripts through the trigram tokenizer (substrings of three or more
  characters). Shorter terms in those scripts, and builds of SQLite without FTS5
  or trigram, fall back to a substring scan.
"""

import math
import re
from dataclasses import dataclass
from functools import cache, cached_property

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.models import CJK, Article
from articles.models.search_text import GRAMS_TABLE, WORDS_TABLE, fts_tables, normalise

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
CANDIDATES = 500
EXCERPT_CHARS = 90
ARTICLES_TABLE = Article._meta.db_table
# Suffixes dropped to find a stemmed term's other forms in an excerpt.
SUFFIXES = re.compile(r"(?:ies|es|s|ing|ed|ly)$")


@dataclass
class Result:
    article: Article
    score: float
    terms: list[str]

    @cached_property
    def excerpt(self) -> SafeString:
        """Made only for the results a page shows."""
        return excerpt(self.article, self.terms)


def terms_of(query: str) -> list[str]:
    """The query's words, normalised, without characters that only mean syntax."""
    words = re.split(r"\s+", normalise(query).strip())
    terms = [re.sub(r"[^\w\-']", "", word) for word in words]
    return [term for term in terms if re.search(r"\w", term)][:MAX_TERMS]


def search(query: str) -> list[Result]:
    terms = terms_of(query[:MAX_QUERY_LENGTH])
    if not terms:
        return []
    # Only what ranking needs; the page loads the rest for the results it shows.
    articles = Article.objects.published().only(
        "title", "slug", "published_at", "search_text", "author_id", "status"
    )
    if connection.vendor == "postgresql":
        found = postgresql_matches(articles, terms)
    else:
        found = sqlite_matches(articles, terms)
    results = [Result(a, occurrences(a, terms), terms) for a in found]
    return sorted(results, key=lambda r: (-r.score, -r.article.published_at.timestamp()))


def postgresql_matches(articles, terms: list[str]):
    """Matches through the stored vectors and the trigram index (migration 0010), newest
    first, at most CANDIDATES of them; they are ranked afterwards like SQLite's. The
    vectors are columns, so testing a row against a further term reads its vector
    instead of parsing its text again, and the planner has statistics to choose
    between the GIN indexes (rare terms) and walking published_at backwards until
    CANDIDATES rows match (common ones)."""
    conditions = []
    for term in terms:
        if CJK.search(term):
            # LIKE can use the trigram index too, and is cheaper where case cannot differ.
            like = "ILIKE" if term.lower() != term.upper() else "LIKE"
            sql = f"{ARTICLES_TABLE}.search_text {like} %s"
            conditions.append(RawSQL(sql, ["%" + like_escape(term) + "%"], BooleanField()))
        else:
            sql = (
                f"({ARTICLES_TABLE}.search_english @@ plainto_tsquery('english', %s)"
                f" OR {ARTICLES_TABLE}.search_simple @@ plainto_tsquery('simple', %s))"
            )
            conditions.append(RawSQL(sql, [term, term], BooleanField()))
    return articles.filter(*conditions).order_by("-published_at")[:CANDIDATES]


def like_escape(term: str) -> str:
    """The term as a LIKE pattern that matches only itself."""
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def fts_phrase(term: str) -> str:
    """A term as one FTS5 string: quoted, so no character of it is query syntax."""
    return '"' + term.replace('"', '""') + '"'


def sqlite_matches(articles, terms: list[str]):
    tables = fts_tables()
    condition = Q()
    for term in terms:
        if CJK.search(term):
            table = GRAMS_TABLE if GRAMS_TABLE in tables and len(term) >= 3 else None
        else:
            table = WORDS_TABLE if WORDS_TABLE in tables else None
        if table is None:
            condition &= Q(search_text__icontains=term)
        else:
            sql = f"SELECT rowid FROM {table} WHERE {table} MATCH %s"
            condition &= Q(pk__in=RawSQL(sql, [fts_phrase(term)]))
    return articles.filter(condition).order_by("-published_at")[:CANDIDATES]


def occurrences(article: Article, terms: list[str]) -> float:
    """A term in the title weighs most; repeats in the text add less and less."""
    title, text = normalise(article.title).lower(), article.search_text.lower()
    score = 0.0
    for term in (t.lower() for t in terms):
        stem = SUFFIXES.sub("", term) if not CJK.search(term) else term
        stem = stem if len(stem) >= 3 else term
        score += 10 if stem in title else 0
        score += math.log1p(text.count(stem))
    return score


@cache
def term_pattern(term: str) -> re.Pattern:
    """The term, or (for words) any word that shares its stem."""
    options = [re.escape(term)]
    stem = SUFFIXES.sub("", term)
    if not CJK.search(term) and len(stem) >= 3 and stem != term:
        options.append(re.escape(stem) + r"\w*")
    return re.compile("|".join(options), re.IGNORECASE)


def excerpt(article: Article, terms: list[str]) -> SafeString:
    """The passage around the first match, escaped once, with every match marked. The
    passage is taken from one line of the text (a paragraph of the body, the tags, one
    fact), so it never runs the body into the facts, and starts and ends on whole
    words."""
    lines = article.search_text.split("\n")
    lines = [line for line in lines[1:] or lines if line.strip()] or [""]
    pattern = re.compile("|".join(term_pattern(t.lower()).pattern for t in terms), re.IGNORECASE)
    line, first = next(
        ((line, match) for line in lines if (match := pattern.search(line))), (lines[0], None)
    )
    start = max(0, first.start() - EXCERPT_CHARS // 2) if first else 0
    end = min(len(line), start + 2 * EXCERPT_CHARS)
    start, end = word_start(line, start), word_end(line, end)
    passage = line[start:end]
    marked, last = [], 0
    for match in pattern.finditer(passage):
        marked.append(escape(passage[last : match.start()]))
        marked.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    marked.append(escape(passage[last:]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(line) else ""
    return mark_safe(prefix + "".join(marked).strip() + suffix)


def word_start(line: str, start: int) -> int:
    """Forward from inside a word to its end, unless the word is in a spaceless script
    or longer than a dozen characters."""
    if start == 0 or not line[start - 1].isalnum() or CJK.search(line[start - 1]):
        return start
    space = line.find(" ", start, start + 12)
    return space + 1 if space != -1 else start


def word_end(line: str, end: int) -> int:
    """Back from inside a word to its start, on the same terms."""
    if end >= len(line) or not line[end].isalnum() or CJK.search(line[end]):
        return end
    space = line.rfind(" ", end - 12, end)
    return space if space != -1 else end
