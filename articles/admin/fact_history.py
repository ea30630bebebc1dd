"""A fact's History page in the admin, and the page of one of its versions
(django-simple-history's views): every saved version with its figure, where the
change came from, whom it credits, who saved it and why, and what changed, each
field by its name and each value as the fact table writes it, in the editor's
language."""

import datetime
from decimal import Decimal

from django.contrib.admin.utils import unquote
from django.db.models import Model
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from articles.admin.common import figure_and_date
from articles.formatting import grouped


def readable(field, value: object) -> object:
    """A field's value as editors enter it: the label of a choice, a number with its
    thousands separated and no trailing zeros, a date in words."""
    if value is None or value == "":
        return "—"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, Decimal):
        return grouped(value)
    if isinstance(value, datetime.date):
        return date_format(value)
    return value


class FactChanges(HistoricalRecordContextHelper):
    """What changed from one version to the next (simple-history's delta)."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        return readable(self.model._meta.get_field(change.field), value)


class FactHistoryAdmin(SimpleHistoryAdmin):
    object_history_template = "admin/articles/fact/history.html"
    object_history_list_template = "admin/articles/fact/history_list.html"
    object_history_form_template = "admin/articles/fact/history_form.html"
    # simple-history sets each of these on every version shown, from the methods below.
    history_list_display = ["figure", "origin", "change"]

    def history_view_title(self, request, obj: Model) -> str:
        return gettext("History of “%(fact)s”") % {"fact": obj}

    def history_form_view_title(self, request, obj: Model) -> str:
        if self.revert_disabled(request, obj):
            return gettext("“%(fact)s” as it was") % {"fact": obj}
        return gettext("Go back to “%(fact)s”") % {"fact": obj}

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A version's page leads back to the fact as it is now (simple-history names it
        by the version's figure)."""
        current = self.get_object(request, unquote(object_id))
        extra_context = {"current_fact": current, **(extra_context or {})}
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_historical_record_context_helper(self, request, historical_record):
        return FactChanges(self.model, historical_record)

    def figure(self, record) -> str:
        """A version's figure, as readers saw it then."""
        return figure_and_date(record.instance)

    def origin(self, record) -> str:
        return record.get_history_origin_display()

    def change(self, record) -> str:
        return {
            "+": pgettext("fact history", "Added"),
            "~": pgettext("fact history", "Changed"),
            "-": pgettext("fact history", "Deleted"),
        }[record.history_type]
