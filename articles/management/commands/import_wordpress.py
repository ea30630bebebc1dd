"""Import a WordPress export (WXR): posts become articles, tags and categories
become tags, and comments keep their threads, authors, dates and approval.

    python manage.py import_wordpress export.xml [--dry-run]

Safe to run again: an article whose slug exists is left as it is, and a comment
already there (same text from the same address) is not added twice. Spam,
trashed comments, pingbacks, trackbacks, pages and trashed posts stay out.
"""

import datetime
import sys
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, parse
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from articles.formatting import guess_language
from articles.models import Article
from comments.models import Comment, comment_fingerprint

WP = "{http://wordpress.org/export/1.2/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
EXCERPT = "{http://wordpress.org/export/1.2/excerpt/}"
DC = "{http://purl.org/dc/elements/1.1/}"

POST_STATUS = {"publish": Article.Status.PUBLISHED, "future": Article.Status.PUBLISHED}
COMMENT_STATUS = {"1": Comment.Status.APPROVED, "0": Comment.Status.PENDING}
COMMENT_TYPES = {"", "comment"}


@dataclass
class Summary:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, what: str, number: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + number

    def lines(self) -> list[str]:
        return [f"  {what}: {number}" for what, number in sorted(self.counts.items())]


class DryRun(Exception):
    """Raised at the end of a dry run so that the transaction rolls back."""


def text(element: Element, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""


def gmt(value: str) -> datetime.datetime | None:
    if not value or value.startswith("0000"):
        return None
    try:
        return datetime.datetime.fromisoformat(value).replace(tzinfo=datetime.UTC)
    except ValueError:
        return None


class Command(BaseCommand):
    help = "Import posts, tags and comments from a WordPress export (WXR) file."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Report, change nothing.")

    def handle(self, *args, path: Path, dry_run: bool, **options) -> None:
        try:
            channel = parse(path).getroot().find("channel")
        except (OSError, ParseError, DefusedXmlException) as error:
            raise CommandError(f"Cannot read {path} as a WordPress export: {error}") from error
        if channel is None:
            raise CommandError(f"{path} is not a WordPress export (no <channel>).")
        self.summary = Summary()
        self.authors = {
            text(author, f"{WP}author_login"): author for author in channel.findall(f"{WP}author")
        }
        items = channel.findall("item")
        try:
            with transaction.atomic():
                for number, item in enumerate(items, start=1):
                    self.progress(number, len(items))
                    self.import_item(item)
                if dry_run:
                    raise DryRun
        except DryRun:
            pass
        self.stderr.write("")
        heading = "Dry run: nothing was changed. It would import" if dry_run else "Imported"
        self.stdout.write(f"{heading} from {path}:")
        self.stdout.write("\n".join(self.summary.lines()) or "  nothing")

    def progress(self, number: int, total: int) -> None:
        width = 30
        done = width * number // max(total, 1)
        self.stderr.write(
            f"\r[{'#' * done}{'.' * (width - done)}] {number}/{total} items", ending=""
        )
        if hasattr(sys.stderr, "flush"):
            self.stderr.flush()

    def import_item(self, item: Element) -> None:
        kind, status = text(item, f"{WP}post_type"), text(item, f"{WP}status")
        if kind != "post" or status in {"trash", "auto-draft", "inherit"}:
            self.summary.add(f"items left out ({kind or 'unknown'}, {status or 'no status'})")
            return
        title = text(item, "title") or "Untitled"
        slug = (
            text(item, f"{WP}post_name")
            or slugify(title, allow_unicode=True)
            or f"post-{text(item, f'{WP}post_id')}"
        )
        article = Article.objects.filter(slug=slug).first()
        if article is None:
            article = self.create_article(item, title, slug, status)
        else:
            self.summary.add("articles already there")
        self.import_comments(item, article)

    def create_article(self, item: Element, title: str, slug: str, status: str) -> Article:
        published_at = gmt(text(item, f"{WP}post_date_gmt"))
        article = Article(
            title=title[:200],
            slug=slug[:200],
            body=text(item, f"{CONTENT}encoded"),
            excerpt=text(item, f"{EXCERPT}encoded"),
            lang=guess_language(f"{title} {text(item, f'{CONTENT}encoded')}"),
            status=POST_STATUS.get(status, Article.Status.DRAFT),
            published_at=published_at,
            author=self.author(text(item, f"{DC}creator")),
        )
        article.full_clean()
        article.save()
        tags = {c.text.strip() for c in item.findall("category") if c.text and c.text.strip()}
        article.tags.set(sorted(tags))
        self.summary.add(f"articles ({article.get_status_display().lower()})")
        self.summary.add("tags on articles", len(tags))
        return article

    def author(self, login: str):
        if not login:
            return None
        users = get_user_model()
        user = users.objects.filter(username=login).first()
        if user is None:
            details = self.authors.get(login)
            user = users(
                username=login,
                first_name=text(details, f"{WP}author_first_name")[:150]
                if details is not None
                else "",
                last_name=text(details, f"{WP}author_last_name")[:150]
                if details is not None
                else "",
                is_active=False,
            )
            user.set_unusable_password()
            user.save()
            self.summary.add("authors (accounts without a password)")
        return user

    def import_comments(self, item: Element, article: Article) -> None:
        by_wordpress_id: dict[str, Comment] = {}
        for element in sorted(
            item.findall(f"{WP}comment"), key=lambda c: text(c, f"{WP}comment_date_gmt")
        ):
            wordpress_id = text(element, f"{WP}comment_id")
            approval = text(element, f"{WP}comment_approved")
            if (
                approval not in COMMENT_STATUS
                or text(element, f"{WP}comment_type") not in COMMENT_TYPES
            ):
                self.summary.add("comments left out (spam, trash, pingbacks)")
                continue
            email = text(element, f"{WP}comment_author_email")
            body = text(element, f"{WP}comment_content")
            existing = Comment.objects.filter(
                article=article, fingerprint=comment_fingerprint(email, body)
            ).first()
            if existing is not None:
                by_wordpress_id[wordpress_id] = existing
                self.summary.add("comments already there")
                continue
            comment = Comment(
                article=article,
                author_name=(text(element, f"{WP}comment_author") or "Anonymous")[:80],
                author_email=email[:254],
                author_url=text(element, f"{WP}comment_author_url")[:300],
                body=body,
                status=COMMENT_STATUS[approval],
                ip_address=text(element, f"{WP}comment_author_IP") or None,
                moderation_reason="Imported from WordPress.",
            )
            parent = by_wordpress_id.get(text(element, f"{WP}comment_parent"))
            if parent is not None:
                comment.attach_to(parent, settings.COMMENTS_MAX_DEPTH)
            comment.save()
            posted = gmt(text(element, f"{WP}comment_date_gmt"))
            if posted is not None:
                Comment.objects.filter(pk=comment.pk).update(created_at=posted)
            by_wordpress_id[wordpress_id] = comment
            self.summary.add(f"comments ({comment.get_status_display().lower()})")
