"""Facts: the sourced figures an article reports, the platforms they are about and
the sources they come from."""

import datetime
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.query import ModelIterable, QuerySet
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItem

from articles.formatting import format_amount, format_as_of, format_number
from articles.models.articles import Article
from articles.models.history import Correction, FactChangeFields, corrections_from
from articles.models.metrics import Metric, Unit
from snsblog.addresses import address


class Platform(models.Model):
    """A service or company that facts are about, or a whole market."""

    class Kind(models.TextChoices):
        SOCIAL_NETWORK = "social-network", _("Social network")
        MESSAGING_APP = "messaging-app", _("Messaging app")
        MOBILE_CARRIER = "mobile-carrier", _("Mobile carrier")
        GAME_PLATFORM = "game-platform", _("Game platform")
        MARKET = "market", _("Market")

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        help_text=_("ISO 3166 country code, such as JP or US."),
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("platform")
        verbose_name_plural = _("platforms")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        Article.objects.filter(facts__platform=self).content_changed()

    def get_absolute_url(self) -> str:
        return address("articles:platform", self.slug)


class Source(models.Model):
    """Where a figure comes from; one record backs every fact it supports."""

    name = models.CharField(
        _("name"), max_length=200, help_text=_("Publisher or author, such as Nikkei.")
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    accessed_on = models.DateField(_("accessed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["name", "title"]
        constraints = [
            models.UniqueConstraint(fields=["name", "title"], name="source_unique_name_title"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.title}" if self.title else self.name

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        Article.objects.filter(facts__source=self).content_changed()


class FactQuerySet(models.QuerySet):
    def public(self) -> "FactQuerySet":
        """Facts the public may read: those of published articles."""
        return self.filter(article__in=Article.objects.published())

    def with_details(self) -> "FactQuerySet":
        """Everything a fact is shown with: platform, source, article, tags, corrections
        and whether one is under review. Whether a fact was ever changed is asked in the
        same query, so the corrections cost a query only when some fact has any."""
        changed = Fact.history.model.objects.filter(id=OuterRef("pk"), history_type="~")
        # Proposals refer to facts (articles/models/proposals.py imports this module),
        # so their model is reached through the relation rather than imported.
        proposals = Fact.proposals.rel.related_model.objects
        review = proposals.open().filter(fact=OuterRef("pk"))
        related = ["platform", "metric", "source"]
        if self.model._meta.get_field("article") not in self._known_related_objects:
            # Not reached through an article's facts, which Django gives their article.
            related.append("article")
        details = self.select_related(*related).annotate(
            changed=Exists(changed), under_review=Exists(review)
        )
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
            prefetch_corrections(self._result_cache)

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


def prefetch_corrections(facts: list["Fact"]) -> None:
    """The corrections of every fact, in one query, or none when no fact was changed
    (with_details() tells)."""
    changed = [fact.pk for fact in facts if getattr(fact, "changed", True)]
    found = corrections_by_fact(changed) if changed else {}
    for fact in facts:
        fact.__dict__["corrections"] = found.get(fact.pk, [])


def corrections_by_fact(fact_ids: list[int]) -> dict[int, list[Correction]]:
    records = (
        Fact.history.model.objects.filter(id__in=fact_ids)
        .select_related("source")
        .order_by("id", "history_date", "history_id")
    )
    return corrections_from(records)


class Fact(models.Model):
    """One figure an article reports, structured so it compares across articles."""

    Unit = Unit

    class Qualifier(models.TextChoices):
        EXACT = "exact", _("exactly")
        APPROXIMATELY = "approximately", _("about")
        OVER = "over", _("over")
        AT_LEAST = "at-least", _("at least")
        UP_TO = "up-to", _("up to")

    class Kind(models.TextChoices):
        REPORTED = "reported", _("Reported")
        ESTIMATE = "estimate", _("Estimate")
        PROJECTION = "projection", _("Projection")

    class Precision(models.TextChoices):
        DAY = "day", _("Day")
        MONTH = "month", _("Month")
        YEAR = "year", _("Year")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="facts", verbose_name=_("article")
    )
    platform = models.ForeignKey(
        Platform, on_delete=models.PROTECT, related_name="facts", verbose_name=_("platform")
    )
    metric = models.ForeignKey(
        Metric,
        on_delete=models.PROTECT,
        related_name="facts",
        verbose_name=_("metric"),
        help_text=_("Such as “monthly active users”. Search by name or synonym, such as “MAU”."),
    )
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    upper_value = models.DecimalField(
        _("upper value"),
        max_digits=18,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Only for a range, such as the 8 of “7–8%”."),
    )
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    qualifier = models.CharField(
        _("qualifier"), max_length=15, choices=Qualifier.choices, default=Qualifier.EXACT
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.REPORTED)
    as_of = models.DateField(
        _("as of"), help_text=_("Stored as the first day of its month or year.")
    )
    as_of_precision = models.CharField(
        _("as of precision"), max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="facts", verbose_name=_("source")
    )
    statement = models.TextField(
        _("statement"), help_text=_("The sentence of the article the figure comes from.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    tags = TaggableManager(_("tags"), blank=True)

    objects = FactQuerySet.as_manager()
    # A copy of the fact at each save: who, when, why (`_change_reason`), where from
    # (`_history_origin`) and whom to credit (`_history_credit`); see models/history.py.
    history = HistoricalRecords(
        bases=[FactChangeFields],
        history_change_reason_field=models.TextField(null=True),
        verbose_name=_("fact version"),
        verbose_name_plural=_("fact versions"),
    )

    class Meta:
        verbose_name = _("fact")
        verbose_name_plural = _("facts")
        ordering = ["position", "id"]
        indexes = [
            models.Index(fields=["platform", "metric", "as_of"], name="fact_platform_metric_as_of")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="fact_value_not_negative",
                violation_error_message=_("The value cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(upper_value__isnull=True) | Q(upper_value__gt=models.F("value")),
                name="fact_upper_value_above_value",
                violation_error_message=_("The upper value of a range must be above its value."),
            ),
            models.CheckConstraint(
                condition=~Q(unit="percent") | (Q(value__lte=100) & ~Q(upper_value__gt=100)),
                name="fact_percent_at_most_100",
                violation_error_message=_("A percentage cannot be above 100."),
            ),
            models.CheckConstraint(
                condition=Q(upper_value__isnull=True) | Q(qualifier__in=["exact", "approximately"]),
                name="fact_range_qualifier",
                violation_error_message=_(
                    "A range can only be exact or approximate, not “over”, “at least” or “up to”."
                ),
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(platform)s %(metric)s: %(value)s (%(as_of)s)") % {
            "platform": self.platform,
            "metric": self.metric,
            "value": self.display_value,
            "as_of": self.display_as_of,
        }

    def save(self, *args, **kwargs) -> None:
        as_of = self._meta.get_field("as_of").to_python(self.as_of)
        self.as_of = truncate_date(as_of, self.as_of_precision)
        previous_article_id = (
            Fact.objects.filter(pk=self.pk).values_list("article_id", flat=True).first()
            if self.pk
            else None
        )
        super().save(*args, **kwargs)
        self.__dict__.pop("corrections", None)
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
            message = gettext("%(metric)s is counted in %(unit)s.")
            raise ValidationError(
                {"unit": message % {"metric": metric.name.capitalize(), "unit": unit}}
            )

    @cached_property
    def corrections(self) -> list[Correction]:
        """Changes of the figure, oldest first (with_details() fetches them for a list)."""
        return corrections_by_fact([self.pk]).get(self.pk, []) if self.pk else []

    @property
    def display_number(self) -> str:
        """The figure alone: “14,020,000” or “7–8”."""
        if self.upper_value is not None:
            return f"{format_number(self.value)}–{format_number(self.upper_value)}"
        return format_number(self.value)

    @property
    def display_value(self) -> str:
        """The figure as a reader says it: “over 16,000,000 users”, “7–8%”."""
        return format_amount(self.display_number, self.unit, self.qualifier)

    @property
    def display_as_of(self) -> str:
        return format_as_of(self.as_of, self.as_of_precision)

    @property
    def is_projection(self) -> bool:
        return self.kind == self.Kind.PROJECTION


def truncate_date(date: datetime.date, precision: str) -> datetime.date:
    """The first day of the month or year a date stands for at its precision."""
    if precision == Fact.Precision.YEAR:
        return date.replace(month=1, day=1)
    if precision == Fact.Precision.MONTH:
        return date.replace(day=1)
    return date
