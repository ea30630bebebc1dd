"""A fact's history: django-simple-history keeps a copy of the fact at each save
(`Fact.history`, the HistoricalFact model) with who saved it, when and why; this
module adds where the change came from and whom to credit, and reads the copies
back as the corrections a reader is shown ("corrected on 5 Dec 2026: was
14,200,000 users")."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.formatting import format_as_of


class ChangeOrigin(models.TextChoices):
    EDIT = "edit", _("Editor's edit")
    CORRECTION = "correction", _("Reader's correction")
    IMPORT = "import", _("Import")
    START = "start", _("History began")


class FactChangeFields(models.Model):
    """What simple-history does not record itself, set from the fact's
    `_history_origin` and `_history_credit` (articles/receivers.py)."""

    history_origin = models.CharField(
        _("history origin"), max_length=12, choices=ChangeOrigin.choices, default=ChangeOrigin.EDIT
    )
    history_credit = models.CharField(
        _("history credit"),
        max_length=80,
        blank=True,
        help_text=_("The reader who proposed it, when they agreed."),
    )

    class Meta:
        abstract = True


# The fields that make the figure a reader sees; a save that changes none of them
# (the statement, the order, the tags) is not a correction.
FIGURE_FIELDS = [
    "platform_id", "metric_id", "value", "upper_value", "unit", "qualifier", "kind",
    "as_of", "as_of_precision", "source_id",
]  # fmt: skip


@dataclass
class Figure:
    """A fact's figure at one point of its history, as plain values."""

    value: object
    upper_value: object
    unit: str
    qualifier: str
    kind: str
    as_of: datetime.date
    as_of_precision: str
    source: str
    display_value: str
    display_as_of: str

    def record(self) -> dict:
        return {
            "value": number(self.value),
            "upper_value": number(self.upper_value),
            "unit": self.unit,
            "qualifier": self.qualifier,
            "kind": self.kind,
            "as_of": self.as_of.isoformat(),
            "as_of_precision": self.as_of_precision,
            "source": self.source,
            "display_value": self.display_value,
            "display_as_of": self.display_as_of,
        }


@dataclass
class Correction:
    """One change of a fact's figure: when, why, by whom, and the figure before and after."""

    changed_at: datetime.datetime
    origin: str
    reason: str
    credit: str
    old: Figure
    new: Figure
    fields: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """“was 14,200,000 users (September 2012, Nikkei)”."""
        old = self.old
        return gettext("was %(value)s (%(as_of)s, %(source)s)") % {
            "value": old.display_value,
            "as_of": old.display_as_of,
            "source": old.source,
        }

    @property
    def origin_label(self) -> str:
        return ChangeOrigin(self.origin).label if self.origin in ChangeOrigin.values else ""

    def record(self) -> dict:
        return {
            "changed_at": self.changed_at.isoformat(),
            "origin": self.origin,
            "reason": self.reason,
            "credit": self.credit,
            "changed": self.fields,
            "old": self.old.record(),
            "new": self.new.record(),
        }

    def text(self) -> str:
        """One line for a CSV cell or a schema.org CorrectionComment."""
        line = (
            f"{self.changed_at.date().isoformat()}: {self.summary}, "
            f"now {self.new.display_value} ({self.new.display_as_of}, {self.new.source})"
        )
        if self.reason:
            line += f"; {self.reason}"
        if self.credit:
            line += f"; proposed by {self.credit}"
        return line


def number(value) -> int | float | None:
    """A decimal as JSON has it: 14020000, not 14020000.0000."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def figure_of(record) -> Figure:
    fact = record.instance  # a Fact with the record's values, not saved
    return Figure(
        value=record.value,
        upper_value=record.upper_value,
        unit=record.unit,
        qualifier=record.qualifier,
        kind=record.kind,
        as_of=record.as_of,
        as_of_precision=record.as_of_precision,
        source=str(record.source),
        display_value=fact.display_value,
        display_as_of=format_as_of(record.as_of, record.as_of_precision),
    )


def corrections_from(records: Iterable) -> dict[int, list[Correction]]:
    """Each fact's corrections, oldest first, from its historical records given in
    order (fact, date); a record that changed no figure field is left out."""
    found: dict[int, list[Correction]] = defaultdict(list)
    previous = None
    for record in records:
        if previous is not None and previous.id == record.id and record.history_type == "~":
            changed = [
                name for name in FIGURE_FIELDS if getattr(previous, name) != getattr(record, name)
            ]
            if changed:
                found[record.id].append(
                    Correction(
                        changed_at=record.history_date,
                        origin=record.history_origin,
                        reason=record.history_change_reason or "",
                        credit=record.history_credit,
                        old=figure_of(previous),
                        new=figure_of(record),
                        fields=[name.removesuffix("_id") for name in changed],
                    )
                )
        previous = record
    return found
