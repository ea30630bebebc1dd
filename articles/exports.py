"""Facts as data: the rows of the CSV and JSON downloads, and the article's JSON-LD."""

import csv
import io
import json
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings

from articles.models import Article, Fact, prefetch_tags

FIELDS = [
    "id", "platform", "platform_slug", "metric", "value", "upper_value", "unit", "qualifier",
    "kind", "as_of", "as_of_precision", "display_value", "display_as_of", "source",
    "source_title", "source_url", "source_published_on", "statement", "tags", "article",
    "article_url",
]  # fmt: skip


def number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def fact_record(fact: Fact) -> dict:
    """Every field of a fact, as plain values."""
    return {
        "id": fact.pk,
        "platform": fact.platform.name,
        "platform_slug": fact.platform.slug,
        "metric": fact.metric.name,
        "value": number(fact.value),
        "upper_value": number(fact.upper_value),
        "unit": fact.unit,
        "qualifier": fact.qualifier,
        "kind": fact.kind,
        "as_of": fact.as_of.isoformat(),
        "as_of_precision": fact.as_of_precision,
        "display_value": fact.display_value,
        "display_as_of": fact.display_as_of,
        "source": fact.source.name,
        "source_title": fact.source.title,
        "source_url": fact.source.url,
        "source_published_on": fact.source.published_on.isoformat()
        if fact.source.published_on
        else None,
        "statement": fact.statement,
        "tags": sorted(tag.name for tag in fact.tags.all()),
        "article": fact.article.title,
        "article_url": settings.SITE_URL.rstrip("/") + fact.article.get_absolute_url(),
    }


def facts_csv(facts: Iterable[Fact]) -> str:
    """UTF-8 CSV with a byte-order mark, so spreadsheets read Japanese text right."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for fact in facts:
        record = fact_record(fact)
        record["tags"] = ", ".join(record["tags"])
        writer.writerow({k: "" if v is None else v for k, v in record.items()})
    return out.getvalue()


def facts_json(facts: Iterable[Fact]) -> str:
    records = [fact_record(fact) for fact in facts]
    return json.dumps({"count": len(records), "facts": records}, ensure_ascii=False, indent=2)


def json_ld(article: Article, facts: list[Fact]) -> str:
    """schema.org Article, and its facts as a Dataset of Observations, ready for a
    <script type="application/ld+json"> element."""
    site = settings.SITE_URL.rstrip("/")
    url = site + article.get_absolute_url()
    # The page's header lists the same tags: fetched once and kept on the article, so
    # `article.tags.all` in its template does not query them again.
    prefetch_tags([article])
    graph: list[dict] = [
        {
            "@type": "Article",
            "@id": url,
            "headline": article.title,
            "description": article.excerpt,
            "url": url,
            "mainEntityOfPage": url,
            "datePublished": article.published_at.isoformat() if article.published_at else None,
            "dateModified": article.updated_at.isoformat() if article.updated_at else None,
            "author": (
                {"@type": "Person", "name": article.author_name}
                if article.author_name
                else {"@type": "Organization", "name": "snsblog"}
            ),
            "publisher": {"@type": "Organization", "name": "snsblog"},
            "keywords": [tag.name for tag in article.tags.all()],
        }
    ]
    if facts:
        graph.append(
            {
                "@type": "Dataset",
                "name": f"Platform facts in “{article.title}”",
                "url": url,
                "isPartOf": {"@id": url},
                "distribution": [
                    {"@type": "DataDownload", "encodingFormat": "text/csv",
                     "contentUrl": f"{url}facts.csv"},
                    {"@type": "DataDownload", "encodingFormat": "application/json",
                     "contentUrl": f"{url}facts.json"},
                ],
                "variableMeasured": sorted({fact.metric.name for fact in facts}),
                "hasPart": [observation(fact) for fact in facts],
            }
        )  # fmt: skip
    document = {"@context": "https://schema.org", "@graph": graph}
    text = json.dumps(document, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# Labels of the choices, looked up directly: get_FOO_display() builds a dict of the
# choices on every call. Like it, an unknown value reads as itself.
UNIT_LABELS = dict(Fact.Unit.choices)
KIND_LABELS = dict(Fact.Kind.choices)


def observation(fact: Fact) -> dict:
    return {
        "@type": "Observation",
        "observationAbout": {"@type": "Organization", "name": fact.platform.name},
        "variableMeasured": fact.metric.name,
        "value": number(fact.value),
        "maxValue": number(fact.upper_value),
        "unitText": UNIT_LABELS.get(fact.unit, fact.unit),
        "observationDate": fact.as_of.isoformat(),
        "description": (
            f"{fact.display_value} ({fact.display_as_of}, {KIND_LABELS.get(fact.kind, fact.kind)})"
        ),
        "isBasedOn": fact.source.url or fact.source.name,
    }
