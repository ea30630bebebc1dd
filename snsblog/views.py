import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)

_REFERENCE_BODIES: dict[int, bytes] = {}


def bench_reference(request: HttpRequest, size: int) -> HttpResponse:
    """A page of `size` bytes straight from memory: the fastest this stack can answer.

    Routed only when BENCH_REFERENCE_VIEW=1, for `make bench`.
    """
    size = min(size, 10_000_000)
    body = _REFERENCE_BODIES.setdefault(size, b"x" * size)
    return HttpResponse(body, content_type="text/html; charset=utf-8")


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 while the database answers, 503 when it does not. Touches no session."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("health check: database unreachable")
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /comments/post/",
        f"Sitemap: {settings.SITE_URL.rstrip('/')}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
