import logging
import re
import time
import uuid
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    QueryDict,
    UnreadablePostError,
)
from django.http.multipartparser import MultiPartParserError
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language_from_path

from snsblog.client_ip import client_ip
from snsblog.health import healthz
from snsblog.languages import has_one_address, in_language, preferred_language

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
            "client_ip": client_ip(request),
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


class HealthCheckMiddleware:
    """Answers /healthz before anything looks at the Host header or the scheme: load
    balancers probe app servers by IP address or an internal name, over plain HTTP.
    Only this path answers for any Host; ALLOWED_HOSTS still guards every other."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == "/healthz":
            return healthz(request)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Switches off browser features the site never uses."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


NUL_MESSAGE = "Bad request: the address or the form contains a null character."
CHARSET_MESSAGE = "Bad request: forms must be sent in UTF-8."
NOT_UTF8_MESSAGE = "Bad request: the form data is not valid UTF-8."
UNREADABLE_MESSAGE = "Bad request: the form data could not be read."
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def refuse_input(message: str) -> HttpResponse:
    return HttpResponseBadRequest(message + "\n", content_type="text/plain; charset=utf-8")


def has_nul(data: QueryDict) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in data.lists()
    )


def form_problem(request: HttpRequest) -> str:
    """Why the posted form cannot be read as UTF-8 form data, or "" when it can."""
    charset = request.content_params.get("charset")
    if charset is not None and charset.strip().lower() != "utf-8":
        return CHARSET_MESSAGE
    try:
        if request.content_type == "application/x-www-form-urlencoded":
            for pair in request.body.split(b"&"):
                unquote_to_bytes(pair.replace(b"+", b" ")).decode("utf-8")
        request.POST  # noqa: B018 - parsed here, where a failure can be answered
    except UnicodeDecodeError:
        return NOT_UTF8_MESSAGE
    except (BadRequest, SuspiciousOperation, MultiPartParserError, UnreadablePostError):
        return UNREADABLE_MESSAGE
    return ""


def validates_own_input(view):
    """Mark a view whose forms refuse null characters themselves, with the reader's
    text kept; RequestInputMiddleware then leaves its POST values to the view."""
    view.validates_own_input = True
    return view


class RequestInputMiddleware:
    """Answers a short plain 400 to requests no view can use safely:

    - a null character in the path, the query string or a posted form value
      (PostgreSQL refuses text with NUL, so a lookup would fail with an error);
    - a form posted in a charset other than UTF-8 (or an unknown one), a form body
      that is not valid UTF-8, or one Django cannot parse. Django raises BadRequest
      each time request.POST is read, and the CSRF check reads it again inside the
      400 handler, which turned these into 500s. Here the form is read once, before
      anything else reads it.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or has_nul(request.GET):
            return refuse_input(NUL_MESSAGE)
        if request.method == "POST" and request.content_type in FORM_TYPES:
            problem = form_problem(request)
            if problem:
                return refuse_input(problem)
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, args, kwargs) -> HttpResponse | None:
        if request.method != "POST" or getattr(view, "validates_own_input", False):
            return None
        if has_nul(request.POST):
            return refuse_input(NUL_MESSAGE)
        return None


class PreferredLanguageMiddleware:
    """A page asked for without a language prefix goes to the same page in the
    reader's language, when they chose Japanese or their browser prefers it
    (snsblog/languages.py); a page with one address only, such as the admin, is
    answered in that language where it is. After LocaleMiddleware, which speaks
    English at every address without a prefix; those responses vary on both."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        unprefixed = get_language_from_path(request.path_info) is None
        preferred = preferred_language(request) if unprefixed else settings.LANGUAGE_CODE
        if preferred != settings.LANGUAGE_CODE:
            if request.method in ("GET", "HEAD"):
                target = in_language(request.path, preferred)
                if target != request.path:
                    query = request.META.get("QUERY_STRING", "")
                    response = HttpResponseRedirect(target + (f"?{query}" if query else ""))
                    patch_vary_headers(response, ("Accept-Language", "Cookie"))
                    return response
            if has_one_address(request.path_info):
                translation.activate(preferred)
                request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        if unprefixed:
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response
