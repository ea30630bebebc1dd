"""Old addresses answered with a permanent redirect: every address a post, attachment,
category or tag had on the blog an article was imported from, so that links to the
old blog keep working whatever its permalink structure was. The WordPress importer
records them; editors see and edit them in the admin; articles/redirects.py answers
them.

A redirect points at an article or a tag rather than at a stored address, so it
follows a changed slug; it answers 404 while its article is not public, and 410 once
its article or tag has been deleted.
"""

from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.urls import Resolver404, resolve, reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from articles.models.articles import Article

OLD_PATH_LENGTH = 1000
# The query parameters that name a post, page, attachment or archive in WordPress's
# plain links (/?p=175, /?page_id=2, /?cat=3, /?tag=mixi).
WORDPRESS_QUERY_KEYS = frozenset(
    {"p", "page_id", "attachment_id", "cat", "tag", "m", "author", "feed", "cpage"}
)


def decode_slug(raw: str) -> str:
    """A slug as a reader sees it: WordPress stores non-ASCII slugs percent-encoded
    ("%e3%83%9f…"); characters a slug cannot hold (bidi controls, emoji,
    punctuation) are removed. Old addresses and the importers both read slugs so."""
    length = Article._meta.get_field("slug").max_length
    return slugify(unquote(raw.strip()), allow_unicode=True)[:length].strip("-_")


def old_path(address: str) -> str:
    """An address as it is stored and looked up: the path without scheme and host,
    percent-decoded (so "%E3%83%9F" and "%e3%83%9f" are one address, shown as
    Unicode), and the WordPress query parameters it has, in a fixed order."""
    parts = urlsplit(address.strip())
    path = unquote(parts.path or "/")
    if not path.startswith("/"):
        path = "/" + path
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True))
    wordpress_query = [(k, v) for k, v in query if k in WORDPRESS_QUERY_KEYS]
    return f"{path}?{urlencode(wordpress_query)}" if wordpress_query else path


def lookup_paths(path: str, query_string: str) -> list[str]:
    """The stored forms an address a reader asked for may have, best first: as asked,
    then with or without its trailing slash."""
    stored = old_path(f"{path}?{query_string}" if query_string else path)
    bare, _, query = stored.partition("?")
    if bare == "/":
        return [stored]
    other = bare[:-1] if bare.endswith("/") else bare + "/"
    return [stored, other + (f"?{query}" if query else "")]


def answered_here(path: str) -> bool:
    """Whether this site serves the path itself (an old /feed/ is our /feed/), in
    which case a redirect recorded for it would never be used, or would loop."""
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.url_name not in {"wordpress-permalink"}


class RedirectQuerySet(models.QuerySet):
    def record(
        self,
        address: str,
        *,
        article: Article | None = None,
        tag: Tag | None = None,
        shows: str = "page",
    ) -> str:
        """Record an old address for an article or tag. Returns "recorded", "already
        there" (the same address for the same thing), "taken" (the address already
        leads elsewhere: an earlier item or an editor chose it, and it is kept) or
        "not needed" (the site answers it itself, or it is the home page)."""
        path = old_path(address)
        if path == "/" or (("?" not in path) and answered_here(path)):
            return "not needed"
        if len(path) > OLD_PATH_LENGTH:
            return "too long"
        existing = self.filter(old_path=path).first()
        if existing is None:
            redirect = Redirect(old_path=path, article=article, tag=tag, shows=shows)
            redirect.full_clean(validate_unique=False)
            try:
                with transaction.atomic():
                    redirect.save()
                return "recorded"
            except IntegrityError:  # recorded meanwhile by another import
                existing = self.get(old_path=path)
        same = (existing.article_id, existing.tag_id, existing.shows) == (
            article.pk if article else None,
            tag.pk if tag else None,
            shows,
        )
        return "already there" if same else "taken"


class Redirect(models.Model):
    """An address of the old site, answered with a permanent redirect to an article,
    a tag (or either's feed) or any other address here."""

    class Shows(models.TextChoices):
        PAGE = "page", _("its page")
        FEED = "feed", _("its feed")

    old_path = models.CharField(
        _("old path"),
        max_length=OLD_PATH_LENGTH,
        unique=True,
        help_text=_(
            "The old address without its host, as a reader's browser asks for it: "
            "/2012/05/mixi-facebook/ or /?p=175. Percent-encoding is decoded."
        ),
    )
    article = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="redirects",
        verbose_name=_("article"),
    )
    tag = models.ForeignKey(
        Tag,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("tag"),
    )
    shows = models.CharField(
        _("shows"),
        max_length=4,
        choices=Shows,
        default=Shows.PAGE,
        help_text=_("The article's or tag's page, or its feed."),
    )
    new_path = models.CharField(
        _("new path"),
        max_length=300,
        blank=True,
        help_text=_(
            "Any other address on this site (such as /tags/ or /feed/), when the "
            "redirect points at neither an article nor a tag."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RedirectQuerySet.as_manager()

    class Meta:
        verbose_name = _("redirect")
        verbose_name_plural = _("redirects")
        ordering = ["old_path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(article__isnull=True) | Q(tag__isnull=True),
                name="redirect_article_or_tag",
                violation_error_message=_("A redirect points at an article or a tag, not both."),
            ),
            models.CheckConstraint(
                condition=Q(new_path="") | (Q(article__isnull=True) & Q(tag__isnull=True)),
                name="redirect_one_target",
                violation_error_message=_(
                    "A redirect points at an article, a tag or an address, only one of them."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.old_path

    def clean(self) -> None:
        self.old_path = old_path(self.old_path)
        if self.new_path and not self.new_path.startswith("/"):
            raise ValidationError({"new_path": _("An address on this site starts with /.")})
        if self.new_path and old_path(self.new_path) == self.old_path:
            raise ValidationError({"new_path": _("A redirect cannot lead to itself.")})
        if not (self.article_id or self.tag_id or self.new_path):
            raise ValidationError(_("Choose an article, a tag or an address to lead to."))
        if self.shows == self.Shows.FEED and not (self.article_id or self.tag_id):
            raise ValidationError({"shows": _("Only an article or a tag has a feed.")})

    def target(self) -> str | None:
        """Where the old address leads now; None when that is not public (a draft, a
        scheduled article, a tag of drafts only) or no longer there."""
        if self.article_id is not None:
            article = self.article
            if not Article.objects.published().filter(pk=article.pk).exists():
                return None
            if self.shows == self.Shows.FEED:
                return reverse("comments:article-feed", kwargs={"slug": article.slug})
            return article.get_absolute_url()
        if self.tag_id is not None:
            if not Article.objects.published().filter(tags=self.tag_id).exists():
                return None  # a tag of drafts only has no page yet
            name = "articles:tag-feed" if self.shows == self.Shows.FEED else "articles:tag"
            return reverse(name, kwargs={"slug": self.tag.slug})
        return self.new_path or None

    def is_gone(self) -> bool:
        """The article, tag or address it led to has been deleted."""
        return self.article_id is None and self.tag_id is None and not self.new_path
