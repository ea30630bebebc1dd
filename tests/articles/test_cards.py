"""Share cards: a 1200×630 PNG per article, drawn on the server and cached per content version."""

import io

from PIL import Image

from articles.models import Article


def card_of(client, article: Article):
    response = client.get(f"{article.get_absolute_url()}card.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "public" in response["Cache-Control"]
    return Image.open(io.BytesIO(response.content)), response


def test_article_card_is_a_png_of_the_right_size_with_a_chart(client, seed_article):
    image, _ = card_of(client, seed_article)
    assert image.format == "PNG"
    assert image.size == (1200, 630)
    # The chart band and its bars: the accent colour fills a good part of the lower half.
    lower = image.convert("RGB").crop((0, 330, 1200, 630))
    accent = sum(count for count, colour in lower.getcolors(1_000_000) if colour == (37, 99, 235))
    assert accent > 2000


def test_card_without_facts_has_no_chart(client, make_article):
    image, _ = card_of(client, make_article(slug="no-facts", title="No facts here"))
    lower = image.convert("RGB").crop((0, 330, 1200, 630))
    assert lower.getcolors(1_000_000) == [(1200 * 300, (255, 255, 255))]


def test_card_is_cached_per_content_version(client, seed_article):
    _, first = card_of(client, seed_article)
    _, again = card_of(client, seed_article)
    assert first.content == again.content
    seed_article.title = "A completely different and much longer title " * 2
    seed_article.save()
    _, changed = card_of(client, seed_article)
    assert changed.content != first.content
    assert changed["ETag"] != first["ETag"]


def ink_in_title(image: Image.Image) -> int:
    """Dark pixels where the title is drawn."""
    band = image.convert("L").crop((60, 100, 1140, 300))
    return sum(count for count, level in band.getcolors(256) if level < 100)


def test_japanese_title_is_drawn_with_the_shipped_font(client, make_article):
    japanese, _ = card_of(client, make_article(slug="ミクシィ", title="ミクシィの利用者"))
    assert japanese.size == (1200, 630)
    # Drawn, not left out: as much ink as a Latin title of the same length has, or more.
    latin, _ = card_of(client, make_article(slug="mixi", title="Mixi users"))
    assert ink_in_title(japanese) > ink_in_title(latin) > 1000


def test_the_card_follows_the_interface_language(client, seed_article):
    _, english = card_of(client, seed_article)
    response = client.get(f"/ja/articles/{seed_article.slug}/card.png")
    assert response.status_code == 200
    assert response.content != english.content
    assert response["ETag"] != english["ETag"]


def test_drafts_have_no_card(client, make_article):
    draft = make_article(slug="draft", title="Draft", status=Article.Status.DRAFT)
    assert client.get(f"{draft.get_absolute_url()}card.png").status_code == 404


def test_other_pages_share_the_site_card(client, db):
    page = client.get("/").content.decode()
    assert '<meta property="og:image" content="http://testserver/card.png">' in page
    response = client.get("/card.png")
    assert Image.open(io.BytesIO(response.content)).size == (1200, 630)
