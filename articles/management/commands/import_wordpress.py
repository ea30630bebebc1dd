"""Import a WordPress export (WXR 1.0, 1.1 or 1.2): posts become articles in
WordPress's HTML, tags and categories become tags, and comments keep their IDs,
threads, authors, dates and approval.

    python manage.py import_wordpress export.xml [--dry-run]

Safe to run again: posts and comments are found again by their WordPress IDs. One
item that cannot be imported is reported and the rest goes in; only a file that
cannot be read at all fails the command. Spam, trashed comments, pingbacks,
trackbacks, pages, attachments and trashed posts stay out; password-protected
posts come in as drafts.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator

from articles.formatting import guess_language
from articles.importing import (
    ImportedComment,
    Summary,
    at_utc,
    author_account,
    decode_slug,
    html_to_text,
    save_comment,
    unique_slug,
)
from articles.models import Article
from articles.wordpress import expand_gallery, split_more
from articles.wxr import (
    UnreadableExport,
    WxrComment,
    WxrItem,
    parse_date,
    parse_pub_date,
    read_export,
)
from comments.models import ImportSource

LEFT_OUT_STATUSES = {"trash", "auto-draft", "inherit"}
DRAFT_STATUSES = {"draft", "pending", "private"}
COMMENT_TYPES = {"", "comment"}
COMMENT_APPROVAL = {"1": True, "0": False}


class DryRun(Exception):
    """Raised at the end of a dry run so that the transaction rolls back."""


class Command(BaseCommand):
    help = "Import posts, tags and comments from a WordPress export (WXR) file."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Report, change nothing.")

    def handle(self, *args, path: Path, dry_run: bool, **options) -> None:
        try:
            export = read_export(path)
        except UnreadableExport as error:
            raise CommandError(str(error).replace("\n", " ")) from error
        self.export = export
        self.summary = Summary()
        self.attachments = {
            int(item.id): (item.attachment_url, item.title)
            for item in export.items
            if item.kind == "attachment" and item.id.isdigit() and item.attachment_url
        }
        try:
            with transaction.atomic():
                for number, item in enumerate(export.items, start=1):
                    self.progress(number, len(export.items))
                    self.import_item(item)
                if dry_run:
                    raise DryRun
        except DryRun:
            pass
        self.stderr.write("")
        heading = "Dry run: nothing was changed. It would import" if dry_run else "Imported"
        self.stdout.write(f"{heading} from {path}:")
        self.stdout.write("\n".join(self.summary.lines()))

    def progress(self, number: int, total: int) -> None:
        width = 30
        done = width * number // max(total, 1)
        self.stderr.write(
            f"\r[{'#' * done}{'.' * (width - done)}] {number}/{total} items", ending=""
        )
        if hasattr(sys.stderr, "flush"):
            self.stderr.flush()

    def import_item(self, item: WxrItem) -> None:
        if item.kind != "post" or item.status in LEFT_OUT_STATUSES:
            self.summary.add("items left out", f"{item.kind or 'unknown'} {item.status}".strip())
            return
        try:
            with transaction.atomic():
                article = self.import_post(item)
                self.import_comments(item, article)
        except Exception as error:
            reason = "; ".join(getattr(error, "messages", None) or [str(error)])
            self.summary.add("posts", "refused")
            self.summary.note(f"refused post {item.id or '?'} “{item.title}”: {reason}")

    def import_post(self, item: WxrItem) -> Article:
        wordpress_id = int(item.id) if item.id.isdigit() else None
        if wordpress_id is not None:
            article = Article.objects.filter(wordpress_id=wordpress_id).first()
            if article is not None:
                self.summary.add("posts", "already there")
                return article
        title = item.title.strip() or "Untitled"
        slug = unique_slug(
            [decode_slug(item.slug), decode_slug(title)], f"post-{item.id or 'untitled'}", None
        )
        status, published_at = self.status_and_date(item)
        children = [
            int(other.id)
            for other in self.export.items
            if other.kind == "attachment" and other.parent_id == item.id and other.id.isdigit()
        ]
        body = expand_gallery(item.content, self.attachments, children)
        teaser, _ = split_more(item.content)
        excerpt = item.excerpt.strip() or teaser
        author, created = author_account(*self.author_names(item.creator))
        if created:
            self.summary.add("authors", "created (no password, inactive)")
        article = Article(
            title=Truncator(title).chars(200),
            slug=slug,
            body=body,
            body_format=Article.BodyFormat.HTML,
            excerpt=" ".join(strip_tags(excerpt).split()),
            lang=guess_language(f"{title} {strip_tags(body)}"),
            status=status,
            published_at=published_at,
            author=author,
            comments_enabled=item.comment_status != "closed",
            wordpress_id=wordpress_id,
        )
        article.full_clean(exclude={"body"} if not body.strip() else set())
        article.save()
        article.tags.set([tag[:100] for tag in item.tags])
        self.summary.add("tags on posts", "stored", article.tags.count())
        if item.password:
            self.summary.add("posts", "imported as drafts (password-protected)")
            self.summary.note(
                f"post {item.id} “{title}” was password-protected: imported as a draft"
            )
        elif status == Article.Status.PUBLISHED and published_at > timezone.now():
            self.summary.add("posts", "imported (scheduled)")
        else:
            self.summary.add("posts", f"imported ({article.get_status_display().lower()})")
        return article

    def status_and_date(self, item: WxrItem):
        published_at = at_utc(
            parse_date(item.date_gmt), parse_date(item.date), self.export.utc_offset
        ) or at_utc(parse_pub_date(item.pub_date), None, None)
        public = item.status in {"publish", "future"} and not item.password
        if public and published_at is None:
            public = False
            self.summary.note(f"post {item.id} “{item.title}” has no date: imported as a draft")
        status = Article.Status.PUBLISHED if public else Article.Status.DRAFT
        return status, published_at

    def author_names(self, login: str) -> tuple[str, str, str, str]:
        author = self.export.authors.get(login)
        if author is None:
            return login, "", "", ""
        return author.login, author.display_name, author.first_name, author.last_name

    def import_comments(self, item: WxrItem, article: Article) -> None:
        wanted = {}
        for comment in item.comments:
            if comment.type not in COMMENT_TYPES:
                self.summary.add("comments", "left out (pingbacks, trackbacks)")
            elif comment.approved not in COMMENT_APPROVAL:
                self.summary.add("comments", "left out (spam, trash)")
            elif not comment.id:
                self.summary.add("comments", "refused (no ID)")
            else:
                wanted[comment.id] = comment
        saved = {}
        # Parents before their replies, whatever order the file lists them in.
        pending = sorted(wanted.values(), key=lambda c: (c.date_gmt or c.date, c.id))
        while pending:
            waiting = []
            for comment in pending:
                if comment.parent_id in wanted and comment.parent_id not in saved:
                    waiting.append(comment)
                    continue
                try:
                    with transaction.atomic():
                        saved[comment.id] = self.import_comment(article, comment, saved)
                except Exception as error:
                    reason = "; ".join(getattr(error, "messages", None) or [str(error)])
                    self.summary.add("comments", "refused")
                    self.summary.note(f"refused comment {comment.id} on post {item.id}: {reason}")
            if len(waiting) == len(pending):  # a loop of parents: keep them at the top
                for comment in waiting:
                    comment.parent_id = "0"
            pending = waiting

    def import_comment(self, article: Article, comment: WxrComment, saved: dict):
        record = ImportedComment(
            source=ImportSource.WORDPRESS,
            id=comment.id,
            author=html_to_text(comment.author),
            email=comment.email,
            url=comment.url,
            ip=comment.ip,
            body=html_to_text(comment.content),
            approved=COMMENT_APPROVAL[comment.approved],
            created_at=at_utc(
                parse_date(comment.date_gmt), parse_date(comment.date), self.export.utc_offset
            ),
            reason="Imported from WordPress.",
        )
        result, created = save_comment(article, record, saved.get(comment.parent_id))
        if created:
            self.summary.add("comments", f"imported ({result.get_status_display().lower()})")
        else:
            self.summary.add("comments", "already there")
        return result
