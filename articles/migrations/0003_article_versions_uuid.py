# The versions only name cached fragments, so they are dropped and recreated
# (an integer column cannot be cast to a UUID on PostgreSQL); every article
# gets a fresh random version and its fragments are rendered anew.

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_article_versions"),
    ]

    operations = [
        migrations.RemoveField(model_name="article", name="comments_version"),
        migrations.RemoveField(model_name="article", name="content_version"),
        migrations.AddField(
            model_name="article",
            name="comments_version",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AddField(
            model_name="article",
            name="content_version",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
    ]
