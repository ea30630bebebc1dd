"""`make bench`: how fast the article page is with 0 to 5,000 comments.

For each size it builds a separate SQLite database (the seed article plus N
approved comments), starts `make serve` with two gunicorn workers, and measures:
the warm page with wrk (8 connections), a reference page of the same size served
from memory, the cold render (the article's cache versions replaced before every
request, as an edit would, so every fragment is rendered again; one request at a
time), the first render after a new comment (only the discussion rendered again),
worker memory, SQL queries per render and the time to post a comment. Results go
to bench/results/ as JSON and to stdout as a table, followed by every check and
target with its outcome. The exit status is non-zero when a check fails, or when
a target is missed unless --no-targets is given.
"""

import argparse
import datetime
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "results"
PYTHON = ROOT / ".venv" / "bin" / "python"
ARTICLE = "/articles/so-mixi-now-has-an-official-facebook-page/"
SIZES = [0, 200, 1000, 5000]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def django_env(database: Path, cache_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "SQLITE_PATH": str(database),
        "CACHE_DIR": str(cache_dir),
        "COMMENTS_RATE_LIMIT": "",
        "COMMENTS_MIN_SUBMIT_SECONDS": "0",
        "COMMENTS_MODERATION": "none",
        "LOG_LEVEL": "WARNING",
        **extra,
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    return env


def build_database(count: int) -> Path:
    DATA.mkdir(parents=True, exist_ok=True)
    database = DATA / f"comments-{count}.sqlite3"
    for old in DATA.glob(f"comments-{count}.sqlite3*"):
        old.unlink()
    env = django_env(database, Path(tempfile.mkdtemp()))
    for command in (
        ["manage.py", "migrate", "--noinput", "-v0"],
        ["manage.py", "load_seed"],
        ["bench/database.py", "populate", str(count)],
    ):
        subprocess.run([PYTHON, *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return database


class Server:
    """`make serve` on a free port, stopped with its whole process group."""

    def __init__(self, database: Path, per_page: int, workers: int = 2) -> None:
        self.port = free_port()
        self.cache_dir = Path(tempfile.mkdtemp(prefix="snsblog-bench-cache-"))
        self.pidfile = Path(tempfile.mkdtemp()) / "gunicorn.pid"
        env = django_env(
            database, self.cache_dir,
            COMMENTS_PER_PAGE=str(per_page), BENCH_REFERENCE_VIEW="1", PORT=str(self.port),
            WEB_CONCURRENCY=str(workers), GUNICORN_ARGS=f"--pid {self.pidfile}",
        )  # fmt: skip
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", "serve"], cwd=ROOT, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 120
        while not self.pidfile.exists() or not self.answers():
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.stop()
                raise RuntimeError("make serve did not start")
            time.sleep(0.3)

    def answers(self) -> bool:
        try:
            urllib.request.urlopen(self.url + "/", timeout=2)
            return True
        except OSError:
            return False

    def worker_peak_rss_mb(self) -> float:
        master = self.pidfile.read_text().strip()
        peaks = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            if re.search(rf"^PPid:\s+{master}$", text, re.M):
                peaks.append(int(re.search(r"^VmHWM:\s+(\d+) kB", text, re.M).group(1)) / 1024)
        return round(max(peaks), 1)

    def stop(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.process.pid, signal.SIGKILL)
        shutil.rmtree(self.cache_dir, ignore_errors=True)


def get(url: str, opener=None) -> bytes:
    return (opener or urllib.request.build_opener()).open(url, timeout=60).read()


def wrk(url: str, seconds: int) -> dict:
    output = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency", "--timeout", "10s", url],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip

    def latency(percentile: str) -> float:
        value, unit = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)$", output, re.M).groups()
        return round(float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit], 2)

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    timeouts = re.search(r"Socket errors:.*timeout (\d+)", output)
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "errors": int(errors.group(1)) if errors else 0,
        "timeouts": int(timeouts.group(1)) if timeouts else 0,
    }


def invalidate(database: Path) -> None:
    """Give the article new versions, as an edit would: every fragment must be rendered again."""
    with sqlite3.connect(database) as connection:
        connection.execute(
            "UPDATE articles_article SET content_version = ?, comments_version = ?",
            (uuid.uuid4().hex, uuid.uuid4().hex),
        )


def new_comments_version(database: Path) -> None:
    """Give the article's comments a new version, as saving a comment does: only the
    discussion must be rendered again; the article fragment and the page shell stay cached."""
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE articles_article SET comments_version = ?", (uuid.uuid4().hex,))


def timed_renders_ms(
    database: Path, url: str, runs: int, change: Callable[[Path], None]
) -> list[float]:
    """Times of `runs` sequential requests, each after `change` has been applied to the database."""
    timings = []
    for _ in range(runs):
        change(database)
        start = time.perf_counter()
        get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return timings


class KeepRedirects(urllib.request.HTTPRedirectHandler):
    """Answer a redirect as it is: the post is timed alone, its Location read."""

    def redirect_request(self, *args, **kwargs):
        return None


def post_comment_ms(server: Server, runs: int) -> tuple[float, bool]:
    """The median time of a comment post alone (the redirect it answers with is not
    followed), and whether another reader, following the last post's redirect,
    finds the comment on the very next request."""
    jar = CookieJar()
    reader = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    poster = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), KeepRedirects)
    timings, location = [], ""
    for n in range(runs):
        # Each form's token can be used once: a fresh form for every post.
        page = get(server.url + ARTICLE, reader).decode()
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        action = re.search(r'<form id="comment-form"[^>]* action="([^"]+)"', page).group(1)
        token = re.search(r'name="token" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({
            "csrfmiddlewaretoken": csrf, "token": token, "author_name": "Bench",
            "author_email": "bench@example.com", "body": f"Benchmark comment {n} {time.time()}",
        }).encode()  # fmt: skip
        request = urllib.request.Request(server.url + action, data=form)
        start = time.perf_counter()
        try:
            poster.open(request, timeout=60).read()
            raise RuntimeError("a comment post did not answer with a redirect")
        except urllib.error.HTTPError as answer:
            timings.append((time.perf_counter() - start) * 1000)
            if answer.code != 302:
                raise RuntimeError(f"a comment post answered {answer.code}") from None
            location = answer.headers["Location"]
    shown = f"Benchmark comment {runs - 1} " in get(server.url + location).decode()
    return statistics.median(timings), shown


def query_counts(database: Path) -> dict:
    env = django_env(database, Path(tempfile.mkdtemp()), COMMENTS_PER_PAGE="100000")
    output = subprocess.run(
        [str(PYTHON), "bench/database.py", "queries"], cwd=ROOT, env=env,
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return json.loads(output.strip().splitlines()[-1])


def measure(count: int, per_page: int, seconds: int, cold_runs: int, post_runs: int) -> dict:
    database = build_database(count)
    server = Server(database, per_page)
    try:
        page_url = server.url + ARTICLE
        page = get(page_url)
        size = len(page)
        shown_comments = page.count(b'<li id="comment-')
        warm = wrk(page_url, seconds)
        reference = wrk(f"{server.url}/_bench/reference/{size}/", seconds)
        # The same page in Japanese (/ja/...): its own fragments, its own speed.
        japanese_url = server.url + "/ja" + ARTICLE
        get(japanese_url)
        japanese_warm = wrk(japanese_url, seconds)
        japanese_cold = timed_renders_ms(database, japanese_url, cold_runs, invalidate)
        cold = timed_renders_ms(database, page_url, cold_runs, invalidate)
        get(page_url)  # the article fragment and the shell of the current version are cached
        new_comment = timed_renders_ms(database, page_url, cold_runs, new_comments_version)
        post_ms, shown = post_comment_ms(server, post_runs) if post_runs else (None, None)
        rss = server.worker_peak_rss_mb()
    finally:
        server.stop()
    return {
        "comments": count,
        "per_page": per_page,
        "comments_on_page": shown_comments,
        "bytes": size,
        "warm": warm,
        "reference": reference,
        "warm_fraction_of_reference": round(
            warm["requests_per_second"] / reference["requests_per_second"], 3
        ),
        "japanese_warm": japanese_warm,
        "japanese_warm_fraction": round(
            japanese_warm["requests_per_second"] / warm["requests_per_second"], 3
        ),
        "japanese_cold_p50_ms": round(statistics.median(japanese_cold), 1),
        "cold_p50_ms": round(statistics.median(cold), 1),
        "cold_max_ms": round(max(cold), 1),
        "new_comment_p50_ms": round(statistics.median(new_comment), 1),
        "new_comment_max_ms": round(max(new_comment), 1),
        "worker_peak_rss_mb": rss,
        "queries": query_counts(database) if per_page >= count else None,
        "post_p50_ms": round(post_ms, 1) if post_ms is not None else None,
        "post_shown_on_next_request": shown,
    }


@dataclass(frozen=True)
class Check:
    """A condition on one row of results.

    A *check* is about correctness: the bench measured what it claims and the page
    behaves; a failed check always fails the run. A *target* is a speed or memory
    goal; a missed target fails the run unless --no-targets is given.
    """

    kind: str  # "check" or "target"
    name: str
    column: str  # the table column that shows the value
    value: Callable[[dict], object]  # None when the row does not measure it
    passes: Callable[[object, dict], bool]  # the value, and its row
    sizes: tuple[int, ...] = ()  # comment counts it applies to; empty: every count
    full_page: bool = False  # only rows with every comment on one page
    show: Callable[[object], str] = lambda value: format_value(value)

    def applies(self, row: dict) -> bool:
        if self.sizes and row["comments"] not in self.sizes:
            return False
        if self.full_page and row["per_page"] < row["comments"]:
            return False
        return self.value(row) is not None


def wrk_failures(row: dict) -> int:
    runs = ("warm", "reference", "japanese_warm")
    return sum(row[run]["errors"] + row[run]["timeouts"] for run in runs if run in row)


def warm_queries(row: dict) -> int | None:
    return row["queries"]["warm"] if row["queries"] else None


CHECKS = [
    Check("check", "every comment on the page", "shown", lambda r: r["comments_on_page"],
          lambda v, r: v == r["comments"], full_page=True),
    Check("check", "no wrk errors or timeouts", "wrk errors", wrk_failures, lambda v, r: v == 0),
    Check("check", "queries warm ≤ 3", "queries cold / warm", warm_queries, lambda v, r: v <= 3),
    Check("check", "post shown on next request", "post shown",
          lambda r: r["post_shown_on_next_request"], lambda v, r: v is True),
    Check("target", "warm / reference ≥ 50%", "warm / reference",
          lambda r: r["warm_fraction_of_reference"], lambda v, r: v >= 0.5,
          sizes=(200, 1000), full_page=True, show=lambda v: f"{v:.0%}"),
    Check("target", "cold p50 < 40 ms", "cold p50 ms", lambda r: r["cold_p50_ms"],
          lambda v, r: v < 40, sizes=(200,), full_page=True),
    Check("target", "cold p50 < 150 ms", "cold p50 ms", lambda r: r["cold_p50_ms"],
          lambda v, r: v < 150, sizes=(1000,), full_page=True),
    Check("target", "new comment p50 ≤ 40 ms", "new comment p50 ms",
          lambda r: r["new_comment_p50_ms"], lambda v, r: v <= 40, sizes=(200,), full_page=True),
    Check("target", "new comment p50 ≤ 100 ms", "new comment p50 ms",
          lambda r: r["new_comment_p50_ms"], lambda v, r: v <= 100, sizes=(1000,), full_page=True),
    Check("target", "worker RSS < 200 MB", "worker RSS MB", lambda r: r["worker_peak_rss_mb"],
          lambda v, r: v < 200, sizes=(5000,)),
    Check("target", "post p50 < 30 ms", "post p50 ms", lambda r: r["post_p50_ms"],
          lambda v, r: v < 30),
    Check("target", "Japanese warm ≥ 90% of English", "ja warm / en",
          lambda r: r["japanese_warm_fraction"], lambda v, r: v >= 0.9,
          sizes=(200, 1000), full_page=True, show=lambda v: f"{v:.0%}"),
    Check("target", "Japanese cold p50 ≤ 110% of English", "ja cold p50 ms",
          lambda r: r["japanese_cold_p50_ms"], lambda v, r: v <= 1.1 * r["cold_p50_ms"],
          sizes=(200, 1000), full_page=True),
]  # fmt: skip


def evaluate(rows: list[dict]) -> list[dict]:
    """Every check and target that applies to a row, with its outcome."""
    outcomes = []
    for row in rows:
        for check in CHECKS:
            if check.applies(row):
                value = check.value(row)
                outcomes.append({
                    "kind": check.kind, "name": check.name, "column": check.column,
                    "comments": row["comments"], "per_page": row["per_page"],
                    "value": value, "display": check.show(value),
                    "passed": bool(check.passes(value, row)),
                })  # fmt: skip
    return outcomes


def yes_no(value: bool | None) -> str:
    return "–" if value is None else "yes" if value else "no"


def or_dash(value: object) -> object:
    return "–" if value is None else value


COLUMNS = [
    ("comments", lambda r: f"{r['comments']:,}"),
    ("per page", lambda r: f"{r['per_page']:,}"),
    ("shown", lambda r: f"{r['comments_on_page']:,}"),
    ("bytes", lambda r: f"{r['bytes']:,}"),
    ("warm req/s", lambda r: f"{r['warm']['requests_per_second']:,.0f}"),
    ("warm p50 ms", lambda r: r["warm"]["p50_ms"]),
    ("warm p99 ms", lambda r: r["warm"]["p99_ms"]),
    ("reference req/s", lambda r: f"{r['reference']['requests_per_second']:,.0f}"),
    ("warm / reference", lambda r: f"{r['warm_fraction_of_reference']:.0%}"),
    ("cold p50 ms", lambda r: r["cold_p50_ms"]),
    ("ja warm / en", lambda r: f"{r['japanese_warm_fraction']:.0%}"),
    ("ja cold p50 ms", lambda r: r["japanese_cold_p50_ms"]),
    ("new comment p50 ms", lambda r: r["new_comment_p50_ms"]),
    ("worker RSS MB", lambda r: r["worker_peak_rss_mb"]),
    ("queries cold / warm",
     lambda r: "{cold} / {warm}".format(**r["queries"]) if r["queries"] else "– / –"),
    ("post p50 ms", lambda r: or_dash(r["post_p50_ms"])),
    ("post shown", lambda r: yes_no(r["post_shown_on_next_request"])),
    ("wrk errors", wrk_failures),
]  # fmt: skip


def row_label(row: dict) -> str:
    label = f"{row['comments']:,} comments"
    return label if row["per_page"] >= row["comments"] else f"{label}, {row['per_page']} a page"


def table(rows: list[dict], outcomes: list[dict]) -> str:
    """The results, a failed check or missed target marked ✗ in its cell."""
    failed = {(o["comments"], o["per_page"], o["column"]) for o in outcomes if not o["passed"]}
    lines = [
        "| " + " | ".join(name for name, _ in COLUMNS) + " |",
        "|" + "---:|" * len(COLUMNS),
    ]
    for row in rows:
        cells = []
        for name, cell in COLUMNS:
            mark = " ✗" if (row["comments"], row["per_page"], name) in failed else ""
            cells.append(f"{cell(row)}{mark}")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def outcome_lines(rows: list[dict], outcomes: list[dict], kind: str) -> list[str]:
    """One line per check (or target): its rows and values, pass or fail."""
    labels = {(row["comments"], row["per_page"]): row_label(row) for row in rows}
    lines = []
    for check in (c for c in CHECKS if c.kind == kind):
        mine = [o for o in outcomes if o["name"] == check.name]
        if not mine:
            continue
        passed = all(o["passed"] for o in mine)
        status = "pass" if passed else ("FAIL" if kind == "check" else "MISS")
        values = ", ".join(
            f"{labels[o['comments'], o['per_page']]}: {o['display']}"
            + ("" if o["passed"] else " ✗")
            for o in mine
        )
        lines.append(f"  {status}  {check.name} — {values}")
    return lines


def format_value(value: object) -> str:
    if isinstance(value, bool):
        return yes_no(value)
    return f"{value:,}" if isinstance(value, int) else str(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per point")
    parser.add_argument("--cold-runs", type=int, default=25)
    parser.add_argument("--post-runs", type=int, default=20)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument(
        "--no-targets", action="store_true",
        help="report missed speed and memory targets without failing the run (noisy machines)",
    )  # fmt: skip
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("make bench needs wrk: apt-get install wrk")
    sizes = [int(size) for size in options.sizes.split(",")]
    rows = []
    for count in sizes:
        print(f"bench: {count} comments, every one on the page", flush=True)
        rows.append(
            measure(count, max(count, 1), options.seconds, options.cold_runs, options.post_runs)
        )
        if count > 1000:
            print(f"bench: {count} comments, default page of 50 threads", flush=True)
            rows.append(measure(count, 50, options.seconds, options.cold_runs, 0))
    by_size = {row["comments"]: row for row in rows if row["per_page"] >= row["comments"]}
    per_comment = None
    if 200 in by_size and 1000 in by_size:
        per_comment = round((by_size[1000]["cold_p50_ms"] - by_size[200]["cold_p50_ms"]) / 800, 3)
    outcomes = evaluate(rows)
    failed_checks = [o for o in outcomes if o["kind"] == "check" and not o["passed"]]
    missed_targets = [o for o in outcomes if o["kind"] == "target" and not o["passed"]]
    report = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]},
        "cold_ms_per_comment": per_comment,
        "rows": rows,
        "checks": outcomes,
        "checks_passed": not failed_checks,
        "targets_met": not missed_targets,
        "targets_enforced": not options.no_targets,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = report["date"].replace(":", "").replace("+0000", "Z")
    for name in (f"bench-{stamp}.json", "latest.json"):
        (RESULTS / name).write_text(json.dumps(report, indent=2) + "\n")
    print()
    print(table(rows, outcomes))
    if per_comment is not None:
        print(f"\ncold render cost per comment: {per_comment} ms (from 200 to 1,000 comments)")
    print("\nchecks (a failure fails the run):")
    print("\n".join(outcome_lines(rows, outcomes, "check")) or "  none measured")
    enforced = "a miss fails the run" if not options.no_targets else "--no-targets: reported only"
    print(f"\ntargets ({enforced}):")
    print("\n".join(outcome_lines(rows, outcomes, "target")) or "  none measured")
    print(f"\nresults: {RESULTS / 'latest.json'}")
    failures = []
    if failed_checks:
        failures.append(f"{len(failed_checks)} check(s) failed")
    if missed_targets:
        failures.append(
            f"{len(missed_targets)} target(s) missed"
            + (" (not failing the run: --no-targets)" if options.no_targets else "")
        )
    if failures:
        print("bench: " + "; ".join(failures), file=sys.stderr)
    if failed_checks or (missed_targets and not options.no_targets):
        sys.exit(1)
    print("bench: every check passed" + ("" if missed_targets else " and every target met"))


if __name__ == "__main__":
    main()
