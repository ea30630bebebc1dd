from django.http import HttpRequest
from django.urls import reverse

from snsblog.site import absolute, base_url


def site(request: HttpRequest) -> dict[str, str]:
    """The site's public address, this page's (percent-encoded) and its share card,
    for canonical URLs and social cards. The article page names its own."""
    return {
        "site_url": base_url(request),
        "canonical_url": absolute(request.path, request),
        "share_card_url": absolute(reverse("articles:site-card"), request),
        "share_card_alt": "snsblog: social networks, in figures",
    }
