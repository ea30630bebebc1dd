"""The README and docs/: every link leads to a file (and heading) that exists, every
`make` target and `manage.py` command they name exists, every repository path they
name in code exists, and the README stays a first day's reading."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands

BASE_DIR = Path(settings.BASE_DIR)
README = BASE_DIR / "README.md"
DOCS = sorted((BASE_DIR / "docs").glob("*.md"))
PAGES = [README, *DOCS]
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
CODE = re.compile(r"```[^\n]*\n(.*?)```|`([^`\n]+)`", re.S)
MAKE = re.compile(r"(?:^|[\s;(])make ([a-z][\w-]*)")
MANAGE = re.compile(r"manage\.py ([a-z][\w]*)")
# A path inside the repository, as the pages write them in code.
REPO_PATH = re.compile(
    r"(?<![\w./-])((?:snsblog|articles|comments|templates|tests|deploy|static|bench|docs|\.ci)"
    r"/[\w./@-]*[\w/])"
)


def code_of(page: Path) -> str:
    return "\n".join(block or span for block, span in CODE.findall(page.read_text()))


def heading_ids(page: Path) -> set[str]:
    """The ids GitHub gives a page's headings."""
    ids = set()
    for heading in re.findall(r"^#+ (.+)$", page.read_text(), re.M):
        ids.add(re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-"))
    return ids


def make_targets() -> set[str]:
    makefile = (BASE_DIR / "Makefile").read_text()
    return set(re.findall(r"^([a-z][\w-]*)(?: [\w -]*)?:(?!=)", makefile, re.M))


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_link_leads_to_a_file_and_heading_that_exist(page):
    broken = []
    for target in LINK.findall(page.read_text()):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.exists():
            broken.append(target)
        elif anchor and file.suffix == ".md" and anchor not in heading_ids(file):
            broken.append(f"{target} (no such heading)")
    assert not broken, f"{page.name}: {broken}"


def test_the_readme_links_every_docs_page_and_stays_short():
    text = README.read_text()
    linked = {(BASE_DIR / target.partition("#")[0]).resolve() for target in LINK.findall(text)}
    assert DOCS, "docs/ has no pages"
    assert [page.name for page in DOCS if page not in linked] == []
    assert len(README.read_bytes()) < 10_000
    assert "make run" in text
    assert "make test" in text


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_command_named_exists(page):
    code = code_of(page)
    targets = set(MAKE.findall(code))
    commands = set(MANAGE.findall(code))
    assert targets - make_targets() == set(), f"{page.name}: no such make target"
    assert commands - set(get_commands()) == set(), f"{page.name}: no such manage.py command"


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_repository_path_named_exists(page):
    paths = set(REPO_PATH.findall(code_of(page)))
    assert [path for path in sorted(paths) if not (BASE_DIR / path).exists()] == []
