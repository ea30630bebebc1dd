from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.cache import cache_control
from taggit.models import Tag

from articles.cache import article_content_key
from articles.charts import article_charts
from articles.models import Article, Fact, Platform

# Pages with nothing per reader may be cached by browsers and proxies for a minute.
PUBLIC_MAX_AGE = 60


def can_preview(request: HttpRequest) -> bool:
    """Editors may see drafts and scheduled articles before the public does."""
    return request.user.is_staff and request.user.has_perm("articles.view_article")


@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
def article_list(request: HttpRequest) -> HttpResponse:
    articles = Article.objects.published().select_related("author").prefetch_related("tags")
    page = Paginator(articles, settings.ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "articles/article_list.html", {"page": page})


@cache_control(private=True, no_cache=True)
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(Article.objects.select_related("author"), slug=slug)
    if not article.is_public and not can_preview(request):
        raise Http404("No article found matching the query")
    return render_article(request, article)


def article_content(article: Article) -> str:
    """Header, body, charts and facts table: rendered once per version of the article."""
    key = article_content_key(article)
    content = cache.get(key)
    if content is None:
        facts = list(article.facts.select_related("platform", "source").prefetch_related("tags"))
        context = {"article": article, "facts": facts, "charts": article_charts(facts)}
        content = render_to_string("articles/_article_content.html", context)
        cache.set(key, content, timeout=None)
    return mark_safe(content)


def render_article(
    request: HttpRequest, article: Article, status: int = 200, **extra
) -> HttpResponse:
    """The article page; the comments views use it to show a refused comment again."""
    context = {"article": article, "article_content": article_content(article), **extra}
    return render(request, "articles/article_detail.html", context, status=status)


def public_facts():
    return (
        Fact.objects.filter(article__in=Article.objects.published())
        .select_related("platform", "source", "article")
        .prefetch_related("tags")
    )


@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    articles = Article.objects.published().filter(tags=tag).prefetch_related("tags")
    facts = public_facts().filter(tags=tag).order_by("platform__name", "as_of")
    context = {"tag": tag, "articles": articles, "facts": facts}
    return render(request, "articles/tag_detail.html", context)


@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
def platform_detail(request: HttpRequest, slug: str) -> HttpResponse:
    platform = get_object_or_404(Platform, slug=slug)
    facts = public_facts().filter(platform=platform).order_by("as_of", "metric", "id")
    return render(request, "articles/platform_detail.html", {"platform": platform, "facts": facts})
