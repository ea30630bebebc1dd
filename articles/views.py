import datetime

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from taggit.models import Tag

from articles.charts.cards import share_card
from articles.charts.layout import compared, trends
from articles.charts.timelines import disagreements, timelines
from articles.exports import facts_csv, facts_json
from articles.models import Article, Comparison, Fact, FactQuerySet, Metric, Platform
from articles.models.redirects import decode_slug
from articles.page import render_article
from articles.redirects import has_wordpress_query, redirect_response
from articles.search import MAX_QUERY_LENGTH
from articles.search import search as search_articles
from snsblog.fragments import fragments
from snsblog.site import base_url

# Pages with nothing per reader may be cached by browsers and proxies for a minute.
PUBLIC_MAX_AGE = 60


def can_preview(request: HttpRequest) -> bool:
    """Editors may see drafts and scheduled articles before the public does."""
    return request.user.is_staff and request.user.has_perm("articles.view_article")


@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
def article_list(request: HttpRequest) -> HttpResponse:
    if has_wordpress_query(request):  # /?p=175, /?cat=3: an imported blog's old address
        return redirect_response(request) or not_found()
    articles = (
        Article.objects.published()
        .select_related("author")
        .prefetch_related("tags", key_figure_prefetch())
    )
    page = Paginator(articles, settings.ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "articles/article_list.html", {"page": page})


def key_figure_prefetch() -> Prefetch:
    """Each article's first fact (by position), its key figure in lists: one query for
    the whole page, a window function picking the first row of each article."""
    first_facts = Fact.objects.select_related("platform", "metric").order_by("position", "id")[:1]
    return Prefetch("facts", queryset=first_facts, to_attr="key_facts")


def not_found() -> HttpResponse:
    raise Http404("No article found matching the query")


def wordpress_redirect(articles, **lookup) -> HttpResponse:
    """A permanent redirect to the public article an old WordPress address names."""
    article = articles.filter(**lookup).only("slug").first()
    if article is None:
        raise Http404("No article found matching the query")
    return HttpResponsePermanentRedirect(article.get_absolute_url())


@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
def wordpress_permalink(request: HttpRequest, year: int, month: int, day: int, slug: str):
    """/2012/12/01/slug/, WordPress's usual permalink, to the imported article: the
    date (local to the old site, so within a day of ours) tells apart equal slugs.
    A redirect recorded for the address comes first; this serves articles imported
    before redirects were recorded."""
    recorded = redirect_response(request)
    if recorded is not None:
        return recorded
    try:
        day_named = datetime.date(year, month, day)
    except ValueError:
        raise Http404("No article found matching the query") from None
    one_day = datetime.timedelta(days=1)
    return wordpress_redirect(
        Article.objects.published().exclude(wordpress_id=None),
        slug=decode_slug(slug),
        published_at__date__range=(day_named - one_day, day_named + one_day),
    )


@cache_control(private=True, no_cache=True)
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = Article.objects.for_page(slug)
    if article is None:
        raise Http404("No article found matching the query")
    if not article.is_public and not can_preview(request):
        raise Http404("No article found matching the query")
    return render_article(request, article)


# Share cards are linked with their article's content version in the query string.
CARD_MAX_AGE = 24 * 60 * 60


@cache_control(public=True, max_age=CARD_MAX_AGE)
def article_card(request: HttpRequest, slug: str) -> HttpResponse:
    """The article's share card (og:image), drawn once per content version."""
    article = get_object_or_404(Article.objects.published(), slug=slug)
    slot, version = f"article:{article.pk}:card", str(article.content_version)
    image = fragments.get(slot, version)
    if image is None:
        image = share_card(article)
        fragments.set(slot, version, image)
    response = HttpResponse(image, content_type="image/png")
    response["ETag"] = f'"{version}-{get_language()}"'
    return response


@cache_control(public=True, max_age=CARD_MAX_AGE)
def site_card(request: HttpRequest) -> HttpResponse:
    """The share card of every page that is not an article."""
    image = fragments.get("site:card", "1")
    if image is None:
        image = share_card(None)
        fragments.set("site:card", "1", image)
    return HttpResponse(image, content_type="image/png")


@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    articles = Article.objects.published().filter(tags=tag).prefetch_related("tags")
    facts = (
        Fact.objects.public().with_details().filter(tags=tag).order_by("platform__name", "as_of")
    )
    if not articles.exists() and not facts.exists():
        # A tag of drafts only (or of nothing any more) is not a page.
        raise Http404("No public articles or facts with this tag")
    context = {"tag": tag, "articles": articles, "facts": facts}
    return render(request, "articles/tag_detail.html", context)


@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
def tag_list(request: HttpRequest) -> HttpResponse:
    """/tags/: every tag of a published article or public fact, with how many of each."""
    public_articles = Article.objects.published().values("pk")
    public_facts = Fact.objects.public().values("pk")
    in_articles = Q(
        taggit_taggeditem_items__content_type__model="article",
        taggit_taggeditem_items__object_id__in=public_articles,
    )
    in_facts = Q(
        taggit_taggeditem_items__content_type__model="fact",
        taggit_taggeditem_items__object_id__in=public_facts,
    )
    tags = (
        Tag.objects.annotate(
            article_count=Count("taggit_taggeditem_items", filter=in_articles, distinct=True),
            fact_count=Count("taggit_taggeditem_items", filter=in_facts, distinct=True),
        )
        .filter(Q(article_count__gt=0) | Q(fact_count__gt=0))
        .order_by("name")
    )
    return render(request, "articles/tag_list.html", {"tags": tags})


@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
def platform_list(request: HttpRequest) -> HttpResponse:
    """/platforms/: every platform with public facts, with how many."""
    public = Q(facts__in=Fact.objects.public().values("pk"))
    platforms = (
        Platform.objects.annotate(fact_count=Count("facts", filter=public, distinct=True))
        .filter(fact_count__gt=0)
        .order_by("name")
    )
    return render(request, "articles/platform_list.html", {"platforms": platforms})


@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
def metric_list(request: HttpRequest) -> HttpResponse:
    """/metrics/: every metric with public facts, with its definition and how many facts
    on how many platforms."""
    metrics = Metric.objects.with_public_facts().order_by("name")
    return render(request, "articles/metric_list.html", {"metrics": metrics})


@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
def platform_detail(request: HttpRequest, slug: str) -> HttpResponse:
    platform = get_object_or_404(Platform, slug=slug)
    facts = list(
        Fact.objects.public()
        .with_details()
        .filter(platform=platform)
        .order_by("as_of", "metric__name", "id")
    )
    comparisons = list(Comparison.objects.involving({fact.metric_id for fact in facts}))
    others = list(comparable_facts(comparisons).exclude(platform=platform))
    context = {
        "platform": platform,
        "facts": facts,
        "charts": timelines(facts) + compared(facts + others, comparisons, platform.pk),
        "disagreements": disagreements(facts),
    }
    return render(request, "articles/platform_detail.html", context)


@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
def metric_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One metric across every platform and article: a line a platform, and the table."""
    metric = get_object_or_404(Metric, slug=slug)
    facts = list(
        Fact.objects.public()
        .with_details()
        .filter(metric=metric)
        .order_by("platform__name", "as_of", "id")
    )
    comparisons = list(Comparison.objects.involving({metric.pk}).select_related("first", "second"))
    others = list(comparable_facts(comparisons).exclude(metric=metric))
    context = {
        "metric": metric,
        "facts": facts,
        "charts": trends(facts) + compared(facts + others, comparisons),
        "comparable": [(pair.partner(metric), pair.caveat) for pair in comparisons],
    }
    return render(request, "articles/metric_detail.html", context)


def comparable_facts(comparisons: list[Comparison]) -> FactQuerySet:
    """The public facts of every metric of these pairs, for the comparison charts."""
    metric_ids = {pk for pair in comparisons for pk in (pair.first_id, pair.second_id)}
    return Fact.objects.public().select_related("platform", "metric").filter(metric__in=metric_ids)


def facts_download(request, facts, file_format: str, filename: str) -> HttpResponse:
    facts, base = facts.with_details(), base_url(request)
    if file_format == "csv":
        response = HttpResponse(facts_csv(facts, base), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(facts_json(facts, base), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
def article_facts(request: HttpRequest, slug: str, file_format: str) -> HttpResponse:
    article = get_object_or_404(Article.objects.published(), slug=slug)
    facts = Fact.objects.filter(article=article).order_by("position", "id")
    return facts_download(request, facts, file_format, f"{article.pk}-facts")


@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
def platform_facts(request: HttpRequest, slug: str, file_format: str) -> HttpResponse:
    platform = get_object_or_404(Platform, slug=slug)
    facts = Fact.objects.public().filter(platform=platform).order_by("as_of", "metric__name", "id")
    return facts_download(request, facts, file_format, f"{platform.slug}-facts")


@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
def all_facts(request: HttpRequest, file_format: str) -> HttpResponse:
    facts = Fact.objects.public().order_by("platform__name", "as_of", "id")
    return facts_download(request, facts, file_format, "snsblog-facts")


@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = search_articles(query) if query else []
    page = Paginator(results, settings.ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    prefetch_related_objects([result.article for result in page], "tags")
    return render(request, "articles/search.html", {"query": query, "page": page})


@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
def archive(
    request: HttpRequest, year: int | None = None, month: int | None = None
) -> HttpResponse:
    """/archive/ lists the months with articles; /archive/2012/ and /archive/2012/12/
    list the articles of a year or a month."""
    published = Article.objects.published()
    context: dict = {"year": year, "month": month}
    if year is None:
        context["months"] = (
            published.annotate(month=TruncMonth("published_at"))
            .values("month")
            .annotate(count=Count("pk"))
            .order_by("-month")
        )
        years: dict[int, int] = {}
        for row in context["months"]:
            years[row["month"].year] = years.get(row["month"].year, 0) + row["count"]
        context["years"] = years
        return render(request, "articles/archive.html", context)
    if month is not None and not 1 <= month <= 12:
        raise Http404("No such month")
    articles = published.filter(published_at__year=year)
    if month is not None:
        articles = articles.filter(published_at__month=month)
        context["period"] = date_format(datetime.date(year, month, 1), "YEAR_MONTH_FORMAT")
    else:
        context["period"] = str(year)
    articles = list(articles.prefetch_related("tags").order_by("-published_at"))
    if not articles:
        raise Http404("No articles in that period")
    context["articles"] = articles
    return render(request, "articles/archive.html", context)
