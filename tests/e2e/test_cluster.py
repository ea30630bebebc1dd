"""The production topology over real HTTP: nginx in front of two gunicorn app servers with
PostgreSQL and Redis, as `deploy/cluster start` runs it. Clients connect from their own
loopback addresses (127.x.y.z), as separate machines would.

Collected only when CLUSTER_URL is set (tests/e2e/conftest.py); .ci/run starts the
cluster with the settings tests/e2e/cluster.py requires and runs this file.
"""

import gzip
import re
import threading
import time
import uuid
from collections import Counter

from tests.e2e.cluster import EDITOR_PASSWORD, EDITOR_USERNAME, log_in
from tests.e2e.http import Client, Response
from tests.e2e.pages import SEED_PATH, comment_form, unique

LIMIT = 3  # COMMENTS_RATE_LIMIT=3/m
LOGIN_LIMIT = 5  # AXES_FAILURE_LIMIT


def upstreams(cluster, answers: list[Response]) -> list[str]:
    """The app server (host:port) nginx passed each answer's request to, from nginx's
    access log, by the request id nginx set and the app returned."""
    time.sleep(0.2)
    log = (cluster.state / "nginx" / "snsblog.access.log").read_text()
    found = dict(re.findall(r" id=([0-9a-f]{32}) upstream=(\S+)", log))
    return [found.get(answer.header("x-request-id"), "?") for answer in answers]


def app_addresses(cluster) -> set[str]:
    return {url.removeprefix("http://") for url in cluster.app_urls}


def post(client: Client, body: str, name: str = "Cluster reader") -> Response:
    """Fill in and send the comment form; one extra request between the two, so that
    nginx's round robin sends a client's successive posts to alternate app servers."""
    page = client.get(SEED_PATH)
    assert page.status == 200, f"the article answered {page.status}"
    form = comment_form(page.text)
    form["author_name"] = name
    form["author_email"] = f"{name.lower().replace(' ', '.')}@example.com"
    form["body"] = body
    assert client.get("/robots.txt").status == 200
    return client.post(form.action, form.data())


def test_a_comment_through_nginx_is_on_the_page_from_every_app_server(cluster):
    author, reader = cluster.client("author", 10), cluster.client("reader", 11)
    direct = [cluster.client("direct", 11, url=url) for url in cluster.app_urls]
    seen_through = []
    for round_ in range(2):
        text = unique(f"cluster{round_}x")
        answer = post(author, f"Seen everywhere, {text}.")
        assert answer.status == 302, f"posting answered {answer.status}"
        for _ in range(2):
            page = reader.get(SEED_PATH)
            assert page.status == 200
            assert text in page.text, "the comment is not on the page through nginx"
            seen_through.append(page)
        for client in direct:
            page = client.get(SEED_PATH)
            assert page.status == 200, f"{client.base_url} answered {page.status}"
            assert text in page.text, f"the comment is not on the page of {client.base_url}"
    assert set(upstreams(cluster, seen_through)) == app_addresses(cluster), (
        "the reads through nginx were not answered by both app servers"
    )


def test_healthz_answers_any_host_through_nginx_and_on_each_app_server(cluster):
    for url in [cluster.url, *cluster.app_urls]:
        for host in (None, "10.0.3.7", "app-1.internal"):
            client = Client(url, headers={"Host": host} if host else {})
            answer = client.get("/healthz")
            assert answer.status == 200, f"{url}/healthz with Host {host} answered {answer.status}"
        # Only /healthz: the site itself still checks ALLOWED_HOSTS.
        assert Client(url, headers={"Host": "app-1.internal"}).get(SEED_PATH).status == 400


def test_nginx_compresses_pages_and_the_app_servers_leave_it_to_nginx(cluster):
    """COMPRESS_RESPONSES=0 behind nginx (deploy/cluster, deploy/snsblog.env.example):
    a page reaches the client gzip-compressed, by nginx, not by the app worker."""
    through_nginx = Client(cluster.url, headers={"Accept-Encoding": "gzip"}).get(SEED_PATH)
    assert through_nginx.status == 200
    assert through_nginx.header("Content-Encoding") == "gzip"
    assert b"</html>" in gzip.decompress(through_nginx.body)
    for url in cluster.app_urls:
        direct = Client(url, headers={"Accept-Encoding": "gzip"}).get(SEED_PATH)
        assert direct.status == 200, f"{url} answered {direct.status}"
        assert direct.header("Content-Encoding") == "", f"{url} compressed the page itself"
        assert b"</html>" in direct.body


def test_the_comment_rate_limit_counts_each_client_across_app_servers(cluster, cluster_editor):
    assert cluster.env.get("COMMENTS_RATE_LIMIT") == f"{LIMIT}/m", (
        f"start the cluster with COMMENTS_RATE_LIMIT={LIMIT}/m"
    )
    first, second, spoofer = (cluster.client(name, host) for name, host in
                              (("first", 20), ("second", 21), ("spoofer", 22)))  # fmt: skip
    answers = [post(first, f"Rate {unique('a')}.") for _ in range(LIMIT + 2)]
    assert [a.status for a in answers] == [302] * LIMIT + [429] * 2
    assert set(upstreams(cluster, answers)) == app_addresses(cluster), (
        "the posts did not go to both app servers"
    )
    assert post(second, f"Rate {unique('b')}.").status == 302, (
        "another client is limited by the first one's posts"
    )

    # An X-Forwarded-For of the client's own is not believed: a new one each post
    # is still the same client.
    statuses = []
    for number in range(LIMIT + 1):
        spoofer.headers["X-Forwarded-For"] = f"203.0.113.{number + 1}"
        statuses.append(post(spoofer, f"Rate {unique('c')}.").status)
    assert statuses == [302] * LIMIT + [429]
    first.headers["X-Forwarded-For"] = "203.0.113.9"
    assert post(first, f"Rate {unique('d')}.").status == 429

    # The address stored with a comment is the client's, not nginx's nor a forged one.
    for answer, client in ((answers[0], first),):
        pk = re.search(r"#comment-(\d+)$", answer.location).group(1)
        page = cluster_editor.get(f"/admin/comments/comment/{pk}/change/")
        assert page.status == 200
        assert client.source_address in page.text, "the stored address is not the client's"


def test_admin_lockout_is_per_client_across_app_servers(cluster, cluster_editor):
    attacker, editor = cluster.client("attacker", 30), cluster.client("editor-b", 31)
    statuses = []
    for _ in range(LOGIN_LIMIT):
        assert attacker.get("/robots.txt").status == 200  # alternate the app servers
        statuses.append(log_in(attacker, EDITOR_USERNAME, "not-the-password"))
    assert statuses == [200] * (LOGIN_LIMIT - 1) + [429]
    assert log_in(attacker, EDITOR_USERNAME, EDITOR_PASSWORD) == 429

    assert log_in(editor, EDITOR_USERNAME, EDITOR_PASSWORD) == 302, (
        "the editor is locked out by another client's failures"
    )
    assert editor.get("/admin/").status == 200
    for _ in range(2):  # both app servers
        assert log_in(attacker, EDITOR_USERNAME, EDITOR_PASSWORD) == 429


THREADS = 4
LOAD_SECONDS = 5
KILL_AFTER = 2


def test_a_killed_app_server_loses_only_the_requests_in_flight(cluster):
    assert cluster.app_alive(1)
    assert cluster.app_alive(2)
    stop = threading.Event()
    reads: Counter = Counter()
    posts: list[tuple[str, int]] = []
    lock = threading.Lock()
    # Each post from a new address (127.x.y.100 and up), so the rate limit stays out.
    hosts = iter(range(100, 254))

    def load(number: int) -> None:
        reader = cluster.client(f"load-reader-{number}", 40 + number)
        while not stop.is_set():
            status = reader.get(SEED_PATH).status
            with lock:
                reads[status] += 1
                host = next(hosts, None)
            if host is None:
                continue
            text = f"load{uuid.uuid4().hex[:12]}"
            author = cluster.client(f"load-author-{number}", host)
            try:
                status = post(author, f"Under load, {text}.").status
            except AssertionError:
                status = -1  # the form page itself failed
            with lock:
                posts.append((text, status))

    threads = [threading.Thread(target=load, args=(n,)) for n in range(THREADS)]
    try:
        for thread in threads:
            thread.start()
        time.sleep(KILL_AFTER)
        cluster.kill_app(1)
        time.sleep(LOAD_SECONDS - KILL_AFTER)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)

        statuses = Counter(status for _, status in posts)
        assert set(reads) <= {200, 502}, f"reads answered {reads}"
        assert set(statuses) <= {302, 502}, f"posts answered {statuses}"
        failed = reads[502] + statuses[502]
        assert failed <= THREADS, f"{failed} requests failed; only those in flight may"
        assert statuses[302] >= 8, f"too few comments got through: {statuses}"
        page = Client(cluster.url).get(SEED_PATH)
        assert page.status == 200
        for text, status in posts:
            count = page.text.count(text)
            if status == 302:
                assert count == 1, f"a posted comment is on the page {count} times"
            else:
                assert count <= 1, f"a failed post is on the page {count} times"
        # After the kill nginx sends everything to the other app server.
        assert Client(cluster.url).get(SEED_PATH).status == 200
    finally:
        stop.set()
        if not cluster.app_alive(1):
            cluster.restart_app(1)
    assert Client(cluster.app_urls[0]).get("/healthz").status == 200
