"""The seed article's headline pair, Mixi's monthly active users and Facebook's active
users in Japan, becomes comparable (articles/seed_metrics.py), on databases that had
both metrics before: load_seed pairs them on new ones. A pair that exists already, in
either order, is left as it is, caveat included. The articles with facts of either
metric get a new content version, so their pages draw the comparison at once. Backwards,
nothing is undone: the pair may have been edited since.
"""

import uuid

from django.db import migrations


def pair_seed_metrics(apps, schema_editor):
    from articles.seed_metrics import missing_comparisons

    Article = apps.get_model("articles", "Article")
    Metric = apps.get_model("articles", "Metric")
    Comparison = apps.get_model("articles", "Comparison")
    for first, second, caveat in missing_comparisons(Metric, Comparison):
        Comparison.objects.create(first=first, second=second, caveat=caveat)
        articles = Article.objects.filter(facts__metric__in=[first.pk, second.pk])
        Article.objects.filter(pk__in=list(articles.values_list("pk", flat=True))).update(
            content_version=uuid.uuid4()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_comparison"),
    ]

    operations = [
        migrations.RunPython(pair_seed_metrics, migrations.RunPython.noop),
    ]
