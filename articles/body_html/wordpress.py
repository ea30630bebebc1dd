"""Post content as WordPress writes it, turned into HTML as WordPress shows it.

WordPress stores a post as HTML with the paragraphs left out: its `wpautop` adds
them when the post is shown (a blank line ends a paragraph, a single newline is a
line break, nothing changes inside `pre`), after shortcodes such as `[caption]`
have been expanded. This does the same, once, when an imported article is saved;
the result then goes through the sanitiser like any article body.
"""

import html
import re

BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre"
    r"|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section"
    r"|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)
BLOCK_EDITOR_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.DOTALL)
MORE = re.compile(r"<!--\s*more\b.*?-->", re.IGNORECASE | re.DOTALL)
NEXT_PAGE = re.compile(r"<!--\s*nextpage\s*-->", re.IGNORECASE)
PRE = re.compile(r"<pre\b.*?</pre>", re.IGNORECASE | re.DOTALL)
TAG = re.compile(r"<[^>]*>")
ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
CAPTION = re.compile(
    r"\[(?:wp_)?caption\b([^\]]*)\](.*?)\[/(?:wp_)?caption\]", re.IGNORECASE | re.DOTALL
)
# The media itself (an image, perhaps inside a link) and the caption after it.
CAPTION_MEDIA = re.compile(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.DOTALL)
GALLERY = re.compile(r"\[gallery\b([^\]]*)\]", re.IGNORECASE)
EMBED = re.compile(r"\[embed\b[^\]]*\](.*?)\[/embed\]", re.IGNORECASE | re.DOTALL)
BARE_URL_LINE = re.compile(r"^(\s*)(https?://[^\s<>\"']+)(\s*)$", re.MULTILINE)


def split_more(content: str) -> tuple[str, str]:
    """The teaser before `<!--more-->` (or "") and the content without the marker."""
    match = MORE.search(content)
    if match is None:
        return "", content
    return content[: match.start()], content[: match.start()] + content[match.end() :]


def attributes(text: str) -> dict[str, str]:
    return {
        match.group(1).lower(): next(g for g in match.groups()[1:] if g is not None)
        for match in ATTRIBUTE.finditer(text)
    }


def expand_caption(match: re.Match) -> str:
    options = attributes(match.group(1))
    inner = match.group(2).strip()
    media = CAPTION_MEDIA.match(inner)
    if media is not None:
        content, caption = media.group(1), media.group(2).strip()
    else:
        content, caption = inner, ""
    caption = caption or html.escape(options.get("caption", ""), quote=False)
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"<figure>{content}{figcaption}</figure>"


def gallery_expander(attachments: dict[int, tuple[str, str]], children: list[int]):
    """A `[gallery]` as a list of links to its images: the attachments it names, or
    those attached to the post. Images stay on the old site, so they are linked."""

    def expand(match: re.Match) -> str:
        options = attributes(match.group(1))
        ids = [int(i) for i in re.findall(r"\d+", options.get("ids", options.get("include", "")))]
        items = []
        for attachment_id in ids or children:
            if attachment_id not in attachments:
                continue
            url, title = attachments[attachment_id]
            label = html.escape(title or url.rsplit("/", 1)[-1])
            items.append(f'<li><a href="{html.escape(url)}">{label}</a></li>')
        return f"<ul>{''.join(items)}</ul>" if items else ""

    return expand


def link(url: str) -> str:
    url = html.escape(html.unescape(url.strip()))
    return f'<a href="{url}">{url}</a>'


def expand_gallery(
    content: str, attachments: dict[int, tuple[str, str]], children: list[int]
) -> str:
    """Done at import, while the export's attachments (ID: URL and title) are known."""
    return GALLERY.sub(gallery_expander(attachments, children), content)


def expand_shortcodes(content: str) -> str:
    """`[caption]` becomes a figure, `[embed]` and a URL alone on its line a link.
    Other shortcodes stay as they are written."""
    content = CAPTION.sub(expand_caption, content)
    content = EMBED.sub(lambda m: link(m.group(1)), content)
    return BARE_URL_LINE.sub(lambda m: m.group(1) + link(m.group(2)) + m.group(3), content)


def autop(text: str) -> str:
    """Paragraphs from blank lines and line breaks from single newlines, as wpautop."""
    if not text.strip():
        return ""
    pres: list[str] = []

    def keep_pre(match: re.Match) -> str:
        pres.append(match.group(0))
        return f"<pre wp-pre-tag-{len(pres) - 1}></pre>"

    text = PRE.sub(keep_pre, text + "\n")
    # A newline inside a tag is a space, not a line break.
    text = TAG.sub(lambda m: m.group(0).replace("\r", " ").replace("\n", " "), text)
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    text = re.sub(rf"(<{BLOCKS}[\s/>])", r"\n\n\1", text)
    text = re.sub(rf"(</{BLOCKS}>)", r"\1\n\n", text)
    text = re.sub(r"<hr\s*?/?>", "<hr />\n\n", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"\s*<option", "<option", text)
    text = re.sub(r"</option>\s*", "</option>", text)
    text = re.sub(r"\n\n+", "\n\n", text)
    pieces = [piece for piece in re.split(r"\n\s*\n", text) if piece.strip()]
    text = "".join(f"<p>{piece.strip(chr(10))}</p>\n" for piece in pieces)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(rf"<p>\s*(</?{BLOCKS}[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(rf"<p>\s*(</?{BLOCKS}[^>]*>)", r"\1", text)
    text = re.sub(rf"(</?{BLOCKS}[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
    text = re.sub(rf"(</?{BLOCKS}[^>]*>)\s*<br />", r"\1", text)
    text = re.sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text)
    text = re.sub(r"\n</p>$", "</p>", text)
    for number, pre in enumerate(pres):
        text = text.replace(f"<pre wp-pre-tag-{number}></pre>", pre)
    return text


def render_wordpress(content: str) -> str:
    """WordPress post content as the HTML WordPress would show (not yet sanitised)."""
    content = BLOCK_EDITOR_COMMENT.sub("", content)
    content = NEXT_PAGE.sub("", split_more(content)[1])
    return autop(expand_shortcodes(content))
