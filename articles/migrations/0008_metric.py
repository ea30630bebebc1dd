"""Metrics become a vocabulary: each distinct free-text metric of the facts (equal
names told apart only by case or spacing are one) becomes a Metric, and each fact points
at it. Backwards, each fact gets its metric's name back as text.

Case variants of a name end up under one spelling: the most used one, or the first
written when as many facts use each.
"""

from collections import Counter, defaultdict

import django.db.models.deletion
import django.db.models.functions.text
from django.db import migrations, models
from django.utils.text import slugify


def spoken(text: str) -> str:
    return " ".join(text.split()).casefold()


def metrics_from_text(apps, schema_editor) -> None:
    Fact = apps.get_model("articles", "Fact")
    Metric = apps.get_model("articles", "Metric")
    groups: dict[str, list] = defaultdict(list)
    for fact in Fact.objects.order_by("pk").only("pk", "metric_text", "unit"):
        groups[spoken(fact.metric_text)].append(fact)
    slugs = set(Metric.objects.values_list("slug", flat=True))
    for facts in groups.values():
        spellings = Counter(" ".join(fact.metric_text.split()) for fact in facts)
        name = max(spellings, key=lambda spelling: spellings[spelling])  # first of the most used
        base = slugify(name, allow_unicode=True)[:90] or "metric"
        slug, number = base, 2
        while slug in slugs:
            slug, number = f"{base}-{number}", number + 1
        slugs.add(slug)
        units = {fact.unit for fact in facts}
        metric = Metric.objects.create(
            name=name or "unnamed", slug=slug, unit=units.pop() if len(units) == 1 else ""
        )
        Fact.objects.filter(pk__in=[fact.pk for fact in facts]).update(metric=metric)


def text_from_metrics(apps, schema_editor) -> None:
    Fact = apps.get_model("articles", "Fact")
    Metric = apps.get_model("articles", "Metric")
    for metric in Metric.objects.all():
        Fact.objects.filter(metric=metric).update(metric_text=metric.name[:100])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_article_lang"),
    ]

    operations = [
        migrations.CreateModel(
            name="Metric",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(help_text="Such as “monthly active users”.", max_length=100),
                ),
                ("slug", models.SlugField(allow_unicode=True, max_length=100, unique=True)),
                (
                    "unit",
                    models.CharField(
                        blank=True,
                        choices=[("users", "users"), ("accounts", "accounts"), ("percent", "%")],
                        help_text="What it is counted in; facts of this metric must use it. "
                        "Blank: any.",
                        max_length=10,
                    ),
                ),
                (
                    "definition",
                    models.TextField(blank=True, help_text="What is counted, and how."),
                ),
                (
                    "synonyms",
                    models.TextField(
                        blank=True,
                        help_text="Other names for it, one a line, such as “MAU”: found when "
                        "searching.",
                    ),
                ),
            ],
            options={
                "ordering": ["name"],
                "constraints": [
                    models.UniqueConstraint(
                        django.db.models.functions.text.Lower("name"),
                        name="metric_unique_name",
                        violation_error_message="There is already a metric of that name.",
                    )
                ],
            },
        ),
        migrations.RemoveIndex(model_name="fact", name="articles_fa_platfor_e7ed7a_idx"),
        migrations.RenameField(model_name="fact", old_name="metric", new_name="metric_text"),
        # A default, so that going back can add the column again before filling it.
        migrations.AlterField(
            model_name="fact",
            name="metric_text",
            field=models.CharField(default="", max_length=100),
        ),
        migrations.AddField(
            model_name="fact",
            name="metric",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="facts",
                to="articles.metric",
            ),
        ),
        migrations.RunPython(metrics_from_text, text_from_metrics),
        migrations.RemoveField(model_name="fact", name="metric_text"),
        migrations.AlterField(
            model_name="fact",
            name="metric",
            field=models.ForeignKey(
                help_text="Such as “monthly active users”. Search by name or synonym, such as "
                "“MAU”.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="facts",
                to="articles.metric",
            ),
        ),
        migrations.AddIndex(
            model_name="fact",
            index=models.Index(
                fields=["platform", "metric", "as_of"], name="fact_platform_metric_as_of"
            ),
        ),
    ]
