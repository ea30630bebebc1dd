from django.http import HttpRequest, HttpResponse

_REFERENCE_BODIES: dict[int, bytes] = {}


def bench_reference(request: HttpRequest, size: int) -> HttpResponse:
    """A page of `size` bytes straight from memory: the fastest this stack can answer.

    Routed only when BENCH_REFERENCE_VIEW=1, for `make bench`.
    """
    size = min(size, 10_000_000)
    body = _REFERENCE_BODIES.setdefault(size, b"x" * size)
    return HttpResponse(body, content_type="text/html; charset=utf-8")
