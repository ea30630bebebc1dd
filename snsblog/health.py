"""The health check load balancers ask: /healthz, answered by the middleware before
anything looks at the Host header (snsblog/middleware.py), and by the URLconf. It
needs only the database, so it imports no app.
"""

import logging

from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


# An UPDATE that changes nothing, on a small table every install has: it fails
# when the database cannot be written (disk full, read-only file or server).
WRITE_PROBE = (
    "UPDATE django_migrations SET id = id WHERE id = (SELECT MIN(id) FROM django_migrations)"
)


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 while the database can be read and written, 503 when it cannot, with
    "failed": "read" or "write". The write is rolled back. Touches no session."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("health check: database unreachable")
        return JsonResponse(
            {"status": "unavailable", "database": "unreachable", "failed": "read"}, status=503
        )
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(WRITE_PROBE)
            transaction.set_rollback(True)
    except DatabaseError:
        logger.exception("health check: database cannot be written")
        return JsonResponse(
            {"status": "unavailable", "database": "read-only", "failed": "write"}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok"})
