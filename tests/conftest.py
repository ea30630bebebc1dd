import datetime
import io
import os
import tempfile

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.test.testcases import LiveServerThread
from django.utils import timezone, translation
from pytest_django.live_server_helper import LiveServer

from articles.editors import EDITORS_GROUP
from articles.models import Article
from snsblog.fragments import fragments


class SiteLiveServer(LiveServer):
    """pytest-django's live server, with static files served by the site's own
    middleware (whitenoise), as under gunicorn. Django's test handler for static
    files cannot find the hashed names that production settings put in pages."""

    def __init__(self, addr: str) -> None:
        super().__init__(addr, start=False)
        self.thread = LiveServerThread(
            self.thread.host,
            static_handler=lambda application: application,
            connections_override=self.thread.connections_override,
            port=self.thread.port,
        )
        self.thread.daemon = True
        self.start()


@pytest.fixture(scope="session")
def live_server(request):
    server = SiteLiveServer(
        request.config.getvalue("liveserver")
        or os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    yield server
    server.stop()


def pytest_configure(config) -> None:
    """Keep the file cache of the test run apart from the development server's."""
    from django.conf import settings

    default = settings.CACHES["default"]
    if default["BACKEND"].endswith("FileBasedCache"):
        default["LOCATION"] = tempfile.mkdtemp(prefix="snsblog-test-cache-")


@pytest.fixture(autouse=True)
def mail_in_the_foreground(settings):
    """Send comment emails at commit, in the test's thread, so tests see them at once."""
    settings.NOTIFICATIONS_IN_BACKGROUND = False


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    fragments.clear()
    yield
    cache.clear()
    fragments.clear()


@pytest.fixture
def seed_article(db) -> Article:
    call_command("load_seed", stdout=io.StringIO())
    return Article.objects.get(slug="so-mixi-now-has-an-official-facebook-page")


@pytest.fixture
def make_article(db):
    def make(**fields) -> Article:
        fields.setdefault("title", "An article")
        fields.setdefault("slug", "an-article")
        fields.setdefault("body", "Some *text*.")
        fields.setdefault("status", Article.Status.PUBLISHED)
        if fields["status"] == Article.Status.PUBLISHED:
            fields.setdefault("published_at", timezone.now() - datetime.timedelta(days=1))
        article = Article(**fields)
        article.full_clean()
        article.save()
        return article

    return make


@pytest.fixture
def editor(db) -> User:
    user = User.objects.create_user(
        "eddie", "eddie@example.com", "a-long-editor-pass", is_staff=True
    )
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user


@pytest.fixture
def editor_client(editor) -> Client:
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture(autouse=True)
def interface_in_english():
    """Each test starts in the default language, as each request does: a request to a
    /ja/ page leaves its thread in Japanese, which the next test must not inherit."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
