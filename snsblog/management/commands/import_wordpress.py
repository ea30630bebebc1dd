"""Import a WordPress export (WXR 1.0, 1.1 or 1.2): posts become articles in
WordPress's HTML, tags and categories become tags, and comments keep their IDs,
threads, authors, dates and approval.

    python manage.py import_wordpress export.xml [--dry-run]

Every address the old blog had for what comes in is recorded as a redirect
(articles.models.Redirect), whatever its permalink structure: each post's <link> and
<guid>, its comments feed, its attachments' pages, and the archive pages and feeds of
its categories and tags (/category/x/, /tag/y/, /?cat=3, /?tag=y). Pages have no
counterpart here: their addresses are listed in the summary.

Safe to run again: a post is found again as WordPress's own importer finds it, by its
GUID (when no other item of the file shares it) or by its title and date, and comments
by their WordPress IDs; a second run changes nothing. One item that cannot be
imported is reported and the rest goes in; only a file that cannot be read at all
fails the command. Spam, trashed comments, pingbacks, trackbacks, pages, attachments
and trashed posts stay out; password-protected posts come in as drafts.
"""

import sys
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from taggit.models import Tag, TaggedItem

from articles.body_html.wordpress import expand_gallery, split_more
from articles.formatting import guess_language
from articles.importers.common import (
    ImportedComment,
    Summary,
    at_utc,
    author_account,
    html_to_text,
    refresh_planner_statistics,
    unique_slug,
)
from articles.importers.wordpress import (
    UnreadableExport,
    WxrComment,
    WxrItem,
    WxrTerm,
    parse_date,
    parse_pub_date,
    read_export,
)
from articles.models import Article, Redirect
from articles.models.redirects import decode_slug, old_path
from comments import reasons
from comments.importers import save_comment
from comments.models import Comment, ImportSource
from snsblog.text import plain_text

LEFT_OUT_STATUSES = {"trash", "auto-draft", "inherit"}
DRAFT_STATUSES = {"draft", "pending", "private"}
COMMENT_TYPES = {"", "comment"}
COMMENT_APPROVAL = {"1": True, "0": False}


def category_path(term: WxrTerm, categories: dict[str, WxrTerm]) -> str:
    """A category's archive path below /category/: its parents' slugs, then its own."""
    slugs, seen = [term.slug], {term.slug}
    while term.parent in categories and term.parent not in seen:
        term = categories[term.parent]
        slugs.insert(0, term.slug)
        seen.add(term.slug)
    return "/".join(slugs)


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
        if export.removed_controls:
            self.summary.note(
                f"{export.removed_controls} control character(s) that XML forbids were "
                "removed from the file before it was read"
            )
        self.attachments = {
            int(item.id): (item.attachment_url, item.title)
            for item in export.items
            if item.kind == "attachment" and item.id.isdigit() and item.attachment_url
        }
        self.guid_counts = Counter(item.guid for item in export.items if item.guid)
        self.articles: dict[str, Article] = {}  # by the post's ID in the file
        self.recorded: set[str] = set()  # old addresses this run has seen
        try:
            with transaction.atomic():
                for number, item in enumerate(export.items, start=1):
                    self.progress(number, len(export.items))
                    self.import_item(item)
                self.record_addresses()
                refresh_planner_statistics(Article, Comment, Tag, TaggedItem, Redirect)
                if dry_run:
                    raise DryRun
        except DryRun:
            pass
        if self.stderr.isatty():
            self.stderr.write("")  # ends the bar's line
        heading = "Dry run: nothing was changed. It would import" if dry_run else "Imported"
        self.stdout.write(f"{heading} from {path}:")
        self.stdout.write("\n".join(self.summary.lines()))

    def progress(self, number: int, total: int) -> None:
        """A bar redrawn in place on a terminal; in a log (not a terminal), a line at
        each tenth of the way, not a carriage return an item."""
        if not self.stderr.isatty():
            if number * 10 // total > (number - 1) * 10 // total:  # a tenth passed
                self.stderr.write(f"{number}/{total} items")
            return
        width = 30
        done = width * number // max(total, 1)
        self.stderr.write(
            f"\r[{'#' * done}{'.' * (width - done)}] {number}/{total} items", ending=""
        )
        if hasattr(sys.stderr, "flush"):
            self.stderr.flush()

    def import_item(self, item: WxrItem) -> None:
        if item.kind == "page" and item.status not in LEFT_OUT_STATUSES and item.link:
            self.summary.add("old addresses", "of pages, with no counterpart (listed)")
            self.summary.note(
                f"page {item.id} “{item.title}” ({old_path(item.link)}) has no counterpart "
                "here: add a redirect in the admin if its address should lead somewhere"
            )
        if item.kind != "post" or item.status in LEFT_OUT_STATUSES:
            self.summary.add("items left out", f"{item.kind or 'unknown'} {item.status}".strip())
            return
        try:
            with transaction.atomic():
                article = self.import_post(item)
                self.import_comments(item, article)
                self.articles.setdefault(item.id, article)
                self.record_post_addresses(item, article)
        except Exception as error:
            reason = "; ".join(getattr(error, "messages", None) or [str(error)])
            self.summary.add("posts", "refused")
            self.summary.note(f"refused post {item.id or '?'} “{item.title}”: {reason}")

    def existing_article(self, item: WxrItem, title: str, published_at) -> Article | None:
        """The article this post was imported as before, found as WordPress's importer
        finds a post: the same GUID, when no other item of the file shares it, else
        the same title and date. Post IDs are not used: merged exports reuse them."""
        if item.guid and self.guid_counts[item.guid] == 1:
            article = Article.objects.filter(wordpress_guid=item.guid).first()
            if article is not None:
                return article
        same = Article.objects.filter(title=plain_text(title), published_at=published_at)
        article = same.filter(wordpress_guid=item.guid).first()
        if article is None and published_at is not None:
            article = same.filter(wordpress_guid="").first()
        if article is not None and item.guid and not article.wordpress_guid:
            # Imported before GUIDs were kept: from now on found by its GUID.
            Article.objects.filter(pk=article.pk).update(wordpress_guid=item.guid[:500])
        return article

    def import_post(self, item: WxrItem) -> Article:
        wordpress_id = int(item.id) if item.id.isdigit() else None
        title = Truncator(item.title.strip() or "Untitled").chars(200)
        status, published_at = self.status_and_date(item)
        article = self.existing_article(item, title, published_at)
        if article is not None:
            self.summary.add("posts", "already there")
            return article
        slug = unique_slug(
            [decode_slug(item.slug), decode_slug(title)], f"post-{item.id or 'untitled'}", None
        )
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
            title=title,
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
            wordpress_guid=item.guid[:500],
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

    def record(self, address: str, **target) -> None:
        """One old address, counted in the summary by what became of it."""
        if not address.startswith(("http://", "https://", "/")):
            return
        if old_path(address) in self.recorded:  # a post's <link>, <guid> and /?p=ID agree
            return
        self.recorded.add(old_path(address))
        outcome = Redirect.objects.record(address, **target)
        self.summary.add("old addresses", outcome)
        if outcome in {"taken", "too long"}:
            self.summary.note(f"old address {old_path(address)[:200]} not recorded: {outcome}")

    def record_post_addresses(self, item: WxrItem, article: Article) -> None:
        """The post's permalink, its GUID and /?p=ID, which WordPress answers whatever
        its permalinks, lead to the article; their feeds to its comments feed."""
        feed = Redirect.Shows.FEED
        plain = f"/?p={item.id}" if item.id.isdigit() else ""
        for address in dict.fromkeys(filter(None, [item.link, item.guid, plain])):
            self.record(address, article=article)
            if "?" in address:
                self.record(f"{address}&feed=rss2", article=article, shows=feed)
            else:
                self.record(address.rstrip("/") + "/feed/", article=article, shows=feed)

    def record_addresses(self) -> None:
        """Attachment pages lead to the article they belong to; category and tag
        archives (and their feeds) to the tag they became."""
        for item in self.export.items:
            parent = self.articles.get(item.parent_id)
            if item.kind == "attachment" and parent is not None:
                for address in filter(None, [item.link, f"/?attachment_id={item.id}"]):
                    self.record(address, article=parent)
        terms = {(term.kind, term.slug): term for term in self.export.terms}
        for item in self.export.items:
            if item.id in self.articles:
                for domain, slug, name in item.terms:
                    kind = "tag" if domain == "post_tag" else "category"
                    terms.setdefault((kind, slug), WxrTerm(kind, "", slug, name))
        categories = {term.slug: term for (kind, _), term in terms.items() if kind == "category"}
        tags = {
            tag.name: tag for tag in Tag.objects.filter(name__in={t.name for t in terms.values()})
        }
        for term in terms.values():
            tag = tags.get(term.name[:100])
            if tag is None:
                continue
            if term.kind == "category":
                archives = {
                    f"/category/{category_path(term, categories)}/",
                    f"/category/{term.slug}/",
                }
                query = f"/?cat={term.term_id}" if term.term_id else None
            else:
                archives = {f"/tag/{term.slug}/"}
                query = f"/?tag={term.slug}"
            for archive in sorted(archives):
                self.record(archive, tag=tag)
                self.record(archive + "feed/", tag=tag, shows=Redirect.Shows.FEED)
            if query:
                self.record(query, tag=tag)

    def status_and_date(self, item: WxrItem):
        """The article's status and date; notes a public post without a date once."""
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
            reason=reasons.FROM_WORDPRESS,
        )
        result, created = save_comment(article, record, saved.get(comment.parent_id))
        if created:
            self.summary.add("comments", f"imported ({result.get_status_display().lower()})")
        else:
            self.summary.add("comments", "already there")
        return result
