from django.db import migrations, models


def count_unbacked_figures(apps, schema_editor):
    """Count, for every existing article, the figures of its body that no fact gives."""
    from articles.figures_in_text import backed, scan

    Article = apps.get_model("articles", "Article")
    Fact = apps.get_model("articles", "Fact")
    for article in Article.objects.only("body", "published_at"):
        facts = list(Fact.objects.filter(article_id=article.pk))
        default_date = article.published_at.date() if article.published_at else None
        count = sum(1 for figure in scan(article.body, default_date) if not backed(figure, facts))
        Article.objects.filter(pk=article.pk).update(unbacked_figures=count)


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_article_body_format_wordpress_id")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="unbacked_figures",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(count_unbacked_figures, migrations.RunPython.noop),
    ]
