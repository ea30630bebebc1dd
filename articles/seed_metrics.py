"""What the seed article's metrics count: a unit, a one-sentence definition and common
synonyms each, given by `load_seed` and, on databases that already had these metrics,
by migration 0011; and which of them compare, with a caveat (`load_seed`, and migration
0013 for databases that had them). Plain values and functions, so that the migrations'
historical models and the real ones both use them: a field an editor filled in is never
replaced.
"""

from typing import NamedTuple


class SeedMetric(NamedTuple):
    unit: str
    definition: str
    synonyms: tuple[str, ...]


SEED_METRICS: dict[str, SeedMetric] = {
    "monthly active users": SeedMetric(
        "users",
        "The number of unique users who used the service at least once in a month "
        "(or in the last 30 days).",
        ("MAU", "monthly actives"),
    ),
    "active users in Japan": SeedMetric(
        "users",
        "The number of users in Japan whom the service counts as active, having used it "
        "within a recent period (usually a month).",
        ("Japanese active users",),
    ),
    "users in Japan": SeedMetric(
        "users",
        "The number of people in Japan who use the service, as the source counts them "
        "(registered or active).",
        ("Japanese users",),
    ),
    "smartphone accounts": SeedMetric(
        "accounts",
        "The number of mobile phone subscriptions (contracts) for smartphones.",
        ("smartphone subscriptions", "smartphone contracts"),
    ),
    "mobile phone accounts": SeedMetric(
        "accounts",
        "The number of mobile phone subscriptions (contracts) of every kind, smartphones "
        "and feature phones together.",
        ("mobile accounts", "mobile phone subscriptions", "mobile subscriptions"),
    ),
    "smartphone share of mobile accounts": SeedMetric(
        "percent",
        "Smartphone subscriptions as a percentage of all mobile phone subscriptions.",
        ("smartphone share of mobile subscriptions", "smartphone ratio"),
    ),
    "smartphone share of access": SeedMetric(
        "percent",
        "The percentage of a service's visits or page views that come from smartphones.",
        ("smartphone access share", "share of access from smartphones"),
    ),
    "voucher response rate": SeedMetric(
        "percent",
        "The percentage of people sent a voucher (coupon) who use it or respond to it.",
        ("coupon response rate",),
    ),
    "average voucher response rate of other services": SeedMetric(
        "percent",
        "The average response rate of vouchers (coupons) sent through other services.",
        ("average coupon response rate of other services",),
    ),
}


def spoken(text: str) -> str:
    """A name as compared: case and runs of spaces do not count (as Metric does)."""
    return " ".join(text.split()).casefold()


def missing_fields(
    metric, seed: SeedMetric, fact_units: set[str], other_names: set[str]
) -> dict[str, str]:
    """The seed's values for the fields `metric` has empty: the unit only when every fact
    of the metric already uses it, the synonyms that name no other metric (`other_names`,
    as spoken)."""
    changes = {}
    if not metric.unit and fact_units <= {seed.unit}:
        changes["unit"] = seed.unit
    if not metric.definition.strip():
        changes["definition"] = seed.definition
    if not metric.synonyms.strip():
        synonyms = [synonym for synonym in seed.synonyms if spoken(synonym) not in other_names]
        if synonyms:
            changes["synonyms"] = "\n".join(synonyms)
    return changes


def seed_metric_changes(Metric, Fact) -> list[tuple[object, dict[str, str]]]:
    """Each metric named as a seed metric (any case) that has empty fields the seed
    fills, with those fields' values; nothing is saved. `Metric` and `Fact` are the
    models, real or historical."""
    found = []
    for name, seed in SEED_METRICS.items():
        metric = Metric.objects.filter(name__iexact=name).first()
        if metric is None:
            continue
        fact_units = set(Fact.objects.filter(metric=metric).values_list("unit", flat=True))
        other_names = set()
        for other in Metric.objects.exclude(pk=metric.pk).only("name", "synonyms"):
            other_names.add(spoken(other.name))
            other_names.update(spoken(line) for line in other.synonyms.splitlines() if line.strip())
        changes = missing_fields(metric, seed, fact_units, other_names)
        if changes:
            found.append((metric, changes))
    return found


class SeedComparison(NamedTuple):
    first: str
    second: str
    caveat: str


# The seed article's headline claim, “Facebook has finally overtaken Mixi”, sets these
# two measures side by side.
SEED_COMPARISONS = [
    SeedComparison(
        "monthly active users",
        "active users in Japan",
        "Mixi's figure, from the Nikkei, counts users who use Mixi more than once a month; "
        "Facebook's, from its COO's blog, is the users in Japan whom Facebook counts as "
        "active, over a period it does not state. Close enough to compare, not to rank a "
        "small gap.",
    ),
]


def missing_comparisons(Metric, Comparison) -> list[tuple[object, object, str]]:
    """The seed's pairs whose two metrics exist (named in any case) and are not paired yet,
    in either order, as (first, second, caveat); nothing is saved. `Metric` and
    `Comparison` are the models, real or historical."""
    found = []
    for seed in SEED_COMPARISONS:
        first = Metric.objects.filter(name__iexact=seed.first).first()
        second = Metric.objects.filter(name__iexact=seed.second).first()
        if first is None or second is None or first.pk == second.pk:
            continue
        paired = Comparison.objects.filter(first=first, second=second) | Comparison.objects.filter(
            first=second, second=first
        )
        if not paired.exists():
            found.append((first, second, seed.caveat))
    return found
