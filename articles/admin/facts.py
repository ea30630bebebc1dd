"""Facts and what they are made of: platforms, metrics, the pairs of metrics charts
compare, and sources. A fact's page keeps its history (django-simple-history)."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminTextareaWidget
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.admin.common import CHANGE_REASON_HELP, READABLE_NUMBERS
from articles.admin.fact_history import FactHistoryAdmin
from articles.models import Comparison, Fact, Metric, Platform, Source


class FactAdminForm(forms.ModelForm):
    change_reason = forms.CharField(
        label=_("Why it changes"), required=False, max_length=300, help_text=CHANGE_REASON_HELP
    )


@admin.register(Fact)
class FactAdmin(FactHistoryAdmin):
    """The History button lists every saved version: who, when, why, from where
    (articles/admin/fact_history.py)."""

    form = FactAdminForm
    list_display = ["platform", "metric", "display_value", "display_as_of", "kind", "source"]
    list_filter = ["platform", "kind", "unit", "qualifier", "tags"]
    search_fields = [
        "metric__name",
        "metric__synonyms",
        "statement",
        "platform__name",
        "source__name",
    ]
    date_hierarchy = "as_of"
    autocomplete_fields = ["article", "platform", "metric", "source"]
    list_select_related = ["platform", "metric", "source"]
    formfield_overrides = READABLE_NUMBERS

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    # The model's properties of these names, with column names in the catalogue.
    @admin.display(description=_("Display value"))
    def display_value(self, fact: Fact) -> str:
        return fact.display_value

    @admin.display(description=_("Display as of"))
    def display_as_of(self, fact: Fact) -> str:
        return fact.display_as_of

    def save_model(self, request, obj: Fact, form, change: bool) -> None:
        obj._change_reason = form.cleaned_data.get("change_reason") or None
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj: Fact, post_url_continue=None):
        """A fact added from an article's figures leads back to that article."""
        if (
            request.GET.get("article")
            and "_continue" not in request.POST
            and "_addanother" not in request.POST
            and "_popup" not in request.POST
        ):
            self.message_user(request, gettext("Added “%(fact)s”.") % {"fact": obj})
            url = reverse("admin:articles_article_change", args=[obj.article_id])
            return HttpResponseRedirect(f"{url}#figures")
        return super().response_add(request, obj, post_url_continue)


@admin.register(Metric)
class MetricAdmin(admin.ModelAdmin):
    """The vocabulary of metrics: editors pick from it in the facts table, and extend it."""

    list_display = ["name", "unit", "synonym_names", "fact_count"]
    list_filter = ["unit"]
    search_fields = ["name", "synonyms", "slug", "definition"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "unit", "synonyms", "definition", "comparable_with"]
    readonly_fields = ["comparable_with"]

    def get_queryset(self, request):
        # Ordered again: Meta.ordering does not apply to a grouped (counting) query.
        counted = super().get_queryset(request).annotate(fact_count=models.Count("facts"))
        return counted.order_by("name")

    @admin.display(description=_("Synonyms"))
    def synonym_names(self, metric: Metric) -> str:
        return ", ".join(metric.synonym_list)

    @admin.display(description=_("Facts"), ordering="fact_count")
    def fact_count(self, metric: Metric) -> int:
        return metric.fact_count

    @admin.display(description=_("Comparable with"))
    def comparable_with(self, metric: Metric) -> str:
        """The metrics charts draw beside this one, each linked to its pair and caveat."""
        pairs = Comparison.objects.involving({metric.pk}).select_related("first", "second")
        links = format_html_join(
            mark_safe("<br>"),
            '<a href="{}">{}</a>: {}',
            (
                (
                    reverse("admin:articles_comparison_change", args=[pair.pk]),
                    pair.partner(metric),
                    pair.caveat,
                )
                for pair in (pairs if metric.pk else [])
            ),
        )
        return links or gettext("None: pairs are added under Comparisons.")


@admin.register(Comparison)
class ComparisonAdmin(admin.ModelAdmin):
    """Pairs of metrics that charts may draw together, each with its caveat."""

    list_display = ["first", "second", "caveat"]
    search_fields = ["first__name", "second__name", "caveat"]
    autocomplete_fields = ["first", "second"]
    list_select_related = ["first", "second"]
    ordering = ["first__name", "second__name"]
    formfield_overrides = {models.CharField: {"widget": AdminTextareaWidget(attrs={"rows": 3})}}


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "kind", "country", "website"]
    list_filter = ["kind", "country"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "title", "published_on", "url"]
    search_fields = ["name", "title", "url"]
