from django.contrib.syndication.views import Feed

from snsblog.site import at_site_url
from snsblog.text import xml_safe


def xml_safe_value(value):
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, list | tuple):
        return type(value)(xml_safe_value(item) for item in value)
    return value


class XmlSafeFeed(Feed):
    """A feed that drops characters XML 1.0 cannot carry from every text it writes
    (titles, author names, descriptions, categories, content), so that one bad row
    in the database does not turn the whole feed into a server error."""

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, at_site_url(request))
        feed.feed = {key: xml_safe_value(value) for key, value in feed.feed.items()}
        feed.items = [
            {key: xml_safe_value(value) for key, value in item.items()} for item in feed.items
        ]
        return feed
