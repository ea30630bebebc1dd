from django.shortcuts import get_object_or_404
from django.urls import reverse

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
    title = "snsblog: latest comments"
    description = "The latest comments from readers on snsblog."

    def link(self) -> str:
        return reverse("articles:list")

    def items(self):
        return public_comments()[:FEED_SIZE]

    def item_title(self, comment: Comment) -> str:
        return f"{comment.author_name} on “{comment.article.title}”"

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
        return f"Comments on “{article.title}”"

    def description(self, article: Article) -> str:
        return f"Readers' comments on “{article.title}” at snsblog."

    def link(self, article: Article) -> str:
        return article.get_absolute_url() + "#comments"

    def items(self, article: Article):
        return public_comments().filter(article=article)[:FEED_SIZE]
