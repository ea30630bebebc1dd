"""Whatever a reader types is shown exactly as typed: escaped, never interpreted."""

import html
import itertools
import re

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article
from comments.models import Comment
from snsblog.text import normalize_reader_text
from tests.comments.conftest import comment_data

emails = (f"reader{n}@example.com" for n in itertools.count())

reader_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=300,
).filter(lambda text: normalize_reader_text(text))

tricky_text = st.one_of(
    reader_text,
    st.lists(
        st.sampled_from(
            ["<script>alert(1)</script>", "&amp;", "&lt;", "https://example.com/?a=1&b=<2>",
             "www.mixi.jp.", "a@b.jp", "\n", "\n\n", "\r\n", " ", "ミクシィ", '"quoted"', "'", "javascript:x()"]
        ),
        min_size=1,
        max_size=12,
    ).map("".join).filter(lambda text: normalize_reader_text(text)),
)  # fmt: skip


@pytest.fixture
def open_discussion(settings):
    settings.COMMENTS_MODERATION = "none"
    settings.COMMENTS_RATE_LIMIT = ""


def shown_text(page: str, pk: int) -> str:
    block = page.split(f'<li id="comment-{pk}"')[1]
    body = block.split('<div class="comment-text">')[1].split("</div>")[0]
    body = body.replace("<br>", "\n").replace("</p>\n<p>", "\n\n")
    return html.unescape(re.sub(r"<[^>]+>", "", body))


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=tricky_text)
def test_what_is_shown_is_what_was_typed(make_article, open_discussion, text):
    article = Article.objects.filter(slug="roundtrip").first() or make_article(slug="roundtrip")
    client = Client()
    data = comment_data(article, body=text, author_email=next(emails))
    response = client.post(f"/comments/post/{article.pk}/", data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    comment = Comment.objects.latest("id")
    page = client.get(response["Location"]).content.decode()
    assert shown_text(page, comment.pk) == normalize_reader_text(text)
    assert comment.body == normalize_reader_text(text)
