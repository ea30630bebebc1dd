"""`make bench` (search part): search latency with 10,000 published articles.

Builds 10,000 articles of mixed English and Japanese text in a scratch database —
SQLite always and, when DATABASE_URL names a PostgreSQL server, a scratch database
on it too (<name>_searchbench, created and dropped here) — and
times articles.search.search() as the search page calls it, for a set of queries:
p50 and p95 over repeated runs. The target is a p50 under 50 ms for each query.
Results go to bench/results/search-latest.json and to stdout as a table.

    .venv/bin/python bench/search.py            # SQLite, and PostgreSQL if DATABASE_URL
    .venv/bin/python bench/search.py --one      # this process's database only
"""

import argparse
import datetime
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
ARTICLES = 10_000
RUNS = 15
TARGET_MS = 50
QUERIES = [
    "LINE", "ＬＩＮＥ", "galleries", "monthly active users", "mixi facebook", "ミクシィ",
    "利用者", "日本", "減少しています", "qwertyuiop",
]  # fmt: skip
ENGLISH = [
    "social",
    "network",
    "users",
    "platform",
    "monthly",
    "active",
    "growth",
    "mobile",
    "gallery",
    "galleries",
    "photo",
    "sharing",
    "advertisers",
    "vouchers",
    "messaging",
    "carrier",
    "game",
    "gacha",
    "feature",
    "phone",
    "smartphone",
    "market",
    "share",
    "survey",
    "report",
    "estimate",
    "projection",
    "Facebook",
    "Twitter",
    "LINE",
    "GREE",
    "Mixi",
    "DeNA",
    "community",
    "friends",
    "timeline",
    "stickers",
    "official",
    "page",
    "brand",
    "campaign",
]
JAPANESE = [
    "ミクシィの月間利用者は減少しています。", "日本のソーシャルネットワーク市場。",
    "スマートフォンの普及が進んでいます。", "ゲームの課金が問題になりました。",
    "友達とメッセージを送ります。", "広告主がクーポンを配布しています。",
]  # fmt: skip


def build(count: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from articles.body_html.render import render_markdown
    from articles.models import Article
    from articles.models.search_text import normalise, store_search_text
    from snsblog.text import html_to_text

    rng = random.Random(14)
    now = timezone.now()
    with transaction.atomic():
        articles = []
        for n in range(count):
            paragraphs = []
            for _ in range(rng.randint(3, 8)):
                if rng.random() < 0.3:
                    paragraphs.append("".join(rng.choices(JAPANESE, k=rng.randint(2, 5))))
                else:
                    paragraphs.append(" ".join(rng.choices(ENGLISH, k=rng.randint(30, 80))))
            body = "\n\n".join(paragraphs)
            title = " ".join(rng.choices(ENGLISH, k=6)).capitalize()
            articles.append(
                Article(
                    title=title, slug=f"article-{n}", body=body, body_html=render_markdown(body),
                    status=Article.Status.PUBLISHED, published_at=now - timezone.timedelta(hours=n),
                )
            )  # fmt: skip
        Article.objects.bulk_create(articles, batch_size=500)
        for article in Article.objects.only("pk", "title", "body_html"):
            text = normalise(f"{article.title}\n{html_to_text(article.body_html)}")
            store_search_text(article.pk, text, Article.objects)
    if connection.vendor == "postgresql":
        # Statistics, as a live server has them: autovacuum gathers them within a
        # minute or so of a load this size. Without them the planner guesses how many
        # articles a term matches, and reads all the matches where walking the newest
        # articles until CANDIDATES match is cheaper.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE articles_article")


def measure() -> dict:
    from django.db import connection

    from articles.search import search

    results = {}
    for query in QUERIES:
        search(query)  # warm
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            found = search(query)
            excerpts = [result.excerpt for result in found[:10]]  # the first page, as shown
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        assert len(excerpts) == min(10, len(found))
        results[query] = {
            "results": len(found),
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
        }
    return {"database": connection.vendor, "articles": ARTICLES, "queries": results}


def run_one() -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "snsblog.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    # A scratch database of its own, apart from the test suite's test_<name>.
    test = connection.settings_dict.setdefault("TEST", {})
    test["NAME"] = f"{connection.settings_dict['NAME']}_searchbench"
    if connection.vendor == "sqlite":
        test["NAME"] = None  # in memory
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        build(ARTICLES)
        return measure()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one", action="store_true", help="this process's database only")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one()))
        return 0
    databases = [("SQLite", "")]
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        databases.append(("PostgreSQL", os.environ["DATABASE_URL"]))
    missed = False
    reports = []
    with tempfile.TemporaryDirectory() as scratch:
        for label, url in databases:
            env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1"}
            if not url:
                env["DATABASE_URL"] = f"sqlite:///{scratch}/search.sqlite3"
            done = subprocess.run(
                [sys.executable, __file__, "--one"], env=env, capture_output=True, text=True
            )
            if done.returncode:
                print(done.stderr, file=sys.stderr)
                return done.returncode
            report = json.loads(done.stdout.strip().splitlines()[-1])
            reports.append(report)
            print(f"\nSearch, {label}, {report['articles']:,} articles (ms)")
            print(f"  {'query':<24}{'results':>8}{'p50':>8}{'p95':>8}")
            for query, row in report["queries"].items():
                flag = "" if row["p50_ms"] < TARGET_MS else "  over target"
                missed = missed or bool(flag)
                print(f"  {query:<24}{row['results']:>8}{row['p50_ms']:>8}{row['p95_ms']:>8}{flag}")
    print(f"\nTarget: p50 under {TARGET_MS} ms for every query: {'missed' if missed else 'met'}")
    result = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {"cores": os.cpu_count(), "python": platform.python_version()},
        "target_p50_ms": TARGET_MS,
        "target_met": not missed,
        "databases": reports,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "search-latest.json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
