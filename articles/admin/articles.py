"""An article's admin page: its text, its facts one row each, the figures of its text
no fact gives yet, and a preview of its facts as readers see them."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminTextareaWidget, RelatedFieldWidgetWrapper
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.admin.common import (
    CHANGE_REASON_HELP,
    READABLE_NUMBERS,
    LabelledDateTimes,
    without_links,
)
from articles.admin.figures import UnbackedFiguresFilter, figures_report
from articles.charts.layout import article_charts
from articles.models import Article, Comparison, Fact


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


class ArticleAdminForm(forms.ModelForm):
    facts_change_reason = forms.CharField(
        label=_("Why the facts change"),
        required=False,
        max_length=300,
        help_text=CHANGE_REASON_HELP,
    )


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
