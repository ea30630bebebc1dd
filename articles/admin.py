from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminTextareaWidget, RelatedFieldWidgetWrapper
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from articles.admin_figures import UnbackedFiguresFilter, figures_report
from articles.charts.layout import article_charts
from articles.corrections import review
from articles.forms import LabelledSplitDateTime, ReadableDecimalField
from articles.models import (
    Article,
    Comparison,
    Fact,
    Metric,
    Platform,
    Proposal,
    Redirect,
    Source,
)

READABLE_NUMBERS = {models.DecimalField: {"form_class": ReadableDecimalField}}


def figure_and_date(fact: Fact) -> str:
    """“14,020,000 users (September 2012)”."""
    return gettext("%(value)s (%(as_of)s)") % {
        "value": fact.display_value,
        "as_of": fact.display_as_of,
    }


class FactFormSet(forms.BaseInlineFormSet):
    """Each input of a row named after its column and row: a table cell has no <label>."""

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if index is None:
            row = gettext("new fact")
        else:
            row = gettext("fact %(number)s") % {"number": index + 1}
        for name, field in form.fields.items():
            label = gettext("Delete") if name == "DELETE" else (field.label or name)
            name_in_row = gettext("%(label)s (%(row)s)") % {"label": label, "row": row}
            field.widget.attrs.setdefault("aria-label", name_in_row)


def without_links(wrapper: RelatedFieldWidgetWrapper, keep_add: bool = False) -> None:
    """No change, delete or view links beside a choice of related object (nor add,
    unless kept): each takes room, and its object has a page of its own."""
    wrapper.can_add_related = wrapper.can_add_related and keep_add
    wrapper.can_change_related = False
    wrapper.can_delete_related = False
    wrapper.can_view_related = False


class FactInline(admin.TabularInline):
    """One row a fact, so an article's facts fit on a screen or two."""

    model = Fact
    formset = FactFormSet
    template = "admin/articles/article/facts_tabular.html"
    extra = 0
    autocomplete_fields = ["platform", "metric", "source"]
    formfield_overrides = READABLE_NUMBERS
    fields = [
        "platform",
        "metric",
        "value",
        "upper_value",
        "unit",
        "qualifier",
        "kind",
        "as_of",
        "as_of_precision",
        "source",
        "statement",
        "tags",
        "position",
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "statement":
            kwargs["widget"] = forms.TextInput(attrs={"size": "20"})
        if db_field.name == "as_of":
            # The browser's own date input: its picker takes no room beside it.
            kwargs["widget"] = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        if db_field.name == "position":
            kwargs["label"] = gettext("Order")
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and isinstance(formfield.widget, RelatedFieldWidgetWrapper):
            # A row keeps “add” (a new source, say, while entering facts); platforms,
            # metrics and sources are changed or deleted from their own pages.
            without_links(formfield.widget, keep_add=True)
        return formfield


CHANGE_REASON_HELP = _("Optional; kept in the history of each fact this save changes.")


class ArticleAdminForm(forms.ModelForm):
    facts_change_reason = forms.CharField(
        label=_("Why the facts change"),
        required=False,
        max_length=300,
        help_text=CHANGE_REASON_HELP,
    )


class FactAdminForm(forms.ModelForm):
    change_reason = forms.CharField(
        label=_("Why it changes"), required=False, max_length=300, help_text=CHANGE_REASON_HELP
    )


class LabelledDateTimes:
    """Date-and-time fields as two inputs that each have an accessible name."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.DateTimeField) and db_field.editable:
            kwargs["widget"] = LabelledSplitDateTime(db_field.verbose_name.capitalize())
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Article)
class ArticleAdmin(LabelledDateTimes, admin.ModelAdmin):
    list_display = [
        "title",
        "status",
        "published_at",
        "author",
        "comments_enabled",
        "tag_list",
        "unbacked_figures",
    ]
    list_filter = ["status", UnbackedFiguresFilter, "comments_enabled", "tags"]
    search_fields = ["title", "body", "excerpt"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    form = ArticleAdminForm
    inlines = [FactInline]
    readonly_fields = ["figures", "facts_preview"]

    class Media:
        js = ["js/admin/unsaved.js"]

    # Lines of text shown: the body is written here, the excerpt is a sentence or two;
    # both grow when dragged.
    TEXTAREA_ROWS = {"body": 10, "excerpt": 2}

    # Fields set once per article share a line, so that the page, facts included,
    # fits in about two desktop screens.
    fields = [
        ("title", "slug"),
        "body",
        ("excerpt", "tags"),
        ("status", "published_at", "author", "comments_enabled"),
        ("lang", "body_format", "facts_change_reason"),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author").prefetch_related("tags")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.TEXTAREA_ROWS:
            rows = str(self.TEXTAREA_ROWS[db_field.name])
            kwargs["widget"] = AdminTextareaWidget(attrs={"rows": rows})
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "author" and isinstance(formfield.widget, RelatedFieldWidgetWrapper):
            # Accounts are managed on the Users page, not from an article.
            without_links(formfield.widget)
        return formfield

    def get_fieldsets(self, request, obj=None):
        """The figures of the text after the body: folded away when facts back them all."""
        unbacked = obj.unbacked_figures if obj is not None else 0
        figures = {"fields": ["figures"], "classes": [] if unbacked else ["collapse"]}
        if obj is None:
            title = gettext("Figures")
        else:
            title = gettext("Figures in the text: %(count)s not backed by a fact") % {
                "count": unbacked
            }
        preview = {"fields": ["facts_preview"], "classes": ["collapse"]}
        return [
            (None, {"fields": self.fields}),
            (title, figures),
            (gettext("Preview of the facts"), preview),
        ]

    @admin.display(description=_("Charts and table"))
    def facts_preview(self, article: Article) -> SafeString:
        """The saved facts rendered by the public page's own templates and chart code."""
        facts = list(article.facts.with_details()) if article.pk else []
        context = {
            "saved": article.pk is not None,
            "article": article,
            "facts": facts,
            "charts": article_charts(
                facts, Comparison.objects.among({fact.metric_id for fact in facts})
            ),
        }
        return render_to_string("admin/articles/article/facts_preview.html", context)

    @admin.display(description=_("Figures in the text"))
    def figures(self, article: Article) -> str:
        return figures_report(article)

    @admin.display(description=_("Tags"))
    def tag_list(self, article: Article) -> str:
        return ", ".join(tag.name for tag in article.tags.all())

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """Without the navigation sidebar: its width goes to the facts table, whose
        columns then fit beside each other on a 1280 px screen (the breadcrumbs stay)."""
        extra_context = {**(extra_context or {}), "is_nav_sidebar_enabled": False}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj: Article, form, change: bool) -> None:
        if obj.author_id is None and not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change: bool) -> None:
        """The reason given for this save goes into each changed fact's history."""
        reason = form.cleaned_data.get("facts_change_reason")
        if formset.model is Fact and reason:
            for fact_form in formset.forms:
                fact_form.instance._change_reason = reason
        super().save_formset(request, form, formset, change)

    def response_add(self, request, obj: Article, post_url_continue=None):
        if "_preview" in request.POST:
            return self.preview(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj: Article):
        if "_preview" in request.POST:
            return self.preview(request, obj)
        return super().response_change(request, obj)

    def preview(self, request, article: Article) -> HttpResponseRedirect:
        """“Save and preview”: saved, then the article page (staff see drafts there too)."""
        self.message_user(request, gettext("Saved “%(article)s”.") % {"article": article})
        return HttpResponseRedirect(article.get_absolute_url())


@admin.register(Fact)
class FactAdmin(SimpleHistoryAdmin):
    """The History button lists every saved version: who, when, why, from where."""

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
    history_list_display = ["figure", "history_origin", "history_credit"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    # The model's properties of these names, with column names in the catalogue.
    @admin.display(description=_("Display value"))
    def display_value(self, fact: Fact) -> str:
        return fact.display_value

    @admin.display(description=_("Display as of"))
    def display_as_of(self, fact: Fact) -> str:
        return fact.display_as_of

    @admin.display(description=_("Figure"))
    def figure(self, record) -> str:
        """A historical record's figure, as readers saw it then."""
        return figure_and_date(record.instance)

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


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    """Old addresses of imported blogs, answered with a permanent redirect; an editor
    can point one elsewhere, or add one for a page that had no counterpart."""

    list_display = ["old_path", "leads_to", "shows", "created_at"]
    list_filter = ["shows", ("article", admin.EmptyFieldListFilter)]
    search_fields = ["old_path", "new_path", "article__title", "tag__name"]
    autocomplete_fields = ["article", "tag"]
    list_select_related = ["article", "tag"]
    fields = ["old_path", "article", "tag", "new_path", "shows"]

    @admin.display(description=_("Leads to"))
    def leads_to(self, redirect: Redirect) -> str:
        if redirect.is_gone():
            return gettext("Gone (410): its article or tag was deleted")
        # Where readers are sent: the English address, as the redirect answers it.
        with translation.override(settings.LANGUAGE_CODE):
            target = redirect.target()
        if target is None:
            return gettext("Not public yet (404): %(article)s") % {"article": redirect.article}
        return target


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    """Readers' corrections: the figure on the page and the one proposed side by side,
    with the source; accept or reject one on its page, or many from the list."""

    change_form_template = "admin/articles/proposal/change_form.html"
    list_display = ["fact_name", "current", "proposed", "source", "name", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["name", "email", "note", "source_citation", "source_url"]
    list_select_related = ["fact__platform", "fact__metric", "fact__source", "fact__article"]
    date_hierarchy = "created_at"
    actions = ["accept_selected", "reject_selected"]
    fields = [
        "fact_link", "current", "proposed", "source", "note", "name", "email", "credit",
        "notify", "status", "decided_at", "decided_by", "created_at", "decision_reason",
    ]  # fmt: skip
    readonly_fields = [name for name in fields if name != "decision_reason"]

    def has_add_permission(self, request) -> bool:
        return False  # readers propose, on the site

    @admin.display(description=_("Fact"))
    def fact_name(self, proposal: Proposal) -> str:
        """Plain text: the list links it to the proposal's page."""
        return gettext("%(platform)s, %(metric)s") % {
            "platform": proposal.fact.platform,
            "metric": proposal.fact.metric,
        }

    @admin.display(description=_("Fact"))
    def fact_link(self, proposal: Proposal) -> str:
        url = reverse("admin:articles_fact_change", args=[proposal.fact_id])
        return format_html('<a href="{}">{}</a>', url, self.fact_name(proposal))

    @admin.display(description=_("On the page"))
    def current(self, proposal: Proposal) -> str:
        fact = proposal.fact
        return gettext("%(value)s (%(as_of)s; %(source)s)") % {
            "value": fact.display_value,
            "as_of": fact.display_as_of,
            "source": fact.source,
        }

    @admin.display(description=_("Proposed"))
    def proposed(self, proposal: Proposal) -> str:
        return figure_and_date(proposal.proposed_fact())

    @admin.display(description=_("Source"))
    def source(self, proposal: Proposal) -> str:
        if proposal.source_url:
            text = proposal.source_citation or proposal.source_url
            return format_html('<a href="{}" rel="nofollow">{}</a>', proposal.source_url, text)
        return proposal.source_citation

    def response_change(self, request, obj: Proposal):
        """The Accept and Reject buttons of a proposal's page."""
        if "_accept" in request.POST or "_reject" in request.POST:
            if obj.status != Proposal.Status.OPEN:
                message = gettext("This proposal was decided already.")
                self.message_user(request, message, messages.ERROR)
            elif "_accept" in request.POST:
                self.accept_one(request, obj)
            else:
                review.reject(Proposal.objects.filter(pk=obj.pk), request.user)
                self.message_user(request, gettext("Rejected “%(proposal)s”.") % {"proposal": obj})
            return HttpResponseRedirect(reverse("admin:articles_proposal_changelist"))
        return super().response_change(request, obj)

    def accept_one(self, request, proposal: Proposal) -> bool:
        try:
            review.accept(proposal, request.user)
        except ValidationError as error:
            message = gettext("“%(proposal)s” was not applied: %(reasons)s") % {
                "proposal": proposal,
                "reasons": " ".join(error.messages),
            }
            self.message_user(request, message, messages.ERROR)
            return False
        message = gettext("Accepted “%(proposal)s”: the fact says it now.")
        self.message_user(request, message % {"proposal": proposal})
        return True

    @admin.action(description=_("Accept the selected corrections"))
    def accept_selected(self, request, queryset) -> None:
        for proposal in queryset.open():
            self.accept_one(request, proposal)

    @admin.action(description=_("Reject the selected corrections"))
    def reject_selected(self, request, queryset) -> None:
        rejected = review.reject(queryset, request.user)
        message = ngettext(
            "Rejected %(count)s correction.", "Rejected %(count)s corrections.", rejected
        )
        self.message_user(request, message % {"count": rejected})
