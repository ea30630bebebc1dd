"""Load the first article, “So Mixi now has an Official Facebook Page...”, with its facts.

Idempotent: once the article exists, running it again changes nothing, so
edits made in the admin are kept.
"""

import datetime
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from articles.importers.text import parse_plain_text
from articles.models import Article, Comparison, Fact, Metric, Platform, Source
from articles.models.history import ChangeOrigin
from articles.seed_metrics import SEED_METRICS, missing_comparisons, seed_metric_changes

SEED_TEXT = Path(__file__).resolve().parents[2] / "seed" / "mixi-facebook-page.txt"
SLUG = "so-mixi-now-has-an-official-facebook-page"
PUBLISHED_AT = datetime.datetime(2012, 12, 1, 9, 0, tzinfo=datetime.UTC)
ARTICLE_TAGS = ["mixi", "facebook", "twitter", "line", "smartphones", "japan", "sns"]
EXCERPT = (
    "Mixi's active users fell from 15.47 million to 14.02 million as Facebook passed "
    "16 million in Japan, LINE reached 35 million and smartphones took over."
)

PLATFORMS = [
    ("Mixi", "mixi", Platform.Kind.SOCIAL_NETWORK, "JP", "https://mixi.jp/"),
    ("Facebook", "facebook", Platform.Kind.SOCIAL_NETWORK, "US", "https://www.facebook.com/"),
    ("Twitter", "twitter", Platform.Kind.SOCIAL_NETWORK, "US", "https://twitter.com/"),
    ("LINE", "line", Platform.Kind.MESSAGING_APP, "JP", "https://line.me/"),
    ("NTT Docomo", "ntt-docomo", Platform.Kind.MOBILE_CARRIER, "JP", "https://www.docomo.ne.jp/"),
    ("DeNA", "dena", Platform.Kind.GAME_PLATFORM, "JP", "https://dena.com/"),
    ("GREE", "gree", Platform.Kind.GAME_PLATFORM, "JP", "https://gree.net/"),
    ("Japan mobile market", "japan-mobile-market", Platform.Kind.MARKET, "JP", ""),
]

NIKKEI = "Nikkei"
FACEBOOK_COO = "Facebook COO blog"
SURVEYS = "Various surveys"
LINE = "LINE"
FUJI_CHIMERA = "Fuji Chimera Research"
UNNAMED = "Not named in the article"

MAU_SENTENCE = (
    "A recent article in the Nikkei says that Mixi's active users (users who use Mixi more "
    "than once a month) has declined from its peak of 15,470,000 of May 2011to 14,020,000 "
    "in September 2012."
)
USERS_SENTENCE = (
    "Twitter users are said to 20 million in various surveys and home grown "
    "messaging-giant-come-SNS, LINE, now boasts 35 million users in Japan alone."
)
SMARTPHONE_SENTENCE = (
    "As at November 2011, Fuji Chimera Research reported that there were 26,830,000 "
    "smartphone accounts in Japan, out of the total of 113,340,000 mobile accounts."
)
PROJECTION_SENTENCE = (
    "The think tank also projected that by 2016, smartphone accounts will reach 95 million, "
    "and account for 80% of total mobile phone accounts in Japan."
)
ACCESS_SENTENCE = (
    "Mixi is steadily seeing access to its service switch from approximately 40% via "
    "smartphones in January 2012 to over 60% in September, but it seems it is losing "
    'advertising revenue and after the "konpu gacha" debacle, its games revenue is not '
    "enough to make up for it."
)
VOUCHER_SENTENCE = (
    "Another article in the Nikkei recently indicated that LINE vouchers have a 7% to 8% "
    "response rate, more than double the average 3% seen through other services."
)

U, P, A = Fact.Unit.USERS, Fact.Unit.PERCENT, Fact.Unit.ACCOUNTS
EXACT, ABOUT, OVER = Fact.Qualifier.EXACT, Fact.Qualifier.APPROXIMATELY, Fact.Qualifier.OVER
REPORTED, ESTIMATE, PROJECTION = Fact.Kind.REPORTED, Fact.Kind.ESTIMATE, Fact.Kind.PROJECTION
MONTH, YEAR = Fact.Precision.MONTH, Fact.Precision.YEAR

# platform slug, metric, value, upper value, unit, qualifier, kind, as of, precision,
# source, statement, tags
FACTS = [
    ("mixi", "monthly active users", "15470000", None, U, EXACT, REPORTED,
     datetime.date(2011, 5, 1), MONTH, NIKKEI, MAU_SENTENCE, ["mixi", "active-users", "peak"]),
    ("mixi", "monthly active users", "14020000", None, U, EXACT, REPORTED,
     datetime.date(2012, 9, 1), MONTH, NIKKEI, MAU_SENTENCE, ["mixi", "active-users"]),
    ("facebook", "active users in Japan", "16000000", None, U, OVER, REPORTED,
     datetime.date(2012, 9, 1), MONTH, FACEBOOK_COO,
     "On the other hand, the COO of Facebook has reportedly blogged in September 2012 that "
     "active users in Japan exceeded 16 million, which led to a host of speculative news "
     "reporting that Facebook has finally overtaken Mixi.",
     ["facebook", "active-users", "japan"]),
    ("twitter", "users in Japan", "20000000", None, U, ABOUT, ESTIMATE,
     datetime.date(2012, 1, 1), YEAR, SURVEYS,
     USERS_SENTENCE, ["twitter", "users", "japan"]),
    ("line", "users in Japan", "35000000", None, U, EXACT, REPORTED,
     datetime.date(2012, 1, 1), YEAR, LINE,
     USERS_SENTENCE, ["line", "users", "japan"]),
    ("japan-mobile-market", "smartphone accounts", "26830000", None, A, EXACT, REPORTED,
     datetime.date(2011, 11, 1), MONTH, FUJI_CHIMERA, SMARTPHONE_SENTENCE,
     ["smartphones", "japan"]),
    ("japan-mobile-market", "mobile phone accounts", "113340000", None, A, EXACT, REPORTED,
     datetime.date(2011, 11, 1), MONTH, FUJI_CHIMERA, SMARTPHONE_SENTENCE,
     ["mobile", "japan"]),
    ("japan-mobile-market", "smartphone accounts", "95000000", None, A, EXACT, PROJECTION,
     datetime.date(2016, 1, 1), YEAR, FUJI_CHIMERA, PROJECTION_SENTENCE,
     ["smartphones", "japan", "projection"]),
    ("japan-mobile-market", "smartphone share of mobile accounts", "80", None, P, EXACT,
     PROJECTION, datetime.date(2016, 1, 1), YEAR, FUJI_CHIMERA, PROJECTION_SENTENCE,
     ["smartphones", "japan", "projection"]),
    ("mixi", "smartphone share of access", "40", None, P, ABOUT, REPORTED,
     datetime.date(2012, 1, 1), MONTH, UNNAMED, ACCESS_SENTENCE, ["mixi", "smartphones"]),
    ("mixi", "smartphone share of access", "60", None, P, OVER, REPORTED,
     datetime.date(2012, 9, 1), MONTH, UNNAMED, ACCESS_SENTENCE, ["mixi", "smartphones"]),
    ("line", "voucher response rate", "7", "8", P, EXACT, REPORTED,
     datetime.date(2012, 1, 1), YEAR, NIKKEI, VOUCHER_SENTENCE, ["line", "advertising"]),
    ("japan-mobile-market", "average voucher response rate of other services", "3", None, P,
     EXACT, REPORTED, datetime.date(2012, 1, 1), YEAR, NIKKEI, VOUCHER_SENTENCE,
     ["advertising", "japan"]),
]  # fmt: skip


class Command(BaseCommand):
    help = "Load the seed article and its platform facts (safe to run more than once)."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        if Article.objects.filter(slug=SLUG).exists():
            self.stdout.write("Seed article already loaded; nothing to do.")
            return
        platforms = {row[1]: self.platform(*row) for row in PLATFORMS}
        title, body = parse_plain_text(SEED_TEXT.read_text(encoding="utf-8"))
        article = Article(
            title=title,
            lang="en",
            slug=SLUG,
            body=body,
            excerpt=EXCERPT,
            status=Article.Status.PUBLISHED,
            published_at=PUBLISHED_AT,
        )
        article.full_clean()
        article.save()
        article.tags.set(ARTICLE_TAGS)
        self.describe_metrics()
        for position, row in enumerate(FACTS):
            (platform, metric, value, upper, unit, qualifier, kind, as_of, precision,
             source, statement, tags) = row  # fmt: skip
            fact = Fact(
                article=article,
                platform=platforms[platform],
                metric=Metric.objects.named(metric),
                value=Decimal(value),
                upper_value=Decimal(upper) if upper else None,
                unit=unit,
                qualifier=qualifier,
                kind=kind,
                as_of=as_of,
                as_of_precision=precision,
                source=Source.objects.get_or_create(name=source, title="")[0],
                statement=statement,
                position=position,
            )
            fact._history_origin = ChangeOrigin.IMPORT
            fact._change_reason = "Loaded with the seed article."
            fact.full_clean()
            fact.save()
            fact.tags.set(tags)
        for first, second, caveat in missing_comparisons(Metric, Comparison):
            comparison = Comparison(first=first, second=second, caveat=caveat)
            comparison.full_clean()
            comparison.save()
        self.stdout.write(self.style.SUCCESS(f"Loaded “{article.title}” with {len(FACTS)} facts."))

    def describe_metrics(self) -> None:
        """The seed's metrics, each with its unit, definition and synonyms where it has
        none yet (a metric an editor made before keeps what they wrote)."""
        for name in SEED_METRICS:
            Metric.objects.named(name)
        for metric, changes in seed_metric_changes(Metric, Fact):
            for field, value in changes.items():
                setattr(metric, field, value)
            metric.full_clean()
            metric.save()

    def platform(self, name: str, slug: str, kind: str, country: str, website: str) -> Platform:
        platform = Platform.objects.filter(slug=slug).first()
        if platform is None:
            platform = Platform(name=name, slug=slug, kind=kind, country=country, website=website)
            platform.full_clean()
            platform.save()
        return platform
