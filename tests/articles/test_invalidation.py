"""Every path that changes what an article page shows replaces its content_version."""

import os
import subprocess
import sys
from decimal import Decimal

import pytest
from django.conf import settings
from taggit.models import Tag

from articles.models import Article, Fact, Platform, Source

pytestmark = pytest.mark.django_db


def version(article: Article) -> str:
    return Article.objects.values_list("content_version", flat=True).get(pk=article.pk)


@pytest.fixture
def changes(seed_article):
    class Changes:
        def __enter__(self):
            self.before = version(seed_article)

        def __exit__(self, *exc):
            if exc[0] is None:
                assert version(seed_article) != self.before

    return Changes


def test_fact_save_delete_and_bulk(seed_article, changes):
    fact = seed_article.facts.first()
    with changes():
        fact.value = Decimal(1)
        fact.save()
    with changes():
        Fact.objects.filter(pk=fact.pk).update(value=Decimal(2))
    with changes():
        fact.delete()
    with changes():
        Fact.objects.filter(article=seed_article)[:1].get().delete()
    with changes():
        Fact.objects.filter(article=seed_article).delete()


def test_fact_moved_to_another_article_changes_both(seed_article, make_article, changes):
    other = make_article()
    other_before = version(other)
    fact = seed_article.facts.first()
    with changes():
        fact.article = other
        fact.save()
    assert version(other) != other_before


def test_platform_source_and_tag_changes(seed_article, changes):
    with changes():
        Platform.objects.get(slug="mixi").save()
    with changes():
        Source.objects.get(name="Nikkei").save()
    with changes():
        seed_article.tags.add("new-tag")
    tag = Tag.objects.get(name="new-tag")
    with changes():
        tag.name = "renamed-tag"
        tag.save()
    with changes():
        tag.delete()
    with changes():
        seed_article.facts.first().tags.add("fact-tag")


def test_article_save_changes_its_search_text(seed_article, changes):
    with changes():
        seed_article.title = "A searchable new title"
        seed_article.save()
    seed_article.refresh_from_db()
    assert "A searchable new title" in seed_article.search_text


def test_tag_deletion_shows_on_the_page(client, seed_article):
    url = seed_article.get_absolute_url()
    seed_article.tags.add("short-lived")
    assert 'href="/tags/short-lived/"' in client.get(url).content.decode()
    Tag.objects.get(name="short-lived").delete()
    assert 'href="/tags/short-lived/"' not in client.get(url).content.decode()


def test_the_receivers_stay_connected_under_production_settings():
    """A weakly held receiver vanishes when DEBUG=0; these are held strongly."""
    code = (
        "import gc, django; django.setup(); gc.collect();"
        "from django.db.models.signals import m2m_changed, post_save, pre_delete;"
        "from taggit.models import Tag, TaggedItem;"
        "print(len(post_save._live_receivers(Tag)[0]), len(pre_delete._live_receivers(Tag)[0]),"
        " len(m2m_changed._live_receivers(TaggedItem)[0]))"
    )
    env = {
        **os.environ, "DEBUG": "0", "ALLOWED_HOSTS": "snsblog.example",
        "SECRET_KEY": "a-real-production-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
    }  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env,
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert [int(n) >= 1 for n in result.stdout.split()] == [True, True, True]
