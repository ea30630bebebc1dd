import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User

from articles.editors import EDITORS_GROUP
from tests.browser.login import EDITOR_PASSWORD, EDITOR_USERNAME, log_in

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# tests make there are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        reason = f"Chromium is not installed at {CHROMIUM} (.ci/install-tools as root)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must run the browser tests")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    contexts = []

    def new_page(**options):
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield new_page
    for context in contexts:
        context.close()


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, installed by `make test` (npm ci, pinned in package-lock.json)."""
    if not AXE.exists():
        reason = f"axe-core is not installed at {AXE} (make test-tools, which runs npm ci)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must run the accessibility tests")
        pytest.skip(reason)
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def editor(db):
    """A member of the editors group, as the site's editors are."""
    user = User.objects.create_user(
        EDITOR_USERNAME, "hana@example.jp", EDITOR_PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user


@pytest.fixture
def editor_page(new_page, live_server, editor):
    """New pages, each logged in to the admin as the editor."""

    def open_page(next_path: str = "/admin/", **options):
        page = new_page(**options)
        return log_in(page, live_server.url, EDITOR_USERNAME, EDITOR_PASSWORD, next_path)

    return open_page
