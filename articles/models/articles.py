"""Articles: the model, its queryset (the cache versions of its page) and the
helpers that keep its derived columns (search text, unbacked figures) current."""

import re
import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, get_language_info, gettext_lazy
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from articles.body_html.render import render_body
from articles.figures_in_text import Figure, backed, scan
from articles.models.search_text import refresh_search_text, search_text, store_search_text
from snsblog.addresses import address
from snsblog.text import plain_text

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


class ArticleQuerySet(models.QuerySet):
    """Every change to what an article page shows ends in one of the two methods
    below. They replace a version the page's cached fragments are keyed on
    (snsblog/fragments.py), so the next request renders that part anew, in
    whichever process answers it. They are called explicitly where data changes:

    - content_changed: Article.save(), Fact.save()/delete() and FactQuerySet
      update/delete, Platform.save() and Source.save(), tag changes
      (articles/receivers.py: taggit's models are not ours to override);
    - comments_changed: Comment.save()/delete() and CommentQuerySet update/delete,
      which moderation, the admin, the importers and commenter_data all go through.
    """

    def content_changed(self) -> None:
        """What these articles show changed: new content version, counted as
        updated (pages that list them follow), fresh search text."""
        article_ids = list(self.values_list("pk", flat=True))
        if not article_ids:
            return
        Article.objects.filter(pk__in=article_ids).update(
            content_version=uuid.uuid4(), updated_at=timezone.now()
        )
        refresh_search_text(Article.objects.filter(pk__in=article_ids))
        refresh_unbacked_figures(article_ids)

    def comments_changed(self) -> None:
        """What these articles' discussions show changed: new comments version (and
        fresh search text, when approved comments are searched)."""
        Article.objects.filter(pk__in=self.values("pk")).update(comments_version=uuid.uuid4())
        if settings.SEARCH_INCLUDES_COMMENTS:
            refresh_search_text(
                Article.objects.filter(pk__in=list(self.values_list("pk", flat=True)))
            )

    def published(self) -> "ArticleQuerySet":
        """Articles the public may read: published, and not scheduled for later."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def for_page(self, slug: str) -> "Article | None":
        """The article for its page, without its body (only needed on a cache miss),
        with `public_signature`: a value that changes whenever the set of public
        articles or any of them changes, for the cache keys of pages that show other
        articles (previous, next, related).

        Raw SQL, one query: it runs on every page view, and compiling the equivalent
        ORM queries costs more than serving the cached page itself (see make bench).
        """
        table = Article._meta.db_table
        columns = ", ".join(f"article.{column}" for column in PAGE_COLUMNS)
        query = (
            f"SELECT {columns}, public.count AS public_count, public.latest AS public_latest "
            f"FROM {table} AS article, (SELECT COUNT(*) AS count, MAX(updated_at) AS latest "
            f"FROM {table} WHERE status = %s AND published_at <= %s) AS public "
            "WHERE article.slug = %s"
        )
        params = [Article.Status.PUBLISHED, timezone.now(), slug]
        article = next(iter(self.raw(query, params)), None)
        if article is not None:
            latest = str(article.public_latest).replace(" ", "T")
            article.public_signature = f"{article.public_count}-{latest}"
        return article


LANGUAGE_TAG = RegexValidator(
    r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", _("Enter a language tag such as en, ja or pt-BR.")
)


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class BodyFormat(models.TextChoices):
        MARKDOWN = "markdown", _("Markdown")
        HTML = "html", _("HTML (as WordPress writes it)")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    body = models.TextField(_("body"), help_text=_("Rendered to sanitised HTML on save."))
    body_format = models.CharField(
        _("body format"),
        max_length=10,
        choices=BodyFormat.choices,
        default=BodyFormat.MARKDOWN,
        help_text=_(
            "Markdown for articles written here; HTML for articles imported from WordPress."
        ),
    )
    body_html = models.TextField(editable=False, default="")
    excerpt = models.TextField(
        _("excerpt"), blank=True, help_text=_("A sentence or two for lists and feeds.")
    )
    lang = models.CharField(
        _("language"),
        max_length=20,
        default="en",
        validators=[LANGUAGE_TAG],
        help_text=_("The article's language as a BCP 47 tag: en, ja, pt-BR…"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        verbose_name=_("author"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("A date in the future schedules the article: it stays hidden until then."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    comments_enabled = models.BooleanField(_("comments enabled"), default=True)
    tags = TaggableManager(_("tags"), blank=True)
    # Replaced whenever anything shown on the article page changes; part of the keys
    # of its cached fragments (articles/cache.py), so a fragment is never stale.
    # Random rather than counted, so a restored backup cannot reuse an old key.
    content_version = models.UUIDField(default=uuid.uuid4, editable=False)
    # Everything searchable about the article, kept by articles/search.py.
    search_text = models.TextField(editable=False, default="")
    comments_version = models.UUIDField(default=uuid.uuid4, editable=False)
    # The post's ID on the WordPress site it was imported from. Not unique: exports
    # merged from several sites reuse IDs, so an import finds a post again by its GUID
    # or its title and date, as WordPress's own importer does (import_wordpress).
    wordpress_id = models.PositiveBigIntegerField(
        null=True, blank=True, db_index=True, editable=False
    )
    # The post's <guid> in the WordPress export it was imported from.
    wordpress_guid = models.CharField(max_length=500, blank=True, db_index=True, editable=False)
    # How many figures of the body no fact gives (articles/figures_in_text/), for the admin.
    unbacked_figures = models.PositiveIntegerField(_("unbacked figures"), default=0, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="article_published_has_date",
                violation_error_message=_("A published article needs a publication date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        # Titles and excerpts are plain text wherever they are used (imports may
        # bring HTML in them): tags dropped, entities decoded.
        self.title = plain_text(self.title)
        self.excerpt = plain_text(self.excerpt)
        self.body_html = render_body(self.body, self.body_format)
        # New versions: the page's cached parts are rendered anew. Both, since a save
        # writes every column and would otherwise put back a comments_version that a
        # comment replaced since this instance was read.
        self.content_version = uuid.uuid4()
        self.comments_version = uuid.uuid4()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "title",
                "excerpt",
                "body_html",
                "content_version",
                "comments_version",
            }
        super().save(*args, **kwargs)
        self.unbacked_figures = sum(1 for _, backed in self.figures() if not backed)
        Article.objects.filter(pk=self.pk).update(unbacked_figures=self.unbacked_figures)
        store_search_text(self.pk, search_text(self), Article.objects)

    def get_absolute_url(self) -> str:
        return address("articles:detail", self.slug)

    # Named here so the interface's catalogue holds them: Django's own names English
    # “英語(米国)” in Japanese.
    LANGUAGE_NAMES = {"en": gettext_lazy("English"), "ja": gettext_lazy("Japanese")}

    def language_name(self) -> str:
        """The language the article is written in, named in the interface's language
        ("Japanese", "日本語"…): the page says so when the two differ."""
        primary = self.lang.split("-")[0].lower()
        if primary in self.LANGUAGE_NAMES:
            return str(self.LANGUAGE_NAMES[primary])
        try:
            return str(get_language_info(primary)["name_translated"])
        except KeyError:
            return self.lang

    def in_interface_language(self) -> bool:
        return self.lang.split("-")[0].lower() == get_language()

    def clean(self) -> None:
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    def figures(self) -> list[tuple["Figure", bool]]:
        """Each figure of the body, and whether one of the article's facts gives it."""
        facts = list(self.facts.all()) if self.pk else []
        default_date = self.published_at.date() if self.published_at else None
        return [(figure, backed(figure, facts)) for figure in scan(self.body, default_date)]

    @property
    def is_public(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def reading_minutes(self) -> int:
        """About 200 English words or 500 Japanese characters a minute."""
        cjk = len(CJK.findall(self.body))
        words = len(CJK.sub(" ", self.body).split())
        return max(1, round(words / 200 + cjk / 500))

    def previous_published(self) -> "Article | None":
        if self.published_at is None:
            return None
        earlier = Article.objects.published().filter(published_at__lt=self.published_at)
        return earlier.order_by("-published_at", "-id").only("title", "slug").first()

    def next_published(self) -> "Article | None":
        if self.published_at is None:
            return None
        later = Article.objects.published().filter(published_at__gt=self.published_at)
        return later.order_by("published_at", "id").only("title", "slug").first()

    def related(self, count: int = 3) -> list["Article"]:
        """Public articles sharing the most tags with this one, in one query."""
        tag_ids = Article.tags.through.objects.filter(
            content_type__app_label="articles", content_type__model="article", object_id=self.pk
        ).values("tag_id")
        return list(
            Article.objects.published()
            .exclude(pk=self.pk)
            .filter(tagged_items__tag_id__in=tag_ids)
            .annotate(shared=models.Count("tagged_items"))
            .order_by("-shared", "-published_at")
            .only("title", "slug")[:count]
        )

    @property
    def author_name(self) -> str:
        """The author's display name, or "": never the login name, which would tell
        strangers which username to try (and lock out) at the admin login."""
        if self.author is None:
            return ""
        return self.author.get_full_name()


PAGE_COLUMNS = [
    "id", "title", "slug", "excerpt", "author_id", "status", "published_at", "created_at",
    "updated_at", "comments_enabled", "content_version", "comments_version", "lang",
]  # fmt: skip


def refresh_unbacked_figures(article_ids: list[int]) -> None:
    """Recount the figures no fact gives, after the body or the facts changed."""
    for article in Article.objects.filter(pk__in=article_ids).only("body", "published_at"):
        count = sum(1 for _, is_backed in article.figures() if not is_backed)
        Article.objects.filter(pk=article.pk).update(unbacked_figures=count)
