"""Form fields for editors: numbers as people write them, labelled date and time inputs."""

from decimal import Decimal

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.utils.translation import gettext

from articles.formatting import format_number

SEPARATORS = str.maketrans("", "", ", \u00a0\u2009\u202f_")


class ReadableNumberInput(forms.TextInput):
    """A number shown as “15,470,000” rather than “15470000.0000”."""

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__({"inputmode": "decimal", "size": "11", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, (Decimal, int, float)):
            return format_number(value)
        return super().format_value(value)


class ReadableDecimalField(forms.DecimalField):
    """A decimal typed or pasted with thousands separators: “15,470,000”, “7.5”."""

    widget = ReadableNumberInput

    def to_python(self, value):
        if isinstance(value, str):
            value = value.translate(SEPARATORS)
        return super().to_python(value)

    def widget_attrs(self, widget):
        # Not a number input: browsers refuse “15,470,000” in <input type=number>.
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        return attrs


class LabelledSplitDateTime(AdminSplitDateTime):
    """The admin's date and time inputs, each with a name of its own for screen readers
    (the field's <label> names only the first)."""

    def __init__(self, label: str, attrs: dict | None = None) -> None:
        super().__init__(attrs)
        self.widgets[0].attrs["aria-label"] = gettext("%(label)s: date") % {"label": label}
        self.widgets[1].attrs["aria-label"] = gettext("%(label)s: time") % {"label": label}
