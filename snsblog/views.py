from django.conf import settings
from django.contrib.sitemaps.views import sitemap
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.csrf import csrf_failure as default_csrf_failure
from django.views.decorators.cache import cache_control, never_cache

from articles.sitemaps import SITEMAPS
from snsblog.languages import in_language
from snsblog.site import absolute, at_site_url


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A reader's form refused for a missing or stale CSRF token comes back with its
    text: a view that can show it again says how, as its `csrf_refusal` (a comment,
    a correction); anything else gets Django's page."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        match = None
    refusal = getattr(match.func, "csrf_refusal", None) if match else None
    response = refusal(request, **match.kwargs) if refusal else None
    return response or default_csrf_failure(request, reason=reason)


_REFERENCE_BODIES: dict[int, bytes] = {}


def bench_reference(request: HttpRequest, size: int) -> HttpResponse:
    """A page of `size` bytes straight from memory: the fastest this stack can answer.

    Routed only when BENCH_REFERENCE_VIEW=1, for `make bench`.
    """
    size = min(size, 10_000_000)
    body = _REFERENCE_BODIES.setdefault(size, b"x" * size)
    return HttpResponse(body, content_type="text/html; charset=utf-8")


def sitemap_xml(request: HttpRequest) -> HttpResponse:
    """Django's sitemap, with the addresses at SITE_URL when it is set."""
    return sitemap(at_site_url(request), sitemaps=SITEMAPS)


def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /comments/post/",
        f"Sitemap: {absolute(reverse('sitemap'), request)}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@cache_control(public=True, max_age=86400)
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers and feed readers ask for without looking at the page,
    leads to the static icon (hashed in production, so the redirect itself is not permanent)."""
    return HttpResponseRedirect(static("favicon.ico"))


@never_cache
def choose_language(request: HttpRequest, code: str) -> HttpResponse:
    """The language links' target: remembers the reader's choice in a cookie and
    goes back to the page they were on (?next=), in that language. A plain link,
    so it works without JavaScript; changing a preference needs no CSRF token."""
    if code not in dict(settings.LANGUAGES):
        raise Http404("No such language")
    next_path = request.GET.get("next", "/")
    if not next_path.startswith("/") or not url_has_allowed_host_and_scheme(
        next_path, allowed_hosts={request.get_host()}
    ):
        next_path = "/"
    response = HttpResponseRedirect(in_language(next_path, code))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
    )
    return response
