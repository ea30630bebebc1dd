"""What the articles' admin pages share: readable numbers, labelled date inputs, a
fact's figure and date in a line, and related-object choices without their links."""

from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.forms import LabelledSplitDateTime, ReadableDecimalField
from articles.models import Fact

READABLE_NUMBERS = {models.DecimalField: {"form_class": ReadableDecimalField}}


def figure_and_date(fact: Fact) -> str:
    """“14,020,000 users (September 2012)”."""
    return gettext("%(value)s (%(as_of)s)") % {
        "value": fact.display_value,
        "as_of": fact.display_as_of,
    }


def without_links(wrapper: RelatedFieldWidgetWrapper, keep_add: bool = False) -> None:
    """No change, delete or view links beside a choice of related object (nor add,
    unless kept): each takes room, and its object has a page of its own."""
    wrapper.can_add_related = wrapper.can_add_related and keep_add
    wrapper.can_change_related = False
    wrapper.can_delete_related = False
    wrapper.can_view_related = False


CHANGE_REASON_HELP = _("Optional; kept in the history of each fact this save changes.")


class LabelledDateTimes:
    """Date-and-time fields as two inputs that each have an accessible name."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.DateTimeField) and db_field.editable:
            kwargs["widget"] = LabelledSplitDateTime(db_field.verbose_name.capitalize())
        return super().formfield_for_dbfield(db_field, request, **kwargs)
