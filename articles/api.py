"""A read-only JSON API: articles, tags, platforms and facts, paginated and filterable.

Every list answers {"count", "page", "pages", "next", "previous", "results"}; bad
parameters answer 400 with {"error": ...}, unknown pages and objects 404.
"""

import datetime

from django.core.paginator import EmptyPage, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import cache_control
from taggit.models import Tag

from articles.exports import fact_record
from articles.models import Article, Fact, Metric, Platform
from snsblog.site import absolute, base_url

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
API_MAX_AGE = 60


class BadRequest(Exception):
    """A parameter the API cannot use; its message goes back to the caller."""


def api_view(view):
    """JSON errors instead of HTML pages, and the caching every API answer allows."""

    @cache_control(public=True, max_age=API_MAX_AGE)
    def wrapped(request: HttpRequest, *args, **kwargs) -> JsonResponse:
        try:
            response = view(request, *args, **kwargs)
        except BadRequest as error:
            response = JsonResponse({"error": str(error)}, status=400)
        except Http404:
            response = JsonResponse({"error": "not found"}, status=404)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def whole_number(request: HttpRequest, name: str, default: int, largest: int) -> int:
    raw = request.GET.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a whole number, not {raw!r}") from None
    if not 1 <= value <= largest:
        raise BadRequest(f"{name} must be between 1 and {largest}")
    return value


def date_parameter(request: HttpRequest, name: str) -> datetime.date | None:
    raw = request.GET.get(name)
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a date like 2012-09-01, not {raw!r}") from None


def paginated(request: HttpRequest, items: QuerySet, record) -> JsonResponse:
    size = whole_number(request, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    number = whole_number(request, "page", 1, 10**6)
    paginator = Paginator(items, size)
    try:
        page = paginator.page(number)
    except EmptyPage:
        return JsonResponse({"error": f"there is no page {number}"}, status=404)

    def link(target: int | None) -> str | None:
        if target is None:
            return None
        query = request.GET.copy()
        query["page"] = str(target)
        return absolute(f"{request.path}?{query.urlencode()}", request)

    return JsonResponse(
        {
            "count": paginator.count,
            "page": page.number,
            "pages": paginator.num_pages,
            "next": link(page.next_page_number() if page.has_next() else None),
            "previous": link(page.previous_page_number() if page.has_previous() else None),
            "results": [record(request, item) for item in page.object_list],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def article_record(request: HttpRequest, article: Article, full: bool = False) -> dict:
    record = {
        "slug": article.slug,
        "title": article.title,
        "url": absolute(article.get_absolute_url(), request),
        "excerpt": article.excerpt,
        "author": article.author_name,
        "published_at": article.published_at.isoformat(),
        "updated_at": article.updated_at.isoformat(),
        "tags": sorted(tag.name for tag in article.tags.all()),
        "facts_url": absolute(f"/api/facts/?article={article.slug}", request),
    }
    if full:
        record["body_html"] = article.body_html
    return record


def platform_record(request: HttpRequest, platform: Platform) -> dict:
    return {
        "slug": platform.slug,
        "name": platform.name,
        "kind": platform.kind,
        "country": platform.country,
        "website": platform.website,
        "url": absolute(platform.get_absolute_url(), request),
        "facts": getattr(platform, "public_facts", None),
    }


@api_view
def articles(request: HttpRequest) -> JsonResponse:
    """Published articles, newest first; ?tag= filters."""
    items = Article.objects.published().select_related("author").prefetch_related("tags")
    if tag := request.GET.get("tag"):
        items = items.filter(tags__slug=tag)
    return paginated(request, items.order_by("-published_at", "-id"), article_record)


@api_view
def article(request: HttpRequest, slug: str) -> JsonResponse:
    found = get_object_or_404(Article.objects.published().prefetch_related("tags"), slug=slug)
    return JsonResponse(
        article_record(request, found, full=True), json_dumps_params={"ensure_ascii": False}
    )


@api_view
def tags(request: HttpRequest) -> JsonResponse:
    """Tags of published articles, with how many articles carry each."""
    public = Article.objects.published().values("pk")
    items = (
        Tag.objects.filter(
            taggit_taggeditem_items__content_type__model="article",
            taggit_taggeditem_items__object_id__in=public,
        )
        .annotate(articles=Count("taggit_taggeditem_items", distinct=True))
        .order_by("slug")
    )
    return paginated(
        request, items, lambda r, t: {"slug": t.slug, "name": t.name, "articles": t.articles}
    )


@api_view
def platforms(request: HttpRequest) -> JsonResponse:
    """Platforms, with how many public facts each has."""
    public = Q(facts__article__in=Article.objects.published())
    items = Platform.objects.annotate(public_facts=Count("facts", filter=public)).order_by("name")
    return paginated(request, items, platform_record)


@api_view
def facts(request: HttpRequest) -> JsonResponse:
    """Facts of published articles; ?platform=, ?metric= (name, synonym or slug), ?tag=,
    ?article=, ?from=, ?to= (dates, inclusive) filter."""
    items = Fact.objects.public().with_details()
    if platform := request.GET.get("platform"):
        items = items.filter(platform__slug=platform)
    if term := request.GET.get("metric"):
        metric = Metric.objects.find(term)
        items = items.filter(metric=metric) if metric else items.none()
    if tag := request.GET.get("tag"):
        items = items.filter(tags__slug=tag)
    if slug := request.GET.get("article"):
        items = items.filter(article__slug=slug)
    start, end = date_parameter(request, "from"), date_parameter(request, "to")
    if start and end and start > end:
        raise BadRequest("from must not be after to")
    if start:
        items = items.filter(as_of__gte=start)
    if end:
        items = items.filter(as_of__lte=end)
    items = items.distinct().order_by("as_of", "platform__name", "id")
    return paginated(request, items, lambda r, fact: fact_record(fact, base_url(r)))
