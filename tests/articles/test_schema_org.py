"""The article page's JSON-LD, checked against the schema.org vocabulary (release
30.0, tests/articles/schemaorg/README.md): every type exists, every property exists
and includes its node's type (or a supertype) in its domain, and every value's type
(or a supertype) is in the property's range."""

import datetime
import gzip
import json
import re
from functools import cache
from pathlib import Path

import pytest

from articles.models import Fact, Metric, Platform, Source
from tests.articles.test_publishing import json_ld

VOCABULARY = Path(__file__).parent / "schemaorg" / "schemaorg-current-https.jsonld.gz"
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def ids(value) -> list[str]:
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [v["@id"].removeprefix("schema:") for v in values]


@cache
def vocabulary() -> tuple[dict[str, list[str]], dict[str, tuple[list[str], list[str]]]]:
    """Classes with their superclasses; properties with their domains and ranges."""
    graph = json.loads(gzip.decompress(VOCABULARY.read_bytes()))["@graph"]
    classes, properties = {}, {}
    for node in graph:
        name = node["@id"].removeprefix("schema:")
        types = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
        if "rdfs:Class" in types:
            classes[name] = ids(node.get("rdfs:subClassOf"))
        if "rdf:Property" in types:
            domain = ids(node.get("schema:domainIncludes"))
            properties[name] = (domain, ids(node.get("schema:rangeIncludes")))
    return classes, properties


def ancestors(name: str) -> set[str]:
    classes, _ = vocabulary()
    seen, todo = set(), [name]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo += classes.get(current, [])
    return seen


def value_types(value, nodes: dict[str, dict]) -> set[str]:
    """The schema.org types a JSON value can stand for, supertypes included."""
    if isinstance(value, bool):
        return {"Boolean"}
    if isinstance(value, int | float):
        return ancestors("Integer" if isinstance(value, int) else "Float")
    if isinstance(value, str):
        if DATE_TIME.match(value):
            return {"DateTime", "Text"}
        if DATE.match(value):
            return {"Date", "Text"}
        if value.startswith(("https://", "http://")):
            return ancestors("URL")
        return {"Text"}
    if isinstance(value, dict):
        node = nodes.get(value.get("@id"), value) if "@type" not in value else value
        assert "@type" in node, f"{value} names no node of the graph"
        return ancestors(node["@type"])
    raise AssertionError(f"unexpected JSON value {value!r}")


def problems(document: dict) -> list[str]:
    classes, properties = vocabulary()
    graph = document["@graph"]
    nodes = {}

    def collect(value) -> None:
        if isinstance(value, list):
            for item in value:
                collect(item)
        elif isinstance(value, dict):
            if "@id" in value and "@type" in value:
                nodes[value["@id"]] = value
            for item in value.values():
                collect(item)

    collect(graph)
    found = []

    def check(node: dict, where: str) -> None:
        kind = node.get("@type")
        if kind is None:
            return  # a reference to a node of the graph, checked there
        if kind not in classes:
            found.append(f"{where}: no type {kind}")
            return
        for name, value in node.items():
            if name.startswith("@"):
                continue
            if name not in properties:
                found.append(f"{where}: no property {name}")
                continue
            domain, range_ = properties[name]
            if not ancestors(kind) & set(domain):
                found.append(f"{where}: {name} is not a property of {kind} (domain {domain})")
            for item in value if isinstance(value, list) else [value]:
                if item is None:
                    found.append(f"{where}: {name} is null")
                    continue
                if not value_types(item, nodes) & set(range_):
                    found.append(f"{where}: {name} = {item!r} is outside its range {range_}")
                if isinstance(item, dict):
                    check(item, f"{where}.{name}")

    for index, node in enumerate(graph):
        check(node, f"@graph[{index}] {node.get('@type')}")
    return found


@pytest.fixture
def varied_facts(seed_article):
    """Facts of every unit, qualifier and precision, about a market too."""
    market = Platform.objects.create(name="Japan", slug="japan", kind=Platform.Kind.MARKET)
    source = Source.objects.create(name="Ministry", url="", published_on=None)
    for qualifier, precision in zip(
        Fact.Qualifier.values, ["day", "month", "year", "day", "month"], strict=True
    ):
        Fact.objects.create(
            article=seed_article, platform=market, metric=Metric.objects.named("smartphone owners"), value=50,
            unit=Fact.Unit.PERCENT, qualifier=qualifier, as_of=datetime.date(2016, 3, 4),
            as_of_precision=precision, source=source, statement="A figure.",
        )  # fmt: skip
    return seed_article


def test_article_json_ld_is_valid_schema_org(client, varied_facts):
    document = json_ld(client.get(varied_facts.get_absolute_url()).content.decode())
    types = {node["@type"] for node in document["@graph"]}
    assert types == {"Article", "Dataset", "Observation"}
    assert problems(document) == []


def test_article_without_facts_is_valid_schema_org(client, make_article):
    article = make_article(slug="plain", title="Plain", excerpt="")
    document = json_ld(client.get(article.get_absolute_url()).content.decode())
    assert [node["@type"] for node in document["@graph"]] == ["Article"]
    assert problems(document) == []


def test_the_check_finds_what_was_wrong_before():
    """The JSON-LD this site wrote before: the check must refuse each of its faults."""
    document = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "Dataset",
                "name": "Facts",
                "hasPart": [
                    {
                        "@type": "Observation",
                        "observationAbout": {"@type": "Organization", "name": "Mixi"},
                        "value": 35000000,
                        "maxValue": None,
                        "isBasedOn": "Not named in the article",
                    }
                ],
            },
            {"@type": "Articel", "headline": "Typo"},
            {"@type": "Article", "observationDate": "2012"},
        ],
    }
    found = "\n".join(problems(document))
    assert re.search(r"hasPart = .* is outside its range", found)
    assert "isBasedOn is not a property of Observation" in found
    assert "maxValue is null" in found
    assert "no type Articel" in found
    assert "observationDate is not a property of Article" in found
