"""The form a reader proposes a correction with."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from articles.forms import ReadableDecimalField
from articles.models import Fact, Proposal
from articles.models.proposals import FIGURE_FIELDS
from snsblog.guard import GuardedForm, refuse_control_characters
from snsblog.text import clean_name, count_links, normalize_reader_text


class ProposalForm(GuardedForm, forms.ModelForm):
    token_salt = "articles.proposal"
    too_quick = _("That was very quick. Please read your correction over and post it again.")
    too_fast = _("You are posting too fast. Wait a minute, then send your correction again.")
    already_used = _(
        "This form was already sent. Your text is kept below: send it again "
        "if you meant to send it twice."
    )

    source_url = forms.URLField(
        label=_("Source address"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("A link to the source, or name it in the next field."),
    )

    class Meta:
        model = Proposal
        fields = [
            "value", "upper_value", "qualifier", "as_of", "as_of_precision", "source_url",
            "source_citation", "note", "name", "email", "credit", "notify",
        ]  # fmt: skip
        field_classes = {"value": ReadableDecimalField, "upper_value": ReadableDecimalField}
        labels = {
            "value": _("Value"),
            "upper_value": _("Upper value"),
            "qualifier": _("Qualifier"),
            "note": _("Note"),
            "name": _("Name"),
            "email": _("Email"),
        }
        help_texts = {
            "email": _("Required, never shown publicly."),
            "name": _("Shown with the correction only if you tick “credit me”."),
        }
        widgets = {
            "as_of": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 4}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, fact: Fact, **kwargs) -> None:
        kwargs.setdefault("instance", Proposal(fact=fact))
        kwargs.setdefault("label_suffix", "")
        kwargs.setdefault("initial", {name: getattr(fact, name) for name in FIGURE_FIELDS})
        super().__init__(*args, **kwargs)
        self.fact = self.target = fact
        self.fields["token"].initial = self.new_token

    def clean_name(self) -> str:
        name = clean_name(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("This field is required."), code="required")
        return name

    def clean_email(self) -> str:
        return refuse_control_characters(self.cleaned_data["email"])

    def clean_source_url(self) -> str:
        return refuse_control_characters(self.cleaned_data["source_url"])

    def clean_source_citation(self) -> str:
        return clean_name(self.cleaned_data["source_citation"])

    def clean_note(self) -> str:
        note = normalize_reader_text(self.cleaned_data["note"])
        links = count_links(note) + count_links(self.cleaned_data.get("source_citation", ""))
        if links > settings.COMMENTS_MAX_LINKS:
            raise forms.ValidationError(
                _(
                    "Use at most %(count)s links in the note and the source "
                    "(the source address field takes one more)."
                )
                % {"count": settings.COMMENTS_MAX_LINKS},
                code="links",
            )
        return note

    def clean(self) -> dict:
        cleaned = super().clean()
        if all(cleaned.get(name) == getattr(self.fact, name) for name in FIGURE_FIELDS):
            raise forms.ValidationError(
                _(
                    "That is what the page says already: change the figure, its date or its "
                    "precision."
                ),
                code="unchanged",
            )
        return cleaned
