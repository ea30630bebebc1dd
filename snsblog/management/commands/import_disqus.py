"""Import the comments of a Disqus XML export onto the articles they were written on.

    python manage.py import_disqus export.xml [--dry-run]

A Disqus thread is matched to an article by its URL (an article address here, an old
WordPress address /?p=123 or /2012/12/01/slug/, or a last path segment equal to a
slug) or by its identifier. Replies keep their parents; deleted and spam posts stay
out. Safe to run again: a post is found again by its Disqus ID. Threads that match
no article are listed.
"""

from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, parse
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.importers.common import (
    ImportedComment,
    Summary,
    html_to_text,
    refresh_planner_statistics,
)
from articles.importers.disqus import DISQUS, INTERNALS, child, find_article, parse_date
from articles.models import Article
from comments import reasons
from comments.importers import save_comment
from comments.models import Comment, ImportSource


class DryRun(Exception):
    """Raised at the end of a dry run so that the transaction rolls back."""


class Command(BaseCommand):
    help = "Import comments from a Disqus XML export."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Report, change nothing.")

    def handle(self, *args, path: Path, dry_run: bool, **options) -> None:
        try:
            root = parse(path).getroot()
        except (OSError, ParseError, DefusedXmlException, ValueError) as error:
            message = str(error).replace("\n", " ")
            raise CommandError(f"Cannot read {path} as a Disqus export: {message}") from error
        if root.tag != DISQUS + "disqus":
            raise CommandError(f"{path} is not a Disqus export (no <disqus> root).")
        self.summary = Summary()
        try:
            with transaction.atomic():
                self.import_all(root)
                refresh_planner_statistics(Comment)
                if dry_run:
                    raise DryRun
        except DryRun:
            pass
        heading = "Dry run: nothing was changed. It would import" if dry_run else "Imported"
        self.stdout.write(f"{heading} from {path}:")
        self.stdout.write("\n".join(self.summary.lines()))

    def import_all(self, root: Element) -> None:
        articles = {}
        for thread in root.findall(DISQUS + "thread"):
            thread_id = thread.get(INTERNALS, "")
            link, identifier = child(thread, "link"), child(thread, "id")
            article = find_article(link, identifier)
            if article is None:
                self.summary.add("threads", "unmatched")
                self.summary.note(f"unmatched thread {thread_id}: {link or identifier}")
            else:
                self.summary.add("threads", "matched")
                articles[thread_id] = article
        posts = {}
        for post in root.findall(DISQUS + "post"):
            if child(post, "isDeleted") == "true" or child(post, "isSpam") == "true":
                self.summary.add("comments", "left out (deleted, spam)")
                continue
            thread = post.find(DISQUS + "thread")
            thread_id = thread.get(INTERNALS, "") if thread is not None else ""
            if thread_id not in articles:
                self.summary.add("comments", "left out (unmatched thread)")
                continue
            posts[post.get(INTERNALS, "")] = (post, articles[thread_id])
        saved = {}
        pending = sorted(posts.items(), key=lambda entry: child(entry[1][0], "createdAt"))
        while pending:
            waiting = []
            for post_id, (post, article) in pending:
                parent = post.find(DISQUS + "parent")
                parent_id = parent.get(INTERNALS, "") if parent is not None else ""
                if parent_id in posts and parent_id not in saved:
                    waiting.append((post_id, (post, article)))
                    continue
                self.import_post(post_id, post, article, saved.get(parent_id), saved)
            if len(waiting) == len(pending):  # a loop of parents: keep them at the top
                for post_id, (post, article) in waiting:
                    self.import_post(post_id, post, article, None, saved)
                waiting = []
            pending = waiting

    def import_post(self, post_id: str, post: Element, article: Article, parent, saved) -> None:
        record = ImportedComment(
            source=ImportSource.DISQUS,
            id=post_id,
            author=child(post, "author/name") or child(post, "author/username"),
            email=child(post, "author/email"),
            url="",
            ip=child(post, "ipAddress"),
            body=html_to_text(child(post, "message")),
            approved=True,
            created_at=parse_date(child(post, "createdAt")),
            reason=reasons.FROM_DISQUS,
        )
        try:
            with transaction.atomic():
                comment, created = save_comment(article, record, parent)
        except Exception as error:
            reason = "; ".join(getattr(error, "messages", None) or [str(error)])
            self.summary.add("comments", "refused")
            self.summary.note(f"refused post {post_id}: {reason}")
            saved[post_id] = None
            return
        saved[post_id] = comment
        self.summary.add("comments", "imported (approved)" if created else "already there")
