import datetime
import re
import uuid
from collections import defaultdict

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.db.models.query import ModelIterable, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItem

from articles.figures import Figure, backed, scan
from articles.formatting import format_as_of, format_number
from articles.markup import render_body
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
        from articles.search import refresh_search_text

        article_ids = list(self.values_list("pk", flat=True))
        if not article_ids:
            return
        Article.objects.filter(pk__in=article_ids).update(
            content_version=uuid.uuid4(), updated_at=timezone.now()
        )
        refresh_search_text(article_ids)
        refresh_unbacked_figures(article_ids)

    def comments_changed(self) -> None:
        """What these articles' discussions show changed: new comments version (and
        fresh search text, when approved comments are searched)."""
        Article.objects.filter(pk__in=self.values("pk")).update(comments_version=uuid.uuid4())
        if settings.SEARCH_INCLUDES_COMMENTS:
            from articles.search import refresh_search_text

            refresh_search_text(self.values_list("pk", flat=True))

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
    r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", "Enter a language tag such as en, ja or pt-BR."
)


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class BodyFormat(models.TextChoices):
        MARKDOWN = "markdown", "Markdown"
        HTML = "html", "HTML (as WordPress writes it)"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    body = models.TextField(help_text="Rendered to sanitised HTML on save.")
    body_format = models.CharField(
        max_length=10,
        choices=BodyFormat.choices,
        default=BodyFormat.MARKDOWN,
        help_text="Markdown for articles written here; HTML for articles imported from WordPress.",
    )
    body_html = models.TextField(editable=False, default="")
    excerpt = models.TextField(blank=True, help_text="A sentence or two for lists and feeds.")
    lang = models.CharField(
        "language",
        max_length=20,
        default="en",
        validators=[LANGUAGE_TAG],
        help_text="The article's language as a BCP 47 tag: en, ja, pt-BR…",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="A date in the future schedules the article: it stays hidden until then.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    comments_enabled = models.BooleanField(default=True)
    tags = TaggableManager(blank=True)
    # Replaced whenever anything shown on the article page changes; part of the keys
    # of its cached fragments (articles/cache.py), so a fragment is never stale.
    # Random rather than counted, so a restored backup cannot reuse an old key.
    content_version = models.UUIDField(default=uuid.uuid4, editable=False)
    # Everything searchable about the article, kept by articles/search.py.
    search_text = models.TextField(editable=False, default="")
    comments_version = models.UUIDField(default=uuid.uuid4, editable=False)
    # The post's ID on the WordPress site it was imported from: makes a second import
    # find it again, and /?p=123 links to the old site redirect here.
    wordpress_id = models.PositiveBigIntegerField(
        null=True, blank=True, unique=True, editable=False
    )
    # How many figures of the body no fact gives (articles/figures.py), for the admin.
    unbacked_figures = models.PositiveIntegerField(default=0, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="article_published_has_date",
                violation_error_message="A published article needs a publication date.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        from articles.search import search_text, store_search_text

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
        store_search_text(self.pk, search_text(self))

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug})

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


class Platform(models.Model):
    """A service or company that facts are about, or a whole market."""

    class Kind(models.TextChoices):
        SOCIAL_NETWORK = "social-network", "Social network"
        MESSAGING_APP = "messaging-app", "Messaging app"
        MOBILE_CARRIER = "mobile-carrier", "Mobile carrier"
        GAME_PLATFORM = "game-platform", "Game platform"
        MARKET = "market", "Market"

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    country = models.CharField(
        max_length=2, blank=True, help_text="ISO 3166 country code, such as JP or US."
    )
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        Article.objects.filter(facts__platform=self).content_changed()

    def get_absolute_url(self) -> str:
        return reverse("articles:platform", kwargs={"slug": self.slug})


class Source(models.Model):
    """Where a figure comes from; one record backs every fact it supports."""

    name = models.CharField(max_length=200, help_text="Publisher or author, such as Nikkei.")
    title = models.CharField(max_length=300, blank=True)
    url = models.URLField(max_length=500, blank=True)
    published_on = models.DateField(null=True, blank=True)
    accessed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name", "title"]
        constraints = [
            models.UniqueConstraint(fields=["name", "title"], name="source_unique_name_title"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.title}" if self.title else self.name

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        Article.objects.filter(facts__source=self).content_changed()


def spoken(text: str) -> str:
    """A metric name as compared: case and runs of spaces do not count."""
    return " ".join(text.split()).casefold()


class Unit(models.TextChoices):
    USERS = "users", "users"
    ACCOUNTS = "accounts", "accounts"
    PERCENT = "percent", "%"


class MetricQuerySet(models.QuerySet):
    def find(self, term: str) -> "Metric | None":
        """The metric a name, a synonym or a slug stands for, any case."""
        wanted = spoken(term)
        if not wanted:
            return None
        name = " ".join(term.split())
        exact = self.filter(Q(name__iexact=name) | Q(slug=name)).first()
        if exact is not None:
            return exact
        # The vocabulary is small (tens to hundreds of rows): compared here rather than
        # with a database-specific search of the synonyms column.
        for metric in self.exclude(synonyms=""):
            if wanted in metric.spoken_names():
                return metric
        return None

    def named(self, name: str) -> "Metric":
        """The metric called `name` (or a synonym of it), created when there is none."""
        found = self.find(name)
        if found is not None:
            return found
        metric = Metric(name=" ".join(name.split()), slug=unique_slug(name))
        metric.full_clean()
        metric.save()
        return metric


def unique_slug(name: str) -> str:
    base = slugify(name, allow_unicode=True)[:90] or "metric"
    slug, number = base, 2
    while Metric.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


class Metric(models.Model):
    """What a fact measures, from a shared vocabulary, so that figures of the same
    measure compare across articles and platforms whatever an article calls them."""

    name = models.CharField(max_length=100, help_text="Such as “monthly active users”.")
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True)
    unit = models.CharField(
        max_length=10,
        blank=True,
        choices=Unit.choices,
        help_text="What it is counted in; facts of this metric must use it. Blank: any.",
    )
    definition = models.TextField(blank=True, help_text="What is counted, and how.")
    synonyms = models.TextField(
        blank=True,
        help_text="Other names for it, one a line, such as “MAU”: found when searching.",
    )

    objects = MetricQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="metric_unique_name",
                violation_error_message="There is already a metric of that name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        Article.objects.filter(facts__metric=self).content_changed()

    def get_absolute_url(self) -> str:
        return reverse("articles:metric", kwargs={"slug": self.slug})

    @property
    def synonym_list(self) -> list[str]:
        return [line.strip() for line in self.synonyms.splitlines() if line.strip()]

    def spoken_names(self) -> set[str]:
        return {spoken(self.name), *(spoken(synonym) for synonym in self.synonym_list)}

    def clean(self) -> None:
        self.name = " ".join(self.name.split())
        self.synonyms = "\n".join(dict.fromkeys(self.synonym_list))
        own = self.spoken_names()
        for other in Metric.objects.exclude(pk=self.pk):
            shared = own & other.spoken_names()
            if shared:
                raise ValidationError(
                    {"synonyms": f"“{sorted(shared)[0]}” already names the metric “{other}”."}
                )


class FactQuerySet(models.QuerySet):
    def public(self) -> "FactQuerySet":
        """Facts the public may read: those of published articles."""
        return self.filter(article__in=Article.objects.published())

    def with_details(self) -> "FactQuerySet":
        """Everything a fact is shown with: platform, source, article and tags."""
        details = self.select_related("platform", "metric", "source", "article")
        details._with_tags = True
        return details

    def _clone(self):
        clone = super()._clone()
        clone._with_tags = getattr(self, "_with_tags", False)
        return clone

    def _fetch_all(self) -> None:
        fetching = self._result_cache is None
        super()._fetch_all()
        if (
            fetching
            and getattr(self, "_with_tags", False)
            and self._iterable_class is ModelIterable
        ):
            prefetch_tags(self._result_cache)

    def update(self, **kwargs) -> int:
        articles = Article.objects.filter(pk__in=list(self.values_list("article_id", flat=True)))
        updated = super().update(**kwargs)
        articles.content_changed()
        return updated

    update.alters_data = True

    def delete(self) -> tuple[int, dict[str, int]]:
        articles = Article.objects.filter(pk__in=list(self.values_list("article_id", flat=True)))
        deleted = super().delete()
        articles.content_changed()
        return deleted

    delete.alters_data = True


def prefetch_tags(objects: list[models.Model]) -> None:
    """The tags of every object, in one query, kept where taggit's manager looks
    first (the prefetch cache), so `obj.tags.all()` costs nothing more.

    taggit's own prefetch builds a filtered queryset for every object, which costs
    more than the query: this is the fixed cost of every cold article render.
    """
    if not objects:
        return
    model = type(objects[0])
    items = (
        TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[obj.pk for obj in objects],
        )
        .select_related("tag")
        .order_by("tag__name", "tag_id")
    )
    tags: dict[int, list[Tag]] = defaultdict(list)
    for item in items:
        tags[item.object_id].append(item.tag)
    for obj in objects:
        cached = QuerySet(model=Tag)
        cached._result_cache = tags[obj.pk]
        cached._prefetch_done = True
        obj.__dict__.setdefault("_prefetched_objects_cache", {})["tags"] = cached


class Fact(models.Model):
    """One figure an article reports, structured so it compares across articles."""

    Unit = Unit

    class Qualifier(models.TextChoices):
        EXACT = "exact", "exactly"
        APPROXIMATELY = "approximately", "about"
        OVER = "over", "over"
        AT_LEAST = "at-least", "at least"
        UP_TO = "up-to", "up to"

    class Kind(models.TextChoices):
        REPORTED = "reported", "Reported"
        ESTIMATE = "estimate", "Estimate"
        PROJECTION = "projection", "Projection"

    class Precision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month"
        YEAR = "year", "Year"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="facts")
    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="facts")
    metric = models.ForeignKey(
        Metric,
        on_delete=models.PROTECT,
        related_name="facts",
        help_text="Such as “monthly active users”. Search by name or synonym, such as “MAU”.",
    )
    value = models.DecimalField(max_digits=18, decimal_places=4)
    upper_value = models.DecimalField(
        max_digits=18,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="Only for a range, such as the 8 of “7–8%”.",
    )
    unit = models.CharField(max_length=10, choices=Unit.choices)
    qualifier = models.CharField(max_length=15, choices=Qualifier.choices, default=Qualifier.EXACT)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.REPORTED)
    as_of = models.DateField(help_text="Stored as the first day of its month or year.")
    as_of_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="facts")
    statement = models.TextField(help_text="The sentence of the article the figure comes from.")
    position = models.PositiveSmallIntegerField(default=0)
    tags = TaggableManager(blank=True)

    objects = FactQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        indexes = [
            models.Index(fields=["platform", "metric", "as_of"], name="fact_platform_metric_as_of")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="fact_value_not_negative",
                violation_error_message="The value cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(upper_value__isnull=True) | Q(upper_value__gt=models.F("value")),
                name="fact_upper_value_above_value",
                violation_error_message="The upper value of a range must be above its value.",
            ),
            models.CheckConstraint(
                condition=~Q(unit="percent") | (Q(value__lte=100) & ~Q(upper_value__gt=100)),
                name="fact_percent_at_most_100",
                violation_error_message="A percentage cannot be above 100.",
            ),
            models.CheckConstraint(
                condition=Q(upper_value__isnull=True) | Q(qualifier__in=["exact", "approximately"]),
                name="fact_range_qualifier",
                violation_error_message=(
                    "A range can only be exact or approximate, not “over”, “at least” or “up to”."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.platform} {self.metric}: {self.display_value} ({self.display_as_of})"

    def save(self, *args, **kwargs) -> None:
        as_of = self._meta.get_field("as_of").to_python(self.as_of)
        self.as_of = truncate_date(as_of, self.as_of_precision)
        previous_article_id = (
            Fact.objects.filter(pk=self.pk).values_list("article_id", flat=True).first()
            if self.pk
            else None
        )
        super().save(*args, **kwargs)
        Article.objects.filter(pk__in={self.article_id, previous_article_id}).content_changed()

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        Article.objects.filter(pk=self.article_id).content_changed()
        return deleted

    def clean(self) -> None:
        if self.as_of is not None:
            self.as_of = truncate_date(self.as_of, self.as_of_precision)
        metric = self.metric if self.metric_id else None
        if metric is not None and metric.unit and self.unit and self.unit != metric.unit:
            unit = dict(Unit.choices)[metric.unit]
            raise ValidationError({"unit": f"{metric.name.capitalize()} is counted in {unit}."})

    @property
    def display_number(self) -> str:
        """The figure alone: “14,020,000” or “7–8”."""
        if self.upper_value is not None:
            return f"{format_number(self.value)}–{format_number(self.upper_value)}"
        return format_number(self.value)

    @property
    def display_value(self) -> str:
        """The figure as a reader says it: “over 16,000,000 users”, “7–8%”."""
        number = self.display_number
        if self.unit == self.Unit.PERCENT:
            amount = f"{number}%"
        else:
            amount = f"{number} {self.get_unit_display()}"
        if self.qualifier == self.Qualifier.EXACT:
            return amount
        return f"{self.get_qualifier_display()} {amount}"

    @property
    def display_as_of(self) -> str:
        return format_as_of(self.as_of, self.as_of_precision)

    @property
    def is_projection(self) -> bool:
        return self.kind == self.Kind.PROJECTION


def refresh_unbacked_figures(article_ids: list[int]) -> None:
    """Recount the figures no fact gives, after the body or the facts changed."""
    for article in Article.objects.filter(pk__in=article_ids).only("body", "published_at"):
        count = sum(1 for _, is_backed in article.figures() if not is_backed)
        Article.objects.filter(pk=article.pk).update(unbacked_figures=count)


def truncate_date(date: datetime.date, precision: str) -> datetime.date:
    """The first day of the month or year a date stands for at its precision."""
    if precision == Fact.Precision.YEAR:
        return date.replace(month=1, day=1)
    if precision == Fact.Precision.MONTH:
        return date.replace(day=1)
    return date
