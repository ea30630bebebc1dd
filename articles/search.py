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
- SQLite: two FTS5 tables (migration 0005, kept by store_search_text): words
  through the Porter stemmer, and text in spaceless scripts through the trigram
  tokenizer (substrings of three or more characters). Shorter terms in those
  scripts, and builds of SQLite without FTS5 or trigram, fall back to a substring
  scan.
"""

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property

from django.conf import settings
from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.models import CJK, Article
from snsblog.text import html_to_text, plain_text

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
CANDIDATES = 500
EXCERPT_CHARS = 90
ARTICLES_TABLE = Article._meta.db_table
WORDS_TABLE = "articles_search_words"
GRAMS_TABLE = "articles_search_grams"
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


def normalise(text: str) -> str:
    """NFKC: full-width Latin letters and digits become ASCII, half-width katakana
    full-width, compatibility characters their plain forms."""
    return unicodedata.normalize("NFKC", text)


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


def fts_tables(using=None) -> frozenset[str]:
    """The FTS5 tables this SQLite database has: none when its SQLite lacks FTS5,
    no trigram table when it lacks the trigram tokenizer (before 3.34)."""
    using = using if using is not None else connection
    with using.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (%s, %s)",
            [WORDS_TABLE, GRAMS_TABLE],
        )
        return frozenset(row[0] for row in cursor.fetchall())


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


def search_text(article: Article) -> str:
    """Everything searchable about an article, as a reader sees it, a line per passage:
    the title first (excerpts skip it), the excerpt, the body's paragraphs, the tags,
    then each fact on a line of its own with its sentence on the next."""
    parts = [plain_text(article.title), plain_text(article.excerpt)]
    parts.append(html_to_text(article.body_html))
    parts.append(", ".join(tag.name for tag in article.tags.all()))
    for fact in article.facts.with_details():
        synonyms = ", ".join(fact.metric.synonym_list)
        metric = f"{fact.metric.name} ({synonyms})" if synonyms else fact.metric.name
        source = ": ".join(part for part in (fact.source.name, fact.source.title) if part)
        tags = ", ".join(tag.name for tag in fact.tags.all())
        line = f"{fact.platform.name}, {metric}: {fact.display_value}, {fact.display_as_of}."
        parts.append(
            " ".join(part for part in (line, f"{source}." if source else "", tags) if part)
        )
        parts.append(fact.statement)
    if settings.SEARCH_INCLUDES_COMMENTS:
        comments = article.comments.public().values_list("body", flat=True)
        parts += [" ".join(plain_text(body).split()) for body in comments]
    return normalise("\n".join(part for part in parts if part))


def refresh_search_text(article_ids) -> None:
    for article in Article.objects.filter(pk__in=list(article_ids)).prefetch_related("tags"):
        store_search_text(article.pk, search_text(article))


def store_search_text(article_id: int, text: str, manager=None, using=None) -> None:
    """The only writer of search_text: the column, and on SQLite the FTS5 tables.
    (Tables rather than triggers, as SQLite migrations rebuild a table to alter it,
    which would drop its triggers.) Rows of deleted articles may linger in the FTS5
    tables; searches join them to articles, so they are never shown."""
    manager = manager if manager is not None else Article.objects
    using = using if using is not None else connection
    manager.filter(pk=article_id).update(search_text=text)
    if using.vendor != "sqlite":
        return
    with using.cursor() as cursor:
        for table in fts_tables(using):
            cursor.execute(f"DELETE FROM {table} WHERE rowid = %s", [article_id])
            cursor.execute(
                f"INSERT INTO {table} (rowid, search_text) VALUES (%s, %s)", [article_id, text]
            )
