"""Old addresses of imported blogs and where they now lead."""

from django.conf import settings
from django.contrib import admin
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Redirect


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    """Old addresses of imported blogs, answered with a permanent redirect; an editor
    can point one elsewhere, or add one for a page that had no counterpart."""

    list_display = ["old_path", "leads_to", "shows", "created_at"]
    list_filter = ["shows", ("article", admin.EmptyFieldListFilter)]
    search_fields = ["old_path", "new_path", "article__title", "tag__name"]
    autocomplete_fields = ["article", "tag"]
    list_select_related = ["article", "tag"]
    fields = ["old_path", "article", "tag", "new_path", "shows"]

    @admin.display(description=_("Leads to"))
    def leads_to(self, redirect: Redirect) -> str:
        if redirect.is_gone():
            return gettext("Gone (410): its article or tag was deleted")
        # Where readers are sent: the English address, as the redirect answers it.
        with translation.override(settings.LANGUAGE_CODE):
            target = redirect.target()
        if target is None:
            return gettext("Not public yet (404): %(article)s") % {"article": redirect.article}
        return target
