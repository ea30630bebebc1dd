"""Comparable measures: pairs of metrics an editor says may be drawn together, with a
caveat. A new table; nothing else changes."""

import django.db.models.deletion
import django.db.models.functions.comparison
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0011_seed_metric_descriptions'),
    ]

    operations = [
        migrations.CreateModel(
            name='Comparison',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('caveat', models.CharField(help_text='How the two measures differ, in a sentence or two: shown beside every chart that draws them together, and read out with it.', max_length=300)),
                ('first', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='articles.metric', verbose_name='metric')),
                ('second', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='articles.metric', verbose_name='comparable with')),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(('first', models.F('second')), _negated=True), name='comparison_not_with_itself', violation_error_message='A metric cannot be compared with itself.'), models.UniqueConstraint(django.db.models.functions.comparison.Least('first', 'second'), django.db.models.functions.comparison.Greatest('first', 'second'), name='comparison_unique_pair', violation_error_message='These two metrics are already comparable.'), models.CheckConstraint(condition=models.Q(('caveat', ''), _negated=True), name='comparison_has_caveat', violation_error_message='Say how the two measures differ.')],
            },
        ),
    ]
