"""The articles app's models, one module per concern; every name is importable
from articles.models as before the split."""

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
