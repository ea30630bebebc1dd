import logging
import re
import time
import uuid

from django.conf import settings
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("snsblog.requests")

REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestLogMiddleware:
    """Gives every request an id (kept from a proxy's X-Request-ID when sane), returns it
    in X-Request-ID, and logs slow requests and server errors with it."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request.id = incoming if REQUEST_ID.match(incoming) else uuid.uuid4().hex
        start = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - start) * 1000, 1)
        response["X-Request-ID"] = request.id
        details = {
            "request_id": request.id,
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": duration_ms,
        }
        if response.status_code >= 500:
            logger.error("server error", extra=details)
        elif duration_ms >= settings.SLOW_REQUEST_MS:
            logger.warning("slow request", extra=details)
        return response


class PermissionsPolicyMiddleware:
    """Switches off browser features the site never uses."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
