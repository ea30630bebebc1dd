"""`make bench`, cluster part: the article page through nginx with two app servers.

Starts `deploy/cluster` (nginx, two gunicorn app servers, PostgreSQL, Redis) in a
temporary state folder on free ports, fills the seed article with 200 approved
comments, and measures the page (every comment on it):

- warm, with wrk (8 connections), through nginx and straight from one app server,
  with `Accept-Encoding: gzip` as browsers send it;
- cold (both versions replaced before each request, as an edit does) and after a
  new comment (only the discussion's version replaced), one request at a time,
  through nginx;
- the bytes on the wire with and without gzip.

Results go to bench/results/cluster-latest.json and to stdout as a table. The
single-server figures (SQLite, one `make serve`) come from bench/run.py.
"""

import gzip
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import ARTICLE, PYTHON, RESULTS, ROOT, free_port

COMMENTS = 200
GZIP = {"Accept-Encoding": "gzip"}


def fetch(url: str, headers: dict | None = None) -> bytes:
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=60) as answer:
        return answer.read()


def wrk_gzip(url: str, seconds: int) -> dict:
    """wrk as browsers ask: with gzip (wrk's own helper takes no headers)."""
    output = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency", "--timeout", "10s",
         "-H", "Accept-Encoding: gzip", url],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    rate = float(output.split("Requests/sec:")[1].split()[0])
    return {"requests_per_second": rate, "non_2xx": "Non-2xx" in output}


class Cluster:
    def __init__(self) -> None:
        self.state = Path(tempfile.mkdtemp(prefix="snsblog-bench-cluster-"))
        port = free_port()
        self.env = {
            **os.environ,
            "CLUSTER_STATE": str(self.state),
            "CLUSTER_PORT": str(port),
            "CLUSTER_APP_PORTS": f"{free_port()} {free_port()}",
            "CLUSTER_PG_PORT": str(free_port()),
            "CLUSTER_REDIS_PORT": str(free_port()),
            "COMMENTS_PER_PAGE": "100000",
            "COMMENTS_RATE_LIMIT": "",
            "COMMENTS_MIN_SUBMIT_SECONDS": "0",
            "COMMENTS_MODERATION": "none",
        }
        self.url = subprocess.run(
            ["deploy/cluster", "start", "--detach"], cwd=ROOT, env=self.env,
            check=True, capture_output=True, text=True,
        ).stdout.strip().splitlines()[-1]  # fmt: skip
        self.app_url = f"http://127.0.0.1:{self.env['CLUSTER_APP_PORTS'].split()[0]}"
        app_env = subprocess.run(
            ["deploy/cluster", "env"], cwd=ROOT, env=self.env,
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        self.app_env = {**os.environ}
        for line in app_env.splitlines():
            key, _, value = line.partition("=")
            if key:
                self.app_env[key] = value

    def manage(self, *args: str) -> None:
        subprocess.run(
            [str(PYTHON), *args], cwd=ROOT, env=self.app_env, check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip

    def replace_versions(self, content: bool) -> None:
        import psycopg

        columns = "comments_version = %s" + (", content_version = %s" if content else "")
        values = [uuid.uuid4()] + ([uuid.uuid4()] if content else [])
        with psycopg.connect(self.app_env["DATABASE_URL"]) as connection:
            connection.execute(f"UPDATE articles_article SET {columns}", values)

    def stop(self) -> None:
        subprocess.run(["deploy/cluster", "stop"], cwd=ROOT, env=self.env, check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip


def timed_ms(url: str, runs: int, before) -> float:
    timings = []
    for _ in range(runs):
        before()
        start = time.perf_counter()
        fetch(url, GZIP)
        timings.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(timings), 1)


def measure(seconds: int, runs: int) -> dict:
    cluster = Cluster()
    try:
        cluster.manage("bench/database.py", "populate", str(COMMENTS))
        page_url = cluster.url + ARTICLE
        plain = fetch(page_url)
        on_the_wire = fetch(page_url, GZIP)
        # The same page but for its per-request tokens (CSRF, form).
        unzipped = gzip.decompress(on_the_wire)
        assert abs(len(unzipped) - len(plain)) < 200, "nginx's gzip answer is not the page"
        shown = plain.count(b'<li id="comment-')
        through_nginx = wrk_gzip(page_url, seconds)
        one_app_server = wrk_gzip(cluster.app_url + ARTICLE, seconds)
        cold = timed_ms(page_url, runs, lambda: cluster.replace_versions(content=True))
        fetch(page_url)
        new_comment = timed_ms(page_url, runs, lambda: cluster.replace_versions(content=False))
        return {
            "comments": COMMENTS,
            "shown": shown,
            "bytes": len(plain),
            "bytes_gzip": len(on_the_wire),
            "nginx_req_s": through_nginx["requests_per_second"],
            "one_app_server_req_s": one_app_server["requests_per_second"],
            "errors": through_nginx["non_2xx"] or one_app_server["non_2xx"],
            "cold_p50_ms": cold,
            "new_comment_p50_ms": new_comment,
        }
    finally:
        cluster.stop()


def main() -> None:
    seconds = int(os.environ.get("BENCH_SECONDS", "10"))
    result = measure(seconds, runs=25)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "cluster-latest.json").write_text(json.dumps(result, indent=2) + "\n")
    rows = [
        ("nginx, two app servers", result["bytes"], result["bytes_gzip"], result["nginx_req_s"],
         result["cold_p50_ms"], result["new_comment_p50_ms"]),
        ("one app server, direct", "", "", result["one_app_server_req_s"], "", ""),
    ]  # fmt: skip
    print()
    print("| through | bytes | bytes gzip | warm req/s | cold p50 ms | new comment p50 ms |")
    print("|---|---:|---:|---:|---:|---:|")
    for row in rows:
        cells = [f"{cell:,.0f}" if isinstance(cell, float | int) and cell > 99 else str(cell)
                 for cell in row]  # fmt: skip
        print("| " + " | ".join(cells) + " |")
    failed = []
    if result["shown"] != COMMENTS:
        failed.append(f"{result['shown']} of {COMMENTS} comments on the page")
    if result["errors"]:
        failed.append("wrk saw non-2xx answers")
    for failure in failed:
        print(f"  FAIL  {failure}")
    if failed:
        sys.exit(1)
    print("  pass  every comment on the page; no errors")


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *args: sys.exit(1))
    main()
