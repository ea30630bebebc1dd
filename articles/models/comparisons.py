"""Comparable measures: two metrics that count the same thing closely enough to be drawn
in one chart, such as Mixi's “monthly active users” and Facebook's “active users in
Japan”, with the caveat a reader needs wherever they are drawn together."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Greatest, Least
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models.articles import Article
from articles.models.metrics import Metric, Unit


def show_changed(metric_ids: Iterable[int]) -> None:
    """The articles with facts of these metrics draw their comparisons anew."""
    ids = {pk for pk in metric_ids if pk is not None}
    if ids:
        Article.objects.filter(facts__metric__in=ids).content_changed()


class ComparisonQuerySet(models.QuerySet):
    def among(self, metric_ids: Iterable[int]) -> "ComparisonQuerySet":
        """The pairs whose two metrics are both among these (an article's, say)."""
        ids = set(metric_ids)
        return self.filter(first__in=ids, second__in=ids)

    def involving(self, metric_ids: Iterable[int]) -> "ComparisonQuerySet":
        """The pairs of which one metric at least is among these."""
        ids = set(metric_ids)
        return self.filter(Q(first__in=ids) | Q(second__in=ids))

    def metric_ids(self) -> set[int]:
        return {pk for pair in self.values_list("first_id", "second_id") for pk in pair}

    def update(self, **kwargs) -> int:
        changed = self.metric_ids()
        for name in ("first", "second"):
            for key in (name, f"{name}_id"):
                if key in kwargs:
                    value = kwargs[key]
                    changed.add(value.pk if isinstance(value, Metric) else value)
        updated = super().update(**kwargs)
        show_changed(changed)
        return updated

    update.alters_data = True

    def delete(self) -> tuple[int, dict[str, int]]:
        changed = self.metric_ids()
        deleted = super().delete()
        show_changed(changed)
        return deleted

    delete.alters_data = True


class Comparison(models.Model):
    """Two metrics an editor says may be drawn together. The relation is symmetric: the
    pair is stored once, in either order, and the order only says which side a chart
    names first."""

    first = models.ForeignKey(
        Metric, on_delete=models.CASCADE, related_name="+", verbose_name=_("metric")
    )
    second = models.ForeignKey(
        Metric, on_delete=models.CASCADE, related_name="+", verbose_name=_("comparable with")
    )
    caveat = models.CharField(
        _("caveat"),
        max_length=300,
        help_text=_(
            "How the two measures differ, in a sentence or two: shown beside every "
            "chart that draws them together, and read out with it."
        ),
    )

    objects = ComparisonQuerySet.as_manager()

    class Meta:
        verbose_name = _("comparison")
        verbose_name_plural = _("comparisons")
        constraints = [
            models.CheckConstraint(
                condition=~Q(first=F("second")),
                name="comparison_not_with_itself",
                violation_error_message=_("A metric cannot be compared with itself."),
            ),
            models.UniqueConstraint(
                Least("first", "second"),
                Greatest("first", "second"),
                name="comparison_unique_pair",
                violation_error_message=_("These two metrics are already comparable."),
            ),
            models.CheckConstraint(
                condition=~Q(caveat=""),
                name="comparison_has_caveat",
                violation_error_message=_("Say how the two measures differ."),
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(first)s compared with %(second)s") % {
            "first": self.first,
            "second": self.second,
        }

    def save(self, *args, **kwargs) -> None:
        before = (
            Comparison.objects.filter(pk=self.pk).metric_ids() if self.pk is not None else set()
        )
        super().save(*args, **kwargs)
        show_changed(before | {self.first_id, self.second_id})

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        show_changed({self.first_id, self.second_id})
        return deleted

    def clean(self) -> None:
        self.caveat = " ".join(self.caveat.split())
        if not (self.first_id and self.second_id):
            return
        first, second = self.first, self.second
        if first.unit and second.unit and first.unit != second.unit:
            units = dict(Unit.choices)
            message = gettext(
                "%(first)s is counted in %(first_unit)s and %(second)s in %(second_unit)s: "
                "they cannot be drawn together."
            )
            raise ValidationError(
                message
                % {
                    "first": first.name.capitalize(),
                    "first_unit": units[first.unit],
                    "second": second.name,
                    "second_unit": units[second.unit],
                }
            )

    def partner(self, metric: Metric) -> Metric:
        """The metric paired with this one."""
        return self.second if metric.pk == self.first_id else self.first
