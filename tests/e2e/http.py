"""A small HTTP client for the end-to-end tests: the standard library only.

Each Client has its own cookie jar, so several of them are several browsers.
Redirects are not followed, so a test can assert the 302 and where it points;
error statuses come back as responses, not exceptions.
"""

import functools
import http.client
import http.cookiejar
import re
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser

TIMEOUT = 30


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    url: str

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def location(self) -> str:
        return self.headers.get("location", "")

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


class KeepEveryResponse(urllib.request.HTTPErrorProcessor):
    """Hand back 3xx, 4xx and 5xx answers as they are: no redirects, no exceptions."""

    def http_response(self, request, response):
        return response

    https_response = http_response


class FromAddress(urllib.request.HTTPHandler):
    """Plain HTTP from a chosen local address: on Linux all of 127.0.0.0/8 is loopback,
    so 127.0.0.2 and 127.0.0.3 are two machines to a server on 127.0.0.1."""

    def __init__(self, source_address: str) -> None:
        super().__init__()
        self.source_address = source_address

    def http_open(self, req):
        connection = functools.partial(
            http.client.HTTPConnection, source_address=(self.source_address, 0)
        )
        return self.do_open(connection, req)


class Client:
    def __init__(
        self,
        base_url: str,
        user_agent: str = "snsblog-e2e",
        source_address: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        """source_address: the local address to connect from; headers: sent with
        every request (e.g. an X-Forwarded-For of the client's own)."""
        self.base_url = base_url.rstrip("/")
        self.user_agent = user_agent
        self.source_address = source_address
        self.headers = dict(headers or {})
        self.cookies = http.cookiejar.CookieJar()
        handlers = [urllib.request.HTTPCookieProcessor(self.cookies), KeepEveryResponse()]
        if source_address:
            handlers.append(FromAddress(source_address))
        self.opener = urllib.request.build_opener(*handlers)

    def url(self, path: str) -> str:
        return path if path.startswith("http") else self.base_url + path

    def request(
        self, method: str, path: str, data: list[tuple[str, str]] | dict | None = None
    ) -> Response:
        body = None
        headers = {**self.headers, "User-Agent": self.user_agent}
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(self.url(path), data=body, method=method, headers=headers)
        with self.opener.open(request, timeout=TIMEOUT) as answer:
            return Response(
                status=answer.status,
                headers={name.lower(): value for name, value in answer.headers.items()},
                body=answer.read(),
                url=answer.url,
            )

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, data: list[tuple[str, str]] | dict) -> Response:
        return self.request("POST", path, data)

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.cookies if c.name == name), None)


@dataclass
class Form:
    """What a browser would submit from one <form>: its successful controls, in order."""

    action: str
    method: str
    attrs: dict[str, str]
    fields: list[tuple[str, str]] = field(default_factory=list)

    def __getitem__(self, name: str) -> str:
        for key, value in self.fields:
            if key == name:
                return value
        raise KeyError(name)

    def get(self, name: str, default: str | None = None) -> str | None:
        try:
            return self[name]
        except KeyError:
            return default

    def __contains__(self, name: str) -> bool:
        return any(key == name for key, _ in self.fields)

    def __setitem__(self, name: str, value: str) -> None:
        """Replace the value of a field (all values, for a multiple select), or add it."""
        self.fields = [(key, v) for key, v in self.fields if key != name]
        self.fields.append((name, value))

    def __delitem__(self, name: str) -> None:
        self.fields = [(key, v) for key, v in self.fields if key != name]

    def data(self, **extra: str) -> list[tuple[str, str]]:
        return [*self.fields, *extra.items()]


NOT_SUBMITTED = {"submit", "button", "image", "reset", "file"}


class FormParser(HTMLParser):
    """Reads every form of a page with the values a browser would send."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.textarea: tuple[str, list[str]] | None = None
        # An open <select>: its name, whether it is multiple, its options
        # as (value, selected) and the option being read (attrs, text parts).
        self.select: dict | None = None
        self.option: tuple[dict, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: (value if value is not None else "") for name, value in attrs}
        if tag == "form":
            self.form = Form(
                action=attributes.get("action", ""),
                method=attributes.get("method", "get").lower(),
                attrs=attributes,
            )
            self.forms.append(self.form)
            return
        if self.form is None:
            return
        if tag == "input":
            self.read_input(attributes)
        elif tag == "textarea" and "name" in attributes and "disabled" not in attributes:
            self.textarea = (attributes["name"], [])
        elif tag == "select" and "name" in attributes and "disabled" not in attributes:
            self.select = {
                "name": attributes["name"],
                "multiple": "multiple" in attributes,
                "options": [],
            }
        elif tag == "option" and self.select is not None:
            self.end_option()
            self.option = (attributes, [])

    def read_input(self, attributes: dict[str, str]) -> None:
        kind = attributes.get("type", "text").lower()
        name = attributes.get("name")
        if not name or kind in NOT_SUBMITTED or "disabled" in attributes:
            return
        if kind in {"checkbox", "radio"}:
            if "checked" in attributes:
                self.form.fields.append((name, attributes.get("value", "on")))
            return
        self.form.fields.append((name, attributes.get("value", "")))

    def end_option(self) -> None:
        if self.option is None:
            return
        attributes, text = self.option
        value = attributes["value"] if "value" in attributes else "".join(text).strip()
        self.select["options"].append((value, "selected" in attributes))
        self.option = None

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea[1].append(data)
        elif self.option is not None:
            self.option[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = None
        elif tag == "textarea" and self.textarea is not None and self.form is not None:
            name, parts = self.textarea
            text = "".join(parts)
            # A browser drops one newline right after <textarea>.
            if text.startswith("\r\n"):
                text = text[2:]
            elif text.startswith("\n"):
                text = text[1:]
            self.form.fields.append((name, text))
            self.textarea = None
        elif tag == "option":
            self.end_option()
        elif tag == "select" and self.select is not None and self.form is not None:
            self.end_option()
            options = self.select["options"]
            chosen = [value for value, selected in options if selected]
            if not chosen and options and not self.select["multiple"]:
                chosen = [options[0][0]]
            self.form.fields.extend((self.select["name"], value) for value in chosen)
            self.select = None


def forms_of(html: str) -> list[Form]:
    parser = FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def find_form(html: str, *, id: str | None = None, action: str | None = None) -> Form:
    """The form with this id, or the first whose action matches the regular expression."""
    forms = forms_of(html)
    for form in forms:
        if id is not None and form.attrs.get("id") == id:
            return form
        if action is not None and re.search(action, form.action):
            return form
    found = [(form.attrs.get("id"), form.action) for form in forms]
    raise AssertionError(f"no form with id={id!r} or action={action!r}; the page has {found}")


class AssetParser(HTMLParser):
    """The stylesheets and scripts a page loads."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stylesheets: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "link" and "stylesheet" in attributes.get("rel", "").lower().split():
            self.stylesheets.append(attributes.get("href", ""))
        elif tag == "script" and "src" in attributes:
            self.scripts.append(attributes["src"])


def assets_of(html: str) -> list[str]:
    parser = AssetParser()
    parser.feed(html)
    parser.close()
    return [*parser.stylesheets, *parser.scripts]


class AnchorParser(HTMLParser):
    """The href of every <a> of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href" and value]


def links_of(html: str) -> list[str]:
    parser = AnchorParser()
    parser.feed(html)
    parser.close()
    return parser.hrefs


class LinkParser(HTMLParser):
    """<link rel="alternate"> elements of a page, as (type, title, href)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.alternates: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "link" and "alternate" in attributes.get("rel", "").lower().split():
            self.alternates.append(
                (attributes.get("type", ""), attributes.get("title", ""), attributes["href"])
            )


def alternate_links(html: str) -> list[tuple[str, str, str]]:
    parser = LinkParser()
    parser.feed(html)
    parser.close()
    return parser.alternates
