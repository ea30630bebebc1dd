"""What search reads, kept with the article: its search_text and, on SQLite, the
FTS5 tables. Articles write it whenever they change (articles/models/articles.py);
articles/search.py reads it to answer a query. This module imports no model, so the
models may import it and it never imports them back; the manager to write through
is passed in (a migration passes its historical one).
"""

import unicodedata

from django.conf import settings
from django.db import connection

from snsblog.text import html_to_text, plain_text

WORDS_TABLE = "articles_search_words"
GRAMS_TABLE = "articles_search_grams"


def normalise(text: str) -> str:
    """NFKC: full-width Latin letters and digits become ASCII, half-width katakana
    full-width, compatibility characters their plain forms."""
    return unicodedata.normalize("NFKC", text)


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


def search_text(article) -> str:
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


def refresh_search_text(articles) -> None:
    """Search text anew for each article of a queryset."""
    for article in articles.prefetch_related("tags"):
        store_search_text(article.pk, search_text(article), articles.model.objects)


def store_search_text(article_id: int, text: str, manager, using=None) -> None:
    """The only writer of search_text: the column, and on SQLite the FTS5 tables.
    (Tables rather than triggers, as SQLite migrations rebuild a table to alter it,
    which would drop its triggers.) Rows of deleted articles may linger in the FTS5
    tables; searches join them to articles, so they are never shown."""
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
