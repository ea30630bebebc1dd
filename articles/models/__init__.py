"""The articles app's models, one module per concern; every name is importable
from articles.models as before the split.

Layered, never importing back up: proposals, redirects, comparisons → facts →
metrics, history → articles → search_text (a model reaches one above it through a
relation). The models may use figures_in_text, body_html, formatting and snsblog's
text and address helpers; they import no page, view, admin, importer or other app
(pyproject.toml's import contracts)."""

from articles.models.articles import (
    CJK,
    LANGUAGE_TAG,
    PAGE_COLUMNS,
    Article,
    ArticleQuerySet,
    refresh_unbacked_figures,
)
from articles.models.comparisons import Comparison, ComparisonQuerySet
from articles.models.facts import (
    Fact,
    FactQuerySet,
    Platform,
    Source,
    prefetch_tags,
    truncate_date,
)
from articles.models.metrics import Metric, MetricQuerySet, Unit, spoken, unique_slug
from articles.models.proposals import Proposal, ProposalQuerySet
from articles.models.redirects import Redirect, RedirectQuerySet

__all__ = [
    "CJK",
    "LANGUAGE_TAG",
    "PAGE_COLUMNS",
    "Article",
    "ArticleQuerySet",
    "Comparison",
    "ComparisonQuerySet",
    "Fact",
    "FactQuerySet",
    "Metric",
    "MetricQuerySet",
    "Platform",
    "Proposal",
    "ProposalQuerySet",
    "Redirect",
    "RedirectQuerySet",
    "Source",
    "Unit",
    "prefetch_tags",
    "refresh_unbacked_figures",
    "spoken",
    "truncate_date",
    "unique_slug",
]
