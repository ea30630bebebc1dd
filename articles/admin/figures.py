"""The admin's view of an article's figures: which ones facts back, and a prefilled
“add fact” link for each one that none does (articles/figures_in_text/ finds them)."""

import re
from types import SimpleNamespace
from urllib.parse import urlencode

from django.contrib import admin
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.figures_in_text import Figure
from articles.formatting import format_amount, format_as_of, format_number
from articles.models import Article, Fact, Metric, Platform, Source


def figures_report(article: Article) -> SafeString:
    if article.pk is None:
        return render_to_string("admin/articles/article/figures.html", {"saved": False})
    platforms = list(Platform.objects.only("pk", "name"))
    sources = list(Source.objects.filter(title="").only("pk", "name"))
    metrics = metric_names()
    position = article.facts.count()
    rows = []
    for figure, backed in article.figures():
        initial = fact_initial(article, figure, platforms, sources, position, metrics)
        rows.append(
            {
                "figure": figure,
                "backed": backed,
                "proposal": proposal(figure),
                "add_url": f"{reverse('admin:articles_fact_add')}?{urlencode(initial)}",
            }
        )
    return render_to_string(
        "admin/articles/article/figures.html",
        {
            "saved": True,
            "figures": rows,
            "unbacked": sum(1 for row in rows if not row["backed"]),
        },
    )


def proposal(figure: Figure) -> str:
    """The proposed fact in words: “over 16,000,000 users, reported, September 2012”."""
    number = format_number(figure.value)
    if figure.upper_value is not None:
        number += f"–{format_number(figure.upper_value)}"
    words = {
        "amount": format_amount(number, figure.unit, figure.qualifier),
        "kind": dict(Fact.Kind.choices)[figure.kind].lower(),
    }
    if figure.as_of is None:
        return gettext("%(amount)s, %(kind)s") % words
    words["as_of"] = format_as_of(figure.as_of, figure.as_of_precision)
    return gettext("%(amount)s, %(kind)s, %(as_of)s") % words


def fact_initial(
    article: Article,
    figure: Figure,
    platforms: list[Platform],
    sources: list[Source],
    position: int,
    metrics: list | None = None,
) -> dict[str, str]:
    """GET parameters that fill in the admin's add form for a fact of this figure."""
    initial = {
        "article": str(article.pk),
        "value": f"{figure.value:f}",
        "unit": figure.unit,
        "qualifier": figure.qualifier,
        "kind": figure.kind,
        "as_of_precision": figure.as_of_precision,
        "statement": figure.sentence,
        "position": str(position),
    }
    if figure.upper_value is not None:
        initial["upper_value"] = f"{figure.upper_value:f}"
    if figure.as_of is not None:
        initial["as_of"] = figure.as_of.isoformat()
    at = figure.sentence.find(figure.text)
    if platform := named_near(figure.sentence, at, platforms):
        initial["platform"] = str(platform.pk)
    if source := named_near(figure.sentence, at, sources):
        initial["source"] = str(source.pk)
    named = named_near(figure.sentence, at, metrics or [])
    if named and named.metric.unit in ("", figure.unit or named.metric.unit):
        initial["metric"] = str(named.metric.pk)
        # “14 million MAU”: the metric says what the number counts.
        initial["unit"] = figure.unit or named.metric.unit
    return {name: value for name, value in initial.items() if value}


def metric_names() -> list[SimpleNamespace]:
    """Every name and synonym of every metric, each as a record for named_near."""
    return [
        SimpleNamespace(name=name, metric=metric)
        for metric in Metric.objects.all()
        for name in [metric.name, *metric.synonym_list]
    ]


def named_near(sentence: str, at: int, records: list) -> object | None:
    """The record whose name the sentence mentions last before `at`, else first after;
    a name inside a longer one mentioned there (“users in Japan” in “active users in
    Japan”) does not count."""
    found = []
    for record in records:
        if len(record.name) < 3:
            continue
        pattern = re.compile(rf"(?<!\w){re.escape(record.name)}(?!\w)", re.IGNORECASE)
        found += [(match.start(), match.end(), record) for match in pattern.finditer(sentence)]
    before, after = [], []
    for start, end, record in found:
        if any(s <= start and end <= e and e - s > end - start for s, e, _ in found):
            continue
        (before if start < at else after).append((start, record))
    if before:
        return max(before, key=lambda item: item[0])[1]
    if after:
        return min(after, key=lambda item: item[0])[1]
    return None


class UnbackedFiguresFilter(admin.SimpleListFilter):
    title = _("figures backed by facts")
    parameter_name = "figures"

    def lookups(self, request, model_admin):
        return [("unbacked", gettext("Some not backed")), ("backed", gettext("All backed"))]

    def queryset(self, request, queryset):
        if self.value() == "unbacked":
            return queryset.filter(unbacked_figures__gt=0)
        if self.value() == "backed":
            return queryset.filter(unbacked_figures=0)
        return queryset
