import time

import pytest
from django.test import Client

from articles.models import Article
from comments.forms import make_form_token
from comments.models import Comment


@pytest.fixture
def article(make_article) -> Article:
    return make_article(title="Mixi and Facebook", slug="mixi-and-facebook")


def comment_data(article: Article, **fields) -> dict:
    """A form as a reader fills it in, shown a minute ago."""
    return {
        "author_name": "Aiko",
        "author_email": "aiko@example.jp",
        "author_url": "",
        "body": "Mixi still matters to me.",
        "token": make_form_token(article, issued_at=time.time() - 60),
        "parent": "",
        "homepage": "",
        **fields,
    }


@pytest.fixture
def post(client: Client):
    def post(article: Article, client: Client = client, **fields):
        return client.post(f"/comments/post/{article.pk}/", comment_data(article, **fields))

    return post


@pytest.fixture
def approved(article):
    """Make approved comments straight in the database."""

    def make(
        body: str = "An approved comment.", parent: Comment | None = None, **fields
    ) -> Comment:
        comment = Comment(
            article=fields.pop("article", article),
            author_name=fields.pop("author_name", "Ken"),
            author_email=fields.pop("author_email", "ken@example.jp"),
            body=body,
            status=fields.pop("status", Comment.Status.APPROVED),
            **fields,
        )
        if parent is not None:
            comment.attach_to(parent, max_depth=4)
        comment.full_clean()
        comment.save()
        return comment

    return make
