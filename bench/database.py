"""The Django side of `make bench`, run against the database named by SQLITE_PATH.

python bench/database.py populate N   seed article plus N approved comments
python bench/database.py queries      SQL queries of a cold and a warm article render
"""

import json
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "snsblog.settings")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.models import Article  # noqa: E402
from comments.models import Comment  # noqa: E402
from comments.text import render_comment_text  # noqa: E402

SLUG = "so-mixi-now-has-an-official-facebook-page"
ENGLISH = (
    "Mixi was where my university friends were, and leaving it felt like leaving a town. "
    "LINE took over the everyday messages, Facebook the photos of weddings abroad. "
    "I still think the footprints feature said something true about how we watch each other. "
    "See https://mixi.jp for what is left of it. "
)
JAPANESE = (
    "ミクシィは大学の友達がみんないた場所で、やめるのは町を出るような気持ちでした。"
    "日常の連絡はLINEに、海外の結婚式の写真はFacebookに移りました。"
    "足あと機能は、お互いをどう見ているかについて本当のことを言っていたと思います。"
)


def comment_text(rng: random.Random) -> str:
    source = JAPANESE if rng.random() < 0.4 else ENGLISH
    length = rng.randint(200, 600)
    text = (source * (length // len(source) + 2))[rng.randrange(len(source)) :][:length]
    return text.strip()


def populate(count: int) -> None:
    article = Article.objects.get(slug=SLUG)
    Comment.objects.filter(article=article).delete()
    rng = random.Random(count)
    bodies = [comment_text(rng) for _ in range(count - count // 3)]
    roots = Comment.objects.bulk_create(
        [
            Comment(
                article=article,
                author_name=f"Reader {n}",
                author_email=f"reader{n}@example.com",
                body=body,
                body_html=render_comment_text(body),
                fingerprint=f"bench-{n}",
                status=Comment.Status.APPROVED,
            )
            for n, body in enumerate(bodies)
        ],
        batch_size=500,
    )
    replies = []
    for n in range(count // 3):
        parent = rng.choice(roots)
        body = comment_text(rng)
        replies.append(
            Comment(
                article=article,
                parent=parent,
                thread=parent,
                depth=1,
                author_name=f"Replier {n}",
                author_email=f"replier{n}@example.com",
                body=body,
                body_html=render_comment_text(body),
                fingerprint=f"bench-reply-{n}",
                status=Comment.Status.APPROVED,
            )
        )
    Comment.objects.bulk_create(replies, batch_size=500)
    Article.objects.filter(pk=article.pk).comments_changed()


def queries() -> None:
    url = Article.objects.get(slug=SLUG).get_absolute_url()
    counts = {}
    for label in ("cold", "warm"):
        if label == "cold":
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = Client(HTTP_HOST="localhost").get(url)
        assert response.status_code == 200
        counts[label] = len(captured)
    print(json.dumps(counts))


if __name__ == "__main__":
    if sys.argv[1] == "populate":
        populate(int(sys.argv[2]))
    elif sys.argv[1] == "queries":
        queries()
