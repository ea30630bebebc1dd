"""Article bodies to safe HTML, done once when an article is saved: Markdown for
articles written here, HTML as WordPress writes it for imported ones."""

import markdown
import nh3

from articles.body_html.wordpress import render_wordpress

# Markdown articles keep the set they were always rendered with, so their HTML does
# not change; imported HTML keeps the semantic tags WordPress posts use.
MARKDOWN_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "figcaption", "figure", "h2", "h3", "h4",
    "hr", "img", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "ul",
}  # fmt: skip
MARKDOWN_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"align"},
    "th": {"align"},
}
ALLOWED_TAGS = {
    "a", "abbr", "address", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small",
    "span", "strike", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "u", "ul", "var",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "del": {"cite", "datetime"},
    "img": {"src", "alt", "title", "width", "height"},
    "ins": {"cite", "datetime"},
    "li": {"value"},
    "ol": {"start", "reversed", "type"},
    "q": {"cite"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
}


def sanitize(
    html: str,
    tags: set[str] = ALLOWED_TAGS,
    attributes: dict[str, set[str]] = ALLOWED_ATTRIBUTES,
) -> str:
    """Keep only tags, attributes and URL schemes that are safe: no script, no styles,
    no event handlers, no javascript: links."""
    return nh3.clean(
        html,
        tags=tags,
        attributes=attributes,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def render_markdown(text: str) -> str:
    """Render Markdown, then sanitise."""
    html = markdown.markdown(text, extensions=["tables", "sane_lists", "smarty"])
    return sanitize(html, MARKDOWN_TAGS, MARKDOWN_ATTRIBUTES)


def render_body(text: str, body_format: str = "markdown") -> str:
    """An article body in its format ("markdown" or "html") as safe HTML."""
    if body_format == "html":
        return sanitize(render_wordpress(text))
    return render_markdown(text)
