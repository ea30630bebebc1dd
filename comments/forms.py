from functools import partial

from django import forms
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from comments.models import Comment, comment_fingerprint
from snsblog import guard
from snsblog.guard import GuardedForm, refuse_control_characters
from snsblog.text import clean_name, normalize_reader_text

TOKEN_SALT = "comments.form"


def make_form_token(article: Article, issued_at: float | None = None) -> str:
    return guard.make_form_token(article, TOKEN_SALT, issued_at)


class CommentForm(GuardedForm, forms.ModelForm):
    """A reader's comment, with the protections of every reader's form (snsblog/guard.py)."""

    token_salt = TOKEN_SALT
    too_quick = _("That was very quick. Please read your comment over and post it again.")
    too_fast = _("You are posting too fast. Wait a minute, then post your comment again.")
    already_used = _(
        "This form was already posted. Your text is kept below: post it again "
        "if you meant to post it twice."
    )

    author_url = forms.URLField(
        label=_("Website"), required=False, max_length=300, assume_scheme="https"
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    remember = forms.BooleanField(
        label=_("Remember my name, email and website on this device (sets a cookie)"),
        required=False,
    )

    class Meta:
        model = Comment
        fields = ["author_name", "author_email", "author_url", "body", "notify_replies"]
        labels = {
            "author_name": _("Name"),
            "author_email": _("Email"),
            "body": _("Comment"),
            "notify_replies": _("Email me replies"),
        }
        help_texts = {"author_email": _("Required, never shown publicly.")}
        widgets = {
            "author_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "author_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "body": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, article: Article, **kwargs) -> None:
        kwargs.setdefault("instance", Comment(article=article))
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.article = self.target = article
        self.fields["author_url"].widget.attrs["autocomplete"] = "url"
        self.fields["token"].initial = partial(make_form_token, article)

    def clean_author_name(self) -> str:
        name = clean_name(self.cleaned_data["author_name"])
        if not name:
            raise forms.ValidationError(_("This field is required."), code="required")
        return name

    def clean_author_email(self) -> str:
        return refuse_control_characters(self.cleaned_data["author_email"])

    def clean_author_url(self) -> str:
        return refuse_control_characters(self.cleaned_data["author_url"])

    def clean_body(self) -> str:
        body = normalize_reader_text(self.cleaned_data["body"])
        if not body:
            raise forms.ValidationError(_("Write something before you post."), code="required")
        return body

    def clean_parent(self) -> Comment | None:
        parent_id = self.cleaned_data.get("parent")
        if parent_id is None:
            return None
        parent = Comment.objects.filter(pk=parent_id, article=self.article).first()
        if parent is None or not parent.is_public:
            raise forms.ValidationError(
                _(
                    "The comment you are replying to is not on this article any more. "
                    "Your text is kept below: post it as a new comment."
                ),
                code="invalid_parent",
            )
        return parent

    def clean(self) -> dict:
        cleaned = super().clean()
        email, body = cleaned.get("author_email"), cleaned.get("body")
        if email and body:
            duplicate = Comment.objects.filter(
                article=self.article, fingerprint=comment_fingerprint(email, body)
            )
            if duplicate.exists():
                raise forms.ValidationError(
                    _("You have already posted this comment."), code="duplicate"
                )
        return cleaned

    def prepare_for_retry(self) -> None:
        """Make a re-shown form postable again: a fresh token, and no reply to a lost parent."""
        super().prepare_for_retry()
        if "parent" in self.errors:
            self.data["parent"] = ""
