"""The articles' admin: one module a page, registered on import (Django's admin
autodiscovery imports this package).

`articles` (an article, its facts in rows, the figures its text has and no fact
gives: `figures`), `facts` (facts, platforms, metrics, comparisons, sources),
`proposals` (readers' corrections), `redirects` (old addresses), and what they
share (`common`). The admin imports the models, charts and corrections; nothing but
Django's autodiscovery imports the admin.
"""

from articles.admin import articles, facts, proposals, redirects  # noqa: F401
