from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, str]:
    """The site's public address, for canonical URLs and social cards."""
    return {"site_url": settings.SITE_URL.rstrip("/")}
