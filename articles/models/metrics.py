"""Metrics: the shared vocabulary of what facts measure, with units and synonyms."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.utils.text import slugify
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from articles.models.articles import Article
from snsblog.addresses import address


def spoken(text: str) -> str:
    """A metric name as compared: case and runs of spaces do not count."""
    return " ".join(text.split()).casefold()


class Unit(models.TextChoices):
    # In a context of their own: Django's auth app names its model "users" too.
    USERS = "users", pgettext_lazy("unit", "users")
    ACCOUNTS = "accounts", pgettext_lazy("unit", "accounts")
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

    def with_public_facts(self) -> "MetricQuerySet":
        """The metrics public facts use, with how many of those facts (fact_count) on how
        many platforms (platform_count)."""
        public = Q(facts__article__in=Article.objects.published())
        return self.annotate(
            fact_count=Count("facts", filter=public, distinct=True),
            platform_count=Count("facts__platform", filter=public, distinct=True),
        ).filter(fact_count__gt=0)


def unique_slug(name: str) -> str:
    base = slugify(name, allow_unicode=True)[:90] or "metric"
    slug, number = base, 2
    while Metric.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


class Metric(models.Model):
    """What a fact measures, from a shared vocabulary, so that figures of the same
    measure compare across articles and platforms whatever an article calls them."""

    name = models.CharField(
        _("name"), max_length=100, help_text=_("Such as “monthly active users”.")
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    unit = models.CharField(
        _("unit"),
        max_length=10,
        blank=True,
        choices=Unit.choices,
        help_text=_("What it is counted in; facts of this metric must use it. Blank: any."),
    )
    definition = models.TextField(
        _("definition"), blank=True, help_text=_("What is counted, and how.")
    )
    synonyms = models.TextField(
        _("synonyms"),
        blank=True,
        help_text=_("Other names for it, one a line, such as “MAU”: found when searching."),
    )

    objects = MetricQuerySet.as_manager()

    class Meta:
        verbose_name = _("metric")
        verbose_name_plural = _("metrics")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="metric_unique_name",
                violation_error_message=_("There is already a metric of that name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        Article.objects.filter(facts__metric=self).content_changed()

    def get_absolute_url(self) -> str:
        return address("articles:metric", self.slug)

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
                message = gettext("“%(name)s” already names the metric “%(metric)s”.")
                raise ValidationError(
                    {"synonyms": message % {"name": sorted(shared)[0], "metric": other}}
                )
