"""Cached fragments of the article page, and the versions that keep them fresh.

A fragment's key holds its article's version number. Anything that changes what
the fragment shows bumps the number in the database, so the next request asks
for a new key: no fragment is ever served stale, whichever process renders it,
and none needs a timeout to become right.
"""

from collections.abc import Iterable

from django.db.models import F, Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from taggit.models import Tag, TaggedItem

from articles.models import Article, Fact, Platform, Source


def article_content_key(article: Article) -> str:
    return f"article:{article.pk}:content:v{article.content_version}"


def bump_content(article_ids: Iterable[int]) -> None:
    Article.objects.filter(pk__in=list(article_ids)).update(
        content_version=F("content_version") + 1
    )


def bump_comments(article_ids: Iterable[int]) -> None:
    Article.objects.filter(pk__in=list(article_ids)).update(
        comments_version=F("comments_version") + 1
    )


def fact_changed(sender, instance: Fact, **kwargs) -> None:
    bump_content([instance.article_id])


def tags_changed(sender, instance, action: str, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    if isinstance(instance, Article):
        bump_content([instance.pk])
    elif isinstance(instance, Fact):
        bump_content([instance.article_id])


def tag_renamed(sender, instance: Tag, created: bool, **kwargs) -> None:
    if created:
        return
    tagged = TaggedItem.objects.filter(tag=instance)
    bump_content(
        Article.objects.filter(
            Q(pk__in=tagged.filter(content_type__model="article").values("object_id"))
            | Q(facts__in=tagged.filter(content_type__model="fact").values("object_id"))
        ).values_list("pk", flat=True)
    )


def fact_source_changed(sender, instance: Platform | Source, created: bool, **kwargs) -> None:
    if created:
        return
    facts = instance.facts.values_list("article_id", flat=True)
    bump_content(set(facts))


def connect_signals() -> None:
    post_save.connect(fact_changed, sender=Fact, dispatch_uid="articles.cache.fact_saved")
    post_delete.connect(fact_changed, sender=Fact, dispatch_uid="articles.cache.fact_deleted")
    m2m_changed.connect(tags_changed, sender=TaggedItem, dispatch_uid="articles.cache.tags")
    post_save.connect(tag_renamed, sender=Tag, dispatch_uid="articles.cache.tag")
    for model in (Platform, Source):
        post_save.connect(
            fact_source_changed, sender=model, dispatch_uid=f"articles.cache.{model.__name__}"
        )
