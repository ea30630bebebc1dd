"""Share cards: the PNG (1200×630) that social networks show for a shared page, with
the article's title and its headline chart.

Drawn with Pillow from the same chart data as the page's SVG charts
(articles/charts/layout.py), so the two never disagree, in the interface's language. The
font is IPAex Gothic, shipped in articles/fonts/ (Latin and Japanese), the same on
every machine, fetched from nowhere; characters it cannot draw are left out rather
than drawn as boxes.
"""

import io
from functools import cache
from pathlib import Path

from django.utils.translation import gettext
from PIL import Image, ImageDraw, ImageFont

from articles.charts.layout import BarChart, LineChart, article_charts
from articles.models import Article

WIDTH, HEIGHT = 1200, 630
PADDING = 60
INK = (28, 32, 38)
MUTED = (96, 104, 116)
ACCENT = (37, 99, 235)
PROJECTION = (147, 178, 245)
PAPER = (255, 255, 255)
BAND = (241, 245, 249)
TITLE_SIZE = 56
TITLE_LINES = 3


FONT = Path(__file__).resolve().parent.parent / "fonts" / "ipaexg.ttf"


@cache
def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT, size=size)


@cache
def missing_glyph(size: int) -> bytes:
    """The bitmap the font draws for a character it does not have."""
    return bytes(font(size).getmask("\ufffe"))


def drawable(text: str, size: int) -> str:
    """The text without the characters the font cannot draw, spaces collapsed."""
    missing = missing_glyph(size)
    kept = "".join(ch for ch in text if ch.isspace() or bytes(font(size).getmask(ch)) != missing)
    return " ".join(kept.split())


def wrap(draw: ImageDraw.ImageDraw, text: str, size: int, width: int, lines: int) -> list[str]:
    """Words on at most `lines` lines of `width` pixels; the last ends in … if cut."""
    result: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if draw.textlength(candidate, font=font(size)) <= width or not current:
            current = candidate
            continue
        result.append(current)
        current = word
        if len(result) == lines:
            break
    if current and len(result) < lines:
        result.append(current)
    elif result:
        last = result[-1]
        while last and draw.textlength(last + "…", font=font(size)) > width:
            last = last[:-1]
        result[-1] = last.rstrip() + "…"
    return result


def share_card(article: Article | None) -> bytes:
    """The article's card, or the site's when `article` is None."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 12), fill=ACCENT)
    draw.text((PADDING, 40), "snsblog", font=font(30), fill=ACCENT)
    tagline = gettext("social networks, in figures")
    draw.text((PADDING + 140, 48), tagline, font=font(22), fill=MUTED)
    if article is None:
        for number, line in enumerate(
            (gettext("Writing about social networks"), gettext("with sourced figures"))
        ):
            draw.text((PADDING, 200 + number * 80), line, font=font(64), fill=INK)
        return png(image)
    title = drawable(article.title, TITLE_SIZE)
    lines = wrap(draw, title, TITLE_SIZE, WIDTH - 2 * PADDING, TITLE_LINES) if title else []
    for index, line in enumerate(lines):
        draw.text((PADDING, 100 + index * 66), line, font=font(TITLE_SIZE), fill=INK)
    charts = article_charts(list(article.facts.with_details()))
    if charts:
        top = 110 + max(1, len(lines)) * 66
        draw_chart(image, charts[0], (PADDING, top, WIDTH - PADDING, HEIGHT - 30))
    return png(image)


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def draw_chart(image: Image.Image, chart: BarChart | LineChart, box: tuple) -> None:
    """The chart, scaled from its SVG coordinates into the box under a caption."""
    left, top, right, bottom = box
    draw = ImageDraw.Draw(image)
    draw.rectangle(box, fill=BAND)
    caption = drawable(chart.title, 24)
    draw.text((left + 16, top + 10), caption, font=font(24), fill=MUTED)
    area_top = top + 44
    scale = min((right - left - 32) / chart.width, (bottom - area_top - 10) / chart.height)
    x0 = left + 16 + ((right - left - 32) - chart.width * scale) / 2
    y0 = area_top

    def at(x: float, y: float) -> tuple[float, float]:
        return x0 + x * scale, y0 + y * scale

    size = max(12, round(13 * scale))
    if isinstance(chart, BarChart):
        for bar in chart.bars:
            x1, y1 = at(chart.bar_x, bar.y)
            x2, y2 = at(chart.bar_x + bar.width, bar.y + chart.bar_height)
            draw.rectangle((x1, y1, max(x1 + 2, x2), y2), fill=ACCENT)
            label = drawable(bar.label, size)
            # As on the page: the label on its own line above the bar.
            draw.text(at(0, bar.label_y), label, font=font(size), fill=INK, anchor="ls")
            draw.text(
                at(bar.value_x, bar.text_y), bar.value_label, font=font(size), fill=INK, anchor="ls"
            )
        return
    baseline = at(chart.left, chart.baseline_y)[1]
    draw.line(
        (*at(chart.left, chart.baseline_y), *at(chart.right, chart.baseline_y)), fill=MUTED, width=2
    )
    for segment in chart.segments:
        colour = PROJECTION if segment.is_projection else ACCENT
        draw.line((*at(segment.x1, segment.y1), *at(segment.x2, segment.y2)), fill=colour, width=5)
    anchors = {"start": "l", "middle": "m", "end": "r"}
    for point in chart.points:
        x, y = at(point.x, point.y)
        colour = PROJECTION if point.is_projection else ACCENT
        draw.ellipse((x - 7, y - 7, x + 7, y + 7), fill=colour)
        anchor = anchors.get(point.anchor, "m")
        draw.text(
            at(point.x, point.value_y), point.label, font=font(size), fill=INK, anchor=anchor + "s"
        )
        date = drawable(point.date_label, size)
        draw.text((x, baseline + 8), date, font=font(size), fill=MUTED, anchor=anchor + "t")
