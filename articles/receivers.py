"""Tags belong to django-taggit, whose models we cannot give our own save() and
delete(): these receivers carry tag changes to the articles that show them. A fact's
historical record is made by django-simple-history, the same way: a receiver adds
where the change came from and whom to credit (articles/models/history.py).

They are connected once, strongly (weak=False), with a dispatch_uid, from
ArticlesConfig.ready(): a receiver held by a weak reference can be garbage
collected and silently stop running.
"""

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_save, pre_delete
from simple_history.signals import pre_create_historical_record
from taggit.models import Tag, TaggedItem

from articles.models import Article, Fact
from articles.models.history import ChangeOrigin


def articles_tagged(tag: Tag):
    """Articles that show the tag: on themselves or on one of their facts."""
    tagged = TaggedItem.objects.filter(tag=tag)
    return Article.objects.filter(
        Q(pk__in=tagged.filter(content_type__model="article").values("object_id"))
        | Q(facts__in=tagged.filter(content_type__model="fact").values("object_id"))
    ).distinct()


def tags_changed(sender, instance, action: str, **kwargs) -> None:
    """Tags added to, removed from or cleared on an article or a fact."""
    if not action.startswith("post_"):
        return
    if isinstance(instance, Article):
        Article.objects.filter(pk=instance.pk).content_changed()
    elif isinstance(instance, Fact):
        Article.objects.filter(pk=instance.article_id).content_changed()


def tag_renamed(sender, instance: Tag, created: bool, **kwargs) -> None:
    if not created:
        articles_tagged(instance).content_changed()


def tag_deleted(sender, instance: Tag, **kwargs) -> None:
    # Before the delete, while the tagged items still say where the tag was shown.
    articles = list(articles_tagged(instance).values_list("pk", flat=True))
    Article.objects.filter(pk__in=articles).content_changed()


def fact_change_recorded(sender, instance, history_instance, **kwargs) -> None:
    """Copy the change's origin and credit, set on the fact before its save."""
    if isinstance(instance, Fact):
        history_instance.history_origin = getattr(instance, "_history_origin", ChangeOrigin.EDIT)
        history_instance.history_credit = getattr(instance, "_history_credit", "")


def connect() -> None:
    m2m_changed.connect(
        tags_changed, sender=TaggedItem, weak=False, dispatch_uid="articles.tags_changed"
    )
    post_save.connect(tag_renamed, sender=Tag, weak=False, dispatch_uid="articles.tag_renamed")
    pre_delete.connect(tag_deleted, sender=Tag, weak=False, dispatch_uid="articles.tag_deleted")
    pre_create_historical_record.connect(
        fact_change_recorded, weak=False, dispatch_uid="articles.fact_change_recorded"
    )
