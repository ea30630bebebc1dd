from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, Metric, Platform


class ArticleSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"

    def items(self):
        return (
            Article.objects.published()
            .order_by("-published_at")
            .only("slug", "updated_at", "published_at", "status")
        )

    def lastmod(self, article: Article):
        return article.updated_at


class TagSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self):
        public = Article.objects.published().values("pk")
        return (
            Tag.objects.filter(
                taggit_taggeditem_items__content_type__app_label="articles",
                taggit_taggeditem_items__content_type__model="article",
                taggit_taggeditem_items__object_id__in=public,
            )
            .distinct()
            .order_by("slug")
        )

    def location(self, tag: Tag) -> str:
        return reverse("articles:tag", kwargs={"slug": tag.slug})


class PlatformSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self):
        return Platform.objects.order_by("slug")


class MetricSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self):
        return Metric.objects.with_public_facts().order_by("slug")


class PageSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self) -> list[str]:
        return [
            "articles:list",
            "articles:tags",
            "articles:platforms",
            "articles:metrics",
            "articles:archive",
            "comments:privacy",
        ]

    def location(self, name: str) -> str:
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "tags": TagSitemap,
    "platforms": PlatformSitemap,
    "metrics": MetricSitemap,
}
