# search_text holds everything searchable about an article (articles/search.py).
# Existing articles get theirs filled in; on PostgreSQL a GIN index on its
# 'simple' tsvector serves the full-text search. SQLite needs no index: it
# searches by substring.

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations, models

SEARCH_INDEX = GinIndex(SearchVector("search_text", config="simple"), name="article_search_gin")


def fill_search_text(apps, schema_editor):
    """Title, excerpt and body now; tags and facts join at the article's next save."""
    Article = apps.get_model("articles", "Article")
    for article in Article.objects.only("title", "excerpt", "body"):
        text = "\n".join(part for part in (article.title, article.excerpt, article.body) if part)
        Article.objects.filter(pk=article.pk).update(search_text=text)


def add_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("articles", "Article"), SEARCH_INDEX)


def remove_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("articles", "Article"), SEARCH_INDEX)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_article_versions_uuid"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        migrations.RunPython(add_search_index, remove_search_index),
    ]
