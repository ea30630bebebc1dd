"""One client address for the whole site, from trusted proxies only."""

import pytest
from django.test import RequestFactory

from snsblog.client_ip import client_ip

factory = RequestFactory()


def ip(remote: str, forwarded: str | None = None) -> str | None:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(factory.get("/", **extra))


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = ""
    assert ip("198.51.100.7", "203.0.113.9") == "198.51.100.7"
    assert ip("198.51.100.7") == "198.51.100.7"


@pytest.mark.parametrize("trusted", ["127.0.0.1", "127.0.0.0/8,10.0.0.0/8", "1"])
def test_behind_one_proxy_the_client_is_what_the_proxy_saw(settings, trusted):
    settings.TRUSTED_PROXIES = trusted
    assert ip("127.0.0.1", "203.0.113.5") == "203.0.113.5"
    # Whatever the client wrote itself stands left of what the proxy appended.
    assert ip("127.0.0.1", "6.6.6.6, 203.0.113.5") == "203.0.113.5"
    assert ip("127.0.0.1", "garbage, 203.0.113.5") == "203.0.113.5"
    assert ip("127.0.0.1", "[2001:db8::1]:443") == "2001:db8::1"


def test_a_direct_client_cannot_choose_its_address(settings):
    settings.TRUSTED_PROXIES = "127.0.0.1"
    assert ip("198.51.100.7", "203.0.113.9") == "198.51.100.7"


def test_a_chain_of_trusted_proxies(settings):
    settings.TRUSTED_PROXIES = "127.0.0.1,10.0.0.0/8"
    assert ip("127.0.0.1", "6.6.6.6, 203.0.113.5, 10.0.0.9") == "203.0.113.5"
    settings.TRUSTED_PROXIES = "2"
    assert ip("127.0.0.1", "6.6.6.6, 203.0.113.5, 10.0.0.9") == "203.0.113.5"


def test_the_same_address_reaches_comments_lockouts_and_logs(settings, client, make_article):
    from axes.helpers import get_client_ip_address

    settings.TRUSTED_PROXIES = "127.0.0.1"
    request = factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert get_client_ip_address(request) == "203.0.113.5"
