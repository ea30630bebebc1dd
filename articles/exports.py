"""Facts as data: the rows of the CSV and JSON downloads, and the article's JSON-LD."""

import csv
import io
import json
from collections.abc import Iterable

from django.urls import reverse
from django.utils.encoding import iri_to_uri
from django.utils.translation import pgettext

from articles.models import Article, Fact, Platform, prefetch_tags
from articles.models.history import Correction, number

FIELDS = [
    "id", "platform", "platform_slug", "metric", "value", "upper_value", "unit", "qualifier",
    "kind", "as_of", "as_of_precision", "display_value", "display_as_of", "source",
    "source_title", "source_url", "source_published_on", "statement", "tags", "article",
    "article_url", "history",
]  # fmt: skip


def fact_record(fact: Fact, base: str) -> dict:
    """Every field of a fact, as plain values; `base` is the site's address
    (snsblog/site.py)."""
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
        "article_url": base + iri_to_uri(fact.article.get_absolute_url()),
        "history": [correction.record() for correction in fact.corrections],
    }


def facts_csv(facts: Iterable[Fact], base: str) -> str:
    """UTF-8 CSV with a byte-order mark, so spreadsheets read Japanese text right."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\r\n")
    # The header row in the interface's language: the field names in English, words a
    # spreadsheet's reader knows in Japanese. JSON keeps its keys in every language.
    writer.writerow({name: pgettext("facts download column", name) for name in FIELDS})
    for fact in facts:
        record = fact_record(fact, base)
        record["tags"] = ", ".join(record["tags"])
        record["history"] = "\n".join(correction.text() for correction in fact.corrections)
        writer.writerow({k: "" if v is None else v for k, v in record.items()})
    return out.getvalue()


def facts_json(facts: Iterable[Fact], base: str) -> str:
    records = [fact_record(fact, base) for fact in facts]
    return json.dumps({"count": len(records), "facts": records}, ensure_ascii=False, indent=2)


def json_ld(article: Article, facts: list[Fact], base: str) -> str:
    """schema.org JSON-LD for the article page, ready for a
    <script type="application/ld+json"> element: the Article; its facts as a Dataset
    whose variables (StatisticalVariable) each Observation names through
    variableMeasured, and whose corrections are CorrectionComments about the
    Observation they changed; the sources as CreativeWork citations. Every type and property
    is checked against the schema.org vocabulary in the tests, domain and range
    included; nothing is null."""
    url = base + iri_to_uri(article.get_absolute_url())
    # The page's header lists the same tags: fetched once and kept on the article, so
    # `article.tags.all` in its template does not query them again.
    prefetch_tags([article])
    publisher = {"@type": "Organization", "name": "snsblog", "url": base + "/"}
    sources = {fact.source_id: fact.source for fact in facts}
    citations = [citation(source) for source in sources.values()]
    entry = {
        "@type": "Article",
        "@id": url,
        "headline": article.title,
        "description": article.excerpt,
        "url": url,
        "mainEntityOfPage": url,
        "image": base + iri_to_uri(reverse("articles:card", kwargs={"slug": article.slug})),
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": article.updated_at.isoformat() if article.updated_at else None,
        "author": (
            {"@type": "Person", "name": article.author_name} if article.author_name else publisher
        ),
        "publisher": publisher,
        "keywords": [tag.name for tag in article.tags.all()],
        "citation": citations,
    }
    graph: list[dict] = [entry]
    if facts:
        metrics = sorted({fact.metric.name for fact in facts})
        variables = {metric: f"{url}#variable-{n}" for n, metric in enumerate(metrics, 1)}
        corrections = [
            (correction, f"{url}#fact-{n}")
            for n, fact in enumerate(facts, 1)
            for correction in fact.corrections
        ]
        graph.append(
            {
                "@type": "Dataset",
                "@id": f"{url}#facts",
                "name": f"Platform facts in “{article.title}”",
                "description": (
                    f"{len(facts)} sourced figure{'s' if len(facts) != 1 else ''} about "
                    f"social networks from the article “{article.title}”."
                ),
                "url": url,
                "isPartOf": {"@id": url},
                "publisher": publisher,
                "distribution": [
                    {"@type": "DataDownload", "encodingFormat": "text/csv",
                     "contentUrl": f"{url}facts.csv"},
                    {"@type": "DataDownload", "encodingFormat": "application/json",
                     "contentUrl": f"{url}facts.json"},
                ],
                "variableMeasured": [
                    {"@type": "StatisticalVariable", "@id": variable, "name": metric}
                    for metric, variable in variables.items()
                ],
                "citation": citations,
                "dateModified": max(
                    (c.changed_at.isoformat() for c, _ in corrections), default=None
                ),
                "correction": [
                    correction_comment(correction, fact_id) for correction, fact_id in corrections
                ],
            }
        )  # fmt: skip
        graph += [
            observation(fact, f"{url}#fact-{n}", variables[fact.metric.name])
            for n, fact in enumerate(facts, 1)
        ]
    document = {"@context": "https://schema.org", "@graph": without_nulls(graph)}
    text = json.dumps(document, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def without_nulls(value):
    """The value without None, empty strings or empty lists, at any depth."""
    if isinstance(value, dict):
        pairs = ((key, without_nulls(item)) for key, item in value.items())
        return {key: item for key, item in pairs if item not in (None, "", [])}
    if isinstance(value, list):
        return [without_nulls(item) for item in value]
    return value


# Labels of the choices, looked up directly: get_FOO_display() builds a dict of the
# choices on every call. Like it, an unknown value reads as itself.
UNIT_LABELS = dict(Fact.Unit.choices)
KIND_LABELS = dict(Fact.Kind.choices)


def schema_date(fact: Fact) -> str:
    """The date at the precision the source gives: 2011-05-12, 2011-05 or 2012."""
    if fact.as_of_precision == Fact.Precision.YEAR:
        return f"{fact.as_of.year:04d}"
    if fact.as_of_precision == Fact.Precision.MONTH:
        return f"{fact.as_of.year:04d}-{fact.as_of.month:02d}"
    return fact.as_of.isoformat()


def citation(source) -> dict:
    return {
        "@type": "CreativeWork",
        "name": source.title or source.name,
        "url": source.url,
        "datePublished": source.published_on.isoformat() if source.published_on else None,
        "publisher": {"@type": "Organization", "name": source.name},
    }


def correction_comment(correction: Correction, fact_id: str) -> dict:
    return {
        "@type": "CorrectionComment",
        "about": {"@id": fact_id},
        "datePublished": correction.changed_at.isoformat(),
        "text": correction.text(),
    }


def observation(fact: Fact, node_id: str, variable_id: str) -> dict:
    """One figure. A range is its minValue and maxValue; "at least" and "up to" also
    bound the value; the kind (reported, estimate, projection) and the source are in
    the description, as an Observation cannot cite."""
    platform = fact.platform
    about_type = "Thing" if platform.kind == Platform.Kind.MARKET else "Organization"
    record = {
        "@type": "Observation",
        "@id": node_id,
        "observationAbout": {"@type": about_type, "name": platform.name, "url": platform.website},
        "variableMeasured": {"@id": variable_id},
        "unitText": str(UNIT_LABELS.get(fact.unit, fact.unit)),
        "observationDate": schema_date(fact),
        "description": (
            f"{fact.display_value} ({fact.display_as_of}, "
            f"{KIND_LABELS.get(fact.kind, fact.kind)}; source: {fact.source})"
        ),
    }
    if fact.upper_value is not None:
        record["minValue"] = number(fact.value)
        record["maxValue"] = number(fact.upper_value)
    else:
        record["value"] = number(fact.value)
        if fact.qualifier == Fact.Qualifier.AT_LEAST:
            record["minValue"] = number(fact.value)
        elif fact.qualifier == Fact.Qualifier.UP_TO:
            record["maxValue"] = number(fact.value)
    return record
