"""The site's one public address: SITE_URL when it is set, else the request's own
scheme and host. Every absolute address the site writes comes from here (canonical
links, OpenGraph, JSON-LD, robots.txt, sitemap, feeds, API, downloads), so they never
disagree. Emails have no request: they need SITE_URL in production, and
`check --deploy` says so when it is missing."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.http import HttpRequest
from django.utils.encoding import iri_to_uri

# Where `make run` serves the site: the address emails use when SITE_URL is not set.
DEVELOPMENT_URL = "http://127.0.0.1:8000"


def base_url(request: HttpRequest | None = None) -> str:
    """Scheme and host, without a trailing slash."""
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/")
    if request is not None:
        return f"{request.scheme}://{request.get_host()}"
    return DEVELOPMENT_URL


def absolute(path: str, request: HttpRequest | None = None) -> str:
    """The absolute address of a path, percent-encoded (Unicode slugs included)."""
    return base_url(request) + iri_to_uri(path)


class SiteRequest:
    """A request as if it had come to SITE_URL: for Django's feeds, which build their
    addresses from the request's host and scheme. Everything else is the request's."""

    def __init__(self, request: HttpRequest, url: str) -> None:
        parts = urlsplit(url)
        self._request, self._host, self._scheme = request, parts.netloc, parts.scheme

    def __getattr__(self, name: str):
        return getattr(self._request, name)

    @property
    def scheme(self) -> str:
        return self._scheme

    def get_host(self) -> str:
        return self._host

    def is_secure(self) -> bool:
        return self._scheme == "https"


def at_site_url(request: HttpRequest) -> HttpRequest:
    return SiteRequest(request, settings.SITE_URL) if settings.SITE_URL else request


@checks.register(checks.Tags.security, deploy=True)
def site_url_check(app_configs, **kwargs) -> list[checks.CheckMessage]:
    if settings.SITE_URL:
        return []
    return [
        checks.Warning(
            "SITE_URL is not set: emails link to " + DEVELOPMENT_URL + ".",
            hint="Set SITE_URL to the site's public address, such as https://snsblog.example. "
            "Pages use the request's own address without it; emails have no request.",
            id="snsblog.W001",
        )
    ]
