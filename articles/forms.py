"""Form fields for editors: numbers as people write them, labelled date and time inputs."""

import re
import unicodedata
from decimal import Decimal

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.utils.translation import gettext

from articles.formatting import grouped

SEPARATORS = str.maketrans("", "", ", \u00a0\u2009\u202f_")
# “1,402万”, “12億3,000万”, “1.5億”: the Japanese myriads, largest first.
MYRIADS = re.compile(
    r"(?P<sign>-?)(?:(?P<cho>\d+(?:\.\d+)?)兆)?(?:(?P<oku>\d+(?:\.\d+)?)億)?"
    r"(?:(?P<man>\d+(?:\.\d+)?)万)?(?P<ones>\d+(?:\.\d+)?)?"
)
MYRIAD_SIZES = {"cho": 10**12, "oku": 10**8, "man": 10**4, "ones": 1}


def read_number(text: str) -> str:
    """A number as typed or pasted, as digits: thousands separators dropped, full-width
    digits read (“１４，０２０，０００”), and 万, 億 and 兆 multiplied out (“1,402万” is
    14020000). Anything else is returned for the decimal field to refuse."""
    text = unicodedata.normalize("NFKC", text).translate(SEPARATORS)
    if not any(myriad in text for myriad in "万億兆"):
        return text
    match = MYRIADS.fullmatch(text)
    if not match:
        return text
    total = sum(Decimal(match[name]) * size for name, size in MYRIAD_SIZES.items() if match[name])
    return f"{match['sign']}{total:f}"


class ReadableNumberInput(forms.TextInput):
    """A number shown as “15,470,000” rather than “15470000.0000”, in every language:
    what the form shows, it reads back."""

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__({"inputmode": "decimal", "size": "11", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, (Decimal, int, float)):
            return grouped(Decimal(value))
        return super().format_value(value)


class ReadableDecimalField(forms.DecimalField):
    """A decimal typed or pasted as people write it: “15,470,000”, “7.5”, “1,402万”."""

    widget = ReadableNumberInput

    def to_python(self, value):
        if isinstance(value, str):
            value = read_number(value)
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
