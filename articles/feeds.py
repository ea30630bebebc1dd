from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from articles.models import Article
from snsblog.feeds import XmlSafeFeed

FEED_SIZE = 20


def latest_articles():
    return (
        Article.objects.published()
        .select_related("author")
        .prefetch_related("tags")
        .order_by("-published_at")
    )


class FullContentAtomFeed(Atom1Feed):
    """Atom with the whole article in <content>, not only a summary."""

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content"], {"type": "html"})


class LatestArticlesFeed(XmlSafeFeed):
    feed_type = Rss201rev2Feed
    title = "snsblog"
    description = _(
        "Writing about social networks and the platforms behind them, with sourced figures."
    )

    def link(self) -> str:
        return reverse("articles:list")

    def items(self):
        return latest_articles()[:FEED_SIZE]

    def item_title(self, article: Article) -> str:
        return article.title

    def item_description(self, article: Article) -> str:
        return article.body_html

    def item_extra_kwargs(self, article: Article) -> dict:
        return {"content": article.body_html}

    def item_author_name(self, article: Article) -> str:
        return article.author_name or "snsblog"

    def item_categories(self, article: Article) -> list[str]:
        return [tag.name for tag in article.tags.all()]

    def item_pubdate(self, article: Article):
        return article.published_at

    def item_updateddate(self, article: Article):
        return article.updated_at


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = FullContentAtomFeed
    subtitle = LatestArticlesFeed.description


class TagArticlesFeed(LatestArticlesFeed):
    def get_object(self, request, slug: str) -> Tag:
        return get_object_or_404(Tag, slug=slug)

    def title(self, tag: Tag) -> str:
        return f"snsblog: {tag.name}"

    def description(self, tag: Tag) -> str:
        return gettext("Articles tagged %(name)s on snsblog.") % {"name": tag.name}

    def link(self, tag: Tag) -> str:
        return reverse("articles:tag", kwargs={"slug": tag.slug})

    def items(self, tag: Tag):
        return latest_articles().filter(tags=tag)[:FEED_SIZE]


class TagArticlesAtomFeed(TagArticlesFeed):
    feed_type = FullContentAtomFeed

    def subtitle(self, tag: Tag) -> str:
        return self.description(tag)
