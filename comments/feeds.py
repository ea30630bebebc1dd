from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from comments.models import Comment
from snsblog.feeds import XmlSafeFeed

FEED_SIZE = 30


def public_comments():
    return (
        Comment.objects.public()
        .filter(article__in=Article.objects.published())
        .select_related("article")
        .order_by("-created_at", "-id")
    )


class LatestCommentsFeed(XmlSafeFeed):
    title = _("snsblog: latest comments")
    description = _("The latest comments from readers on snsblog.")

    def link(self) -> str:
        return reverse("articles:list")

    def items(self):
        return public_comments()[:FEED_SIZE]

    def item_title(self, comment: Comment) -> str:
        return gettext("%(name)s on “%(title)s”") % {
            "name": comment.author_name,
            "title": comment.article.title,
        }

    def item_description(self, comment: Comment) -> str:
        return comment.body_html

    def item_link(self, comment: Comment) -> str:
        return comment.get_absolute_url()

    def item_author_name(self, comment: Comment) -> str:
        return comment.author_name

    def item_pubdate(self, comment: Comment):
        return comment.created_at

    def item_updateddate(self, comment: Comment):
        return comment.updated_at


class ArticleCommentsFeed(LatestCommentsFeed):
    def get_object(self, request, slug: str) -> Article:
        return get_object_or_404(Article.objects.published(), slug=slug)

    def title(self, article: Article) -> str:
        return gettext("Comments on “%(title)s”") % {"title": article.title}

    def description(self, article: Article) -> str:
        return gettext("Readers' comments on “%(title)s” at snsblog.") % {"title": article.title}

    def link(self, article: Article) -> str:
        return article.get_absolute_url() + "#comments"

    def items(self, article: Article):
        return public_comments().filter(article=article)[:FEED_SIZE]
