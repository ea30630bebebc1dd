"""Pages put together from cached fragments and a few per-request parts, the
machinery behind the article page (articles/page.py). It knows no app.

Rendering a page through nested templates would copy its big parts at every level
of nesting, on every request. Instead a page is a *shell* with markers, and its
fragments (snsblog/fragments.py) are spliced into it in one pass. The fragments a
request renders reach the shared cache once the page has been sent.
"""

import re
from collections.abc import Callable

from django.http import HttpResponse

from snsblog.fragments import fragments

MARKER = re.compile(rb"\xee\x80\x80(\w+)\xee\x80\x81")


def marker(name: str) -> str:
    """A stand-in for a part of the page: private-use characters that no escaping changes."""
    return f"\ue000{name}\ue001"


def markers(names: tuple[str, ...], suffix: str = "") -> dict[str, str]:
    return {name: marker(name + suffix) for name in names}


def splice(shell: bytes | str, parts: dict[str, bytes]) -> list[bytes]:
    """The shell with each marker replaced by its part, as chunks to send without joining."""
    chunks = MARKER.split(shell.encode() if isinstance(shell, str) else shell)
    for index in range(1, len(chunks), 2):
        name = chunks[index].decode()
        chunks[index] = parts.get(name, marker(name).encode())
    return chunks


def page_response(build: Callable[[], list[bytes]], status: int = 200) -> HttpResponse:
    """The page `build` assembles; the fragments it renders are stored once it is sent."""
    with fragments.deferred_writes() as pending:
        chunks = build()
    return PageResponse(chunks, pending, status=status)


class PageResponse(HttpResponse):
    """A page whose new fragments reach the shared cache once it has been sent: the
    WSGI server closes a response after its last byte (gunicorn, runserver and the
    test client alike)."""

    def __init__(self, content, pending: dict, **kwargs) -> None:
        super().__init__(content, **kwargs)
        self.pending = pending

    def close(self) -> None:
        try:
            if self.pending:
                fragments.store(self.pending)
        finally:
            super().close()
