"""Write every article, tag, author and comment as a WordPress export (WXR 1.2), which
WordPress's importer (Tools → Import → WordPress) reads.

    python manage.py export_wordpress > export.xml

Markdown articles are written as their rendered HTML; imported ones as they came.
"""

from xml.etree.ElementTree import Element, SubElement, indent, register_namespace, tostring

from django.conf import settings
from django.core.management.base import BaseCommand

from articles.models import Article
from comments.models import Comment

WP = "http://wordpress.org/export/1.2/"
NAMESPACES = {
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": WP,
}
STATUS = {Comment.Status.APPROVED: "1", Comment.Status.PENDING: "0", Comment.Status.SPAM: "spam"}


def add(parent: Element, tag: str, value: object = "") -> Element:
    prefix, _, name = tag.rpartition(":")
    element = SubElement(parent, f"{{{NAMESPACES[prefix]}}}{name}" if prefix else name)
    element.text = "" if value is None else str(value)
    return element


def wordpress_date(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else "0000-00-00 00:00:00"


class Command(BaseCommand):
    help = "Write a WordPress export (WXR 1.2) of every article, tag, author and comment."

    def handle(self, *args, **options) -> None:
        rss = Element("rss", {"version": "2.0"})
        channel = SubElement(rss, "channel")
        add(channel, "title", "snsblog")
        add(channel, "link", settings.SITE_URL)
        add(channel, "wp:wxr_version", "1.2")
        articles = Article.objects.select_related("author").prefetch_related("tags")
        authors = {a.author for a in articles if a.author is not None}
        for author in sorted(authors, key=lambda user: user.pk):
            element = add(channel, "wp:author")
            add(element, "wp:author_id", author.pk)
            add(element, "wp:author_login", author.get_username())
            add(element, "wp:author_display_name", author.get_full_name())
            add(element, "wp:author_first_name", author.first_name)
            add(element, "wp:author_last_name", author.last_name)
        for article in articles.order_by("pk"):
            self.add_article(channel, article)
        indent(rss)
        for prefix, uri in NAMESPACES.items():
            register_namespace(prefix, uri)
        self.stdout.write('<?xml version="1.0" encoding="UTF-8" ?>')
        self.stdout.write(tostring(rss, encoding="unicode"))

    def add_article(self, channel: Element, article: Article) -> None:
        item = add(channel, "item")
        add(item, "title", article.title)
        add(item, "link", settings.SITE_URL + article.get_absolute_url())
        add(item, "dc:creator", article.author.get_username() if article.author else "")
        html = article.body_format == Article.BodyFormat.HTML
        add(item, "content:encoded", article.body if html else article.body_html)
        add(item, "excerpt:encoded", article.excerpt)
        add(item, "wp:post_id", article.wordpress_id or article.pk)
        add(item, "wp:post_date_gmt", wordpress_date(article.published_at))
        add(item, "wp:post_date", wordpress_date(article.published_at))
        add(item, "wp:comment_status", "open" if article.comments_enabled else "closed")
        add(item, "wp:post_name", article.slug)
        scheduled = article.status == Article.Status.PUBLISHED and not article.is_public
        status = "future" if scheduled else "publish"
        add(item, "wp:status", status if article.status == Article.Status.PUBLISHED else "draft")
        add(item, "wp:post_type", "post")
        add(item, "wp:post_parent", 0)
        for tag in article.tags.all():
            add(item, "category", tag.name).attrib.update(domain="post_tag", nicename=tag.slug)
        for comment in article.comments.order_by("created_at", "pk"):
            if comment.status not in STATUS:
                continue
            element = add(item, "wp:comment")
            add(element, "wp:comment_id", comment.pk)
            add(element, "wp:comment_author", comment.author_name)
            add(element, "wp:comment_author_email", comment.author_email)
            add(element, "wp:comment_author_url", comment.author_url)
            add(element, "wp:comment_author_IP", comment.ip_address or "")
            add(element, "wp:comment_date_gmt", wordpress_date(comment.created_at))
            add(element, "wp:comment_date", wordpress_date(comment.created_at))
            add(element, "wp:comment_content", comment.body)
            add(element, "wp:comment_approved", STATUS[comment.status])
            add(element, "wp:comment_type", "comment")
            add(element, "wp:comment_parent", comment.parent_id or 0)
