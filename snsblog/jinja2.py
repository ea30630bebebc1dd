"""The Jinja2 environment of the comment tree (templates/comments/discussion.jinja) and
the facts table (templates/articles/facts_table.jinja): Django's translations, so they
read in the interface's language like the rest."""

from django.utils.translation import gettext, ngettext
from jinja2 import Environment


def environment(**options) -> Environment:
    env = Environment(extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    return env
