"""The seed article's metrics get the unit, definition and synonyms that load_seed now
gives them (articles/seed_metrics.py), on databases that had these metrics before: a
metric named as a seed metric, in any case, gets the fields it still has empty, a unit
only when every fact of it uses that unit, and only synonyms that name no other metric.
Nothing an editor filled in changes. The articles with facts of a metric that gained
synonyms are found by them in search at once (the synonyms join their search text; the
next save rebuilds it whole). Backwards, nothing is undone: the values may have been
edited since, and empty ones were valid before.
"""

from django.db import migrations


def describe_seed_metrics(apps, schema_editor):
    from articles.models.search_text import normalise, store_search_text
    from articles.seed_metrics import seed_metric_changes

    Article = apps.get_model("articles", "Article")
    Metric = apps.get_model("articles", "Metric")
    Fact = apps.get_model("articles", "Fact")
    for metric, changes in seed_metric_changes(Metric, Fact):
        for field, value in changes.items():
            setattr(metric, field, value)
        metric.save(update_fields=list(changes))
        if "synonyms" not in changes:
            continue
        articles = Article.objects.filter(facts__metric=metric).distinct().only("search_text")
        for article in articles:
            text = normalise(f"{article.search_text}\n{changes['synonyms']}")
            store_search_text(article.pk, text, Article.objects, schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_article_search_vectors"),
    ]

    operations = [
        migrations.RunPython(describe_seed_metrics, migrations.RunPython.noop),
    ]
