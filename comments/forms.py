import secrets
import time
from functools import partial

from django import forms
from django.conf import settings
from django.core import signing

from articles.models import Article
from comments.models import Comment, comment_fingerprint
from comments.text import normalize_comment_text
from snsblog.text import CONTROL, clean_name

TOKEN_SALT = "comments.form"


def make_form_token(article: Article, issued_at: float | None = None) -> str:
    """A signed note of when the form was shown, so a robot's instant post shows;
    the nonce makes each form's token unique, so it can be used once."""
    issued = int(time.time() if issued_at is None else issued_at)
    nonce = secrets.token_urlsafe(9)
    return signing.dumps({"article": article.pk, "issued": issued, "n": nonce}, salt=TOKEN_SALT)


def refuse_control_characters(value: str) -> str:
    """Addresses are not retyped by us: one with a control character is refused."""
    if CONTROL.search(value):
        raise forms.ValidationError(
            "Remove the invisible control characters from this field.", code="control"
        )
    return value


class CommentForm(forms.ModelForm):
    author_url = forms.URLField(
        label="Website", required=False, max_length=300, assume_scheme="https"
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    homepage = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    remember = forms.BooleanField(
        label="Remember my name, email and website on this device (sets a cookie)",
        required=False,
    )

    class Meta:
        model = Comment
        fields = ["author_name", "author_email", "author_url", "body", "notify_replies"]
        labels = {
            "author_name": "Name",
            "author_email": "Email",
            "body": "Comment",
            "notify_replies": "Email me replies",
        }
        help_texts = {"author_email": "Required, never shown publicly."}
        widgets = {
            "author_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "author_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "body": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, article: Article, **kwargs) -> None:
        kwargs.setdefault("instance", Comment(article=article))
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.article = article
        self.fields["author_url"].widget.attrs["autocomplete"] = "url"
        self.fields["token"].initial = partial(make_form_token, article)

    def clean_author_name(self) -> str:
        name = clean_name(self.cleaned_data["author_name"])
        if not name:
            raise forms.ValidationError("This field is required.", code="required")
        return name

    def clean_author_email(self) -> str:
        return refuse_control_characters(self.cleaned_data["author_email"])

    def clean_author_url(self) -> str:
        return refuse_control_characters(self.cleaned_data["author_url"])

    def clean_body(self) -> str:
        body = normalize_comment_text(self.cleaned_data["body"])
        if not body:
            raise forms.ValidationError("Write something before you post.", code="required")
        return body

    def clean_parent(self) -> Comment | None:
        parent_id = self.cleaned_data.get("parent")
        if parent_id is None:
            return None
        parent = Comment.objects.filter(pk=parent_id, article=self.article).first()
        if parent is None or not parent.is_public:
            raise forms.ValidationError(
                "The comment you are replying to is not on this article any more. "
                "Your text is kept below: post it as a new comment.",
                code="invalid_parent",
            )
        return parent

    def clean(self) -> dict:
        cleaned = super().clean()
        if not self.errors:
            self.check_token(self.data.get("token", ""))
        email, body = cleaned.get("author_email"), cleaned.get("body")
        if email and body:
            duplicate = Comment.objects.filter(
                article=self.article, fingerprint=comment_fingerprint(email, body)
            )
            if duplicate.exists():
                raise forms.ValidationError(
                    "You have already posted this comment.", code="duplicate"
                )
        return cleaned

    def check_token(self, token: str) -> None:
        try:
            issued = signing.loads(token, salt=TOKEN_SALT)
            valid = issued["article"] == self.article.pk and isinstance(issued["issued"], int)
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            valid = False
        if not valid:
            self.add_error(
                None, "This form could not be checked. Your text is kept below: post it again."
            )
            return
        age = time.time() - issued["issued"]
        if age < settings.COMMENTS_MIN_SUBMIT_SECONDS:
            self.add_error(
                None,
                "That was very quick. Please read your comment over and post it again.",
            )
        elif age > settings.COMMENTS_FORM_MAX_AGE_DAYS * 86400:
            self.add_error(
                None,
                "This page was open for a long time. Your text is kept below: post it again.",
            )

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.cleaned_data.get("homepage"))

    def prepare_for_retry(self) -> None:
        """Make a re-shown form postable again: a fresh token, and no reply to a lost parent."""
        self.data = self.data.copy()
        self.data["token"] = make_form_token(self.article)
        if "parent" in self.errors:
            self.data["parent"] = ""
