# Search indexes (articles/search.py), and search text as a reader sees it.
#
# PostgreSQL: a GIN index on the 'english' tsvector of search_text (stemmed words),
# beside 0004's 'simple' one. SQLite: two FTS5 tables, one with the Porter stemmer,
# one with the trigram tokenizer; either is left out when this SQLite cannot create
# it, and search falls back to substring scans. Each existing article's search text
# is rebuilt from its rendered body (tags join at its next save) and its title and
# excerpt become plain text.

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import OperationalError, migrations

ENGLISH_INDEX = GinIndex(SearchVector("search_text", config="english"), name="article_search_en_gin")
FTS_TABLES = {
    "articles_search_words": "porter unicode61 remove_diacritics 2",
    "articles_search_grams": "trigram",
}


def add_indexes(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("articles", "Article"), ENGLISH_INDEX)
    elif connection.vendor == "sqlite":
        for table, tokenizer in FTS_TABLES.items():
            try:
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"CREATE VIRTUAL TABLE IF NOT EXISTS {table} "
                        f"USING fts5(search_text, tokenize='{tokenizer}')"
                    )
            except OperationalError:
                pass  # No FTS5, or no trigram tokenizer: substring scans instead.


def remove_indexes(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("articles", "Article"), ENGLISH_INDEX)
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for table in FTS_TABLES:
                cursor.execute(f"DROP TABLE IF EXISTS {table}")


def rebuild_search_text(apps, schema_editor):
    from articles.models.search_text import normalise, store_search_text
    from snsblog.text import html_to_text, plain_text

    Article = apps.get_model("articles", "Article")
    Fact = apps.get_model("articles", "Fact")
    for article in Article.objects.only("title", "excerpt", "body_html"):
        title, excerpt = plain_text(article.title), plain_text(article.excerpt)
        parts = [title, excerpt, html_to_text(article.body_html)]
        facts = Fact.objects.filter(article=article).select_related("platform", "source", "metric")
        for fact in facts:
            parts += [fact.platform.name, fact.metric.name, fact.source.name, fact.source.title]
            parts.append(fact.statement)
        Article.objects.filter(pk=article.pk).update(title=title, excerpt=excerpt)
        text = normalise("\n".join(part for part in parts if part))
        store_search_text(article.pk, text, Article.objects, schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_metric"),
    ]

    operations = [
        migrations.RunPython(add_indexes, remove_indexes),
        migrations.RunPython(rebuild_search_text, migrations.RunPython.noop),
    ]
