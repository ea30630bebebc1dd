"""Plain-text posts: the first line is the title, blank lines separate paragraphs."""

import re

TRAILING_COMMENT_COUNT = re.compile(r"\n\s*Comments\s*\d*\s*$")


def parse_plain_text(text: str) -> tuple[str, str]:
    """Split a plain-text post into its title and a Markdown body.

    A trailing “Comments” or “Comments3” line, left over from a copied blog
    page, is dropped.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    title, _, rest = text.partition("\n")
    rest = TRAILING_COMMENT_COUNT.sub("", "\n" + rest)
    paragraphs = [
        " ".join(line.strip() for line in block.splitlines() if line.strip())
        for block in re.split(r"\n\s*\n", rest)
    ]
    return title.strip(), "\n\n".join(p for p in paragraphs if p)
