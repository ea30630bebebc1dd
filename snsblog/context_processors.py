from django.http import HttpRequest
from django.urls import reverse

from snsblog.languages import alternates
from snsblog.site import absolute, base_url


def site(request: HttpRequest) -> dict:
    """The site's public address, this page's (percent-encoded) and its share card,
    for canonical URLs and social cards, and this page in each language (hreflang
    and the language links). The article page names its own."""
    return {
        "site_url": base_url(request),
        "canonical_url": absolute(request.path, request),
        "page_path": request.path,
        "language_alternates": [
            (code, absolute(path, request)) for code, path in alternates(request.path)
        ],
        "share_card_url": absolute(reverse("articles:site-card"), request),
        "share_card_alt": "snsblog: social networks, in figures",
    }
