"""Answering the old addresses of an imported blog (articles.models.Redirect).

A redirect is looked up only where the site has nothing else to show: for an address
that answered 404, and for the home page asked for with a WordPress query
(/?p=175, /?page_id=2, /?cat=3). It answers 301 to where the redirect leads now,
404 while that is not public, and 410 once it has been deleted.
"""

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseGone,
    HttpResponsePermanentRedirect,
)
from django.utils.cache import patch_cache_control

from articles.models import Redirect
from articles.models.redirects import WORDPRESS_QUERY_KEYS, lookup_paths, old_path

# Browsers keep a 301 for as long as they are told; an hour lets an editor's change
# to a redirect reach readers who followed it before.
REDIRECT_MAX_AGE = 3600


def has_wordpress_query(request: HttpRequest) -> bool:
    return not WORDPRESS_QUERY_KEYS.isdisjoint(request.GET.keys())


def redirect_response(request: HttpRequest) -> HttpResponse | None:
    """The answer for an old address, or None when no redirect is recorded for it."""
    candidates = lookup_paths(request.path, request.META.get("QUERY_STRING", ""))
    found = {
        redirect.old_path: redirect
        for redirect in Redirect.objects.filter(old_path__in=candidates).select_related(
            "article", "tag"
        )
    }
    redirect = next((found[path] for path in candidates if path in found), None)
    if redirect is None:
        return None
    if redirect.is_gone():
        return HttpResponseGone()
    target = redirect.target()
    if target is None or old_path(target) in candidates:
        return None
    response = HttpResponsePermanentRedirect(target)
    patch_cache_control(response, public=True, max_age=REDIRECT_MAX_AGE)
    return response


class RedirectMiddleware:
    """Gives a 404 a second chance: the redirect recorded for its address, if any."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        return redirect_response(request) or response
