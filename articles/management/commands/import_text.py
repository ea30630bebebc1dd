"""Import a plain-text post as a draft: the first line is the title, blank lines
separate paragraphs, a trailing “Comments” or “Comments3” line is dropped.

    python manage.py import_text post.txt [--tags mixi,line]
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.text import slugify

from articles.formatting import guess_language
from articles.importers.common import SLUG_LENGTH, unique_slug
from articles.importers.text import parse_plain_text
from articles.models import Article


class Command(BaseCommand):
    help = "Import a plain-text post as a draft article."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--tags", default="", help="Comma-separated tags.")

    def handle(self, *args, path: Path, tags: str, **options) -> None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        title, body = parse_plain_text(text)
        if not title or not body:
            raise CommandError(f"{path} needs a title line and at least one paragraph.")
        existing = Article.objects.filter(title=title, body=body).first()
        if existing is not None:
            self.stdout.write(
                f"Already imported as “{existing.title}” ({existing.slug}); nothing to do."
            )
            return
        slug = unique_slug([slugify(title, allow_unicode=True)[:SLUG_LENGTH]], "article", None)
        article = Article(
            title=title[:200], slug=slug, body=body,
            lang=guess_language(f"{title} {body}"),
        )  # fmt: skip
        article.full_clean()
        article.save()
        article.tags.set([tag.strip() for tag in tags.split(",") if tag.strip()])
        admin_url = reverse("admin:articles_article_change", args=[article.pk])
        self.stdout.write(self.style.SUCCESS(f"Imported “{article.title}” as a draft: {admin_url}"))
