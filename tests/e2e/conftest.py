"""End-to-end tests: the site started exactly as `make serve` starts it, driven over HTTP.

One server for the whole session, with its own database and cache: a temporary
SQLite file and cache folder, or, when the test run has DATABASE_URL, a fresh
PostgreSQL database beside the test database (and another Redis database number
when it has REDIS_URL). Data changes go through HTTP or `manage.py` only, never
through pytest-django's test database.
"""

import os
import re
import shlex
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.cluster import cluster, cluster_editor  # noqa: F401 (fixtures)
from tests.e2e.http import Client, find_form
from tests.e2e.pages import SEED_PATH

# test_cluster.py needs a cluster started by `deploy/cluster start` (.ci/run starts one):
# collected only when the test run names it with CLUSTER_URL.
collect_ignore = [] if os.environ.get("CLUSTER_URL") else ["test_cluster.py"]

BASE_DIR = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 60
EDITOR_USERNAME = "e2e-editor"
EDITOR_PASSWORD = "an-e2e-editor-pass-4791"
ACCESS_LOG_MARK = "e2e-access"

# What `make serve` sets itself (with ?=), and what would change moderation or the
# security settings it chooses: none of it is inherited from the test run.
NOT_INHERITED = re.compile(
    r"^(DEBUG|SECURE_.*|SESSION_COOKIE_SECURE|CSRF_COOKIE_SECURE|ALLOWED_HOSTS|COMMENTS_.*"
    r"|SQLITE_PATH|CACHE_DIR|MAKEFLAGS|MFLAGS|MAKELEVEL|PORT|WEB_CONCURRENCY|GUNICORN_ARGS)$"
)
SERVER_SETTINGS = {
    # Tests post one comment after another from one address.
    "COMMENTS_MIN_SUBMIT_SECONDS": "0",
    "COMMENTS_RATE_LIMIT": "10000/m",
    # Every comment of the session is on the first page of the seed article's discussion.
    "COMMENTS_PER_PAGE": "1000",
    # gunicorn reads this beside its command line: an access log naming the worker
    # that answered each request, so tests can tell that both workers took part.
    "GUNICORN_CMD_ARGS": "--access-logfile - --access-logformat "
    + shlex.quote(f'{ACCESS_LOG_MARK} %(p)s %(m)s %(U)s %(s)s "%(a)s"'),
}


@dataclass
class Server:
    url: str
    env: dict[str, str]
    log: Path

    def manage(self, *args: str, **extra_env: str) -> subprocess.CompletedProcess:
        """Run a management command against the server's database and cache, with the
        settings `make serve` exports."""
        env = {**self.env, "DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1,localhost", **extra_env}
        env.setdefault("SECRET_KEY", (BASE_DIR / ".secret-key").read_text().strip())
        result = subprocess.run(
            [str(BASE_DIR / ".venv" / "bin" / "python"), "manage.py", *args],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, (
            f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
        )
        return result

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def workers_that_answered(self, user_agent: str, path: str) -> set[str]:
        """The gunicorn workers (by process id) that answered this client's GETs of path."""
        pattern = re.compile(
            rf'^{ACCESS_LOG_MARK} <(\d+)> GET {re.escape(path)} \d+ "{re.escape(user_agent)}"$',
            re.M,
        )
        return set(pattern.findall(self.output()))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def other_redis_db(url: str, number: int = 2) -> str:
    """The same Redis server, another database: the test run's cache.clear() misses it."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{number}"))


class PostgresDatabase:
    """A fresh database named after the test run's, on the same server and credentials."""

    def __init__(self, url: str) -> None:
        self.parts = urllib.parse.urlsplit(url)
        self.name = self.parts.path.lstrip("/") + "_e2e"
        self.url = urllib.parse.urlunsplit(self.parts._replace(path=f"/{self.name}"))

    def run(self, statement: str) -> None:
        import psycopg
        from psycopg import sql

        maintenance = urllib.parse.urlunsplit(self.parts._replace(path="/postgres"))
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(sql.SQL(statement).format(sql.Identifier(self.name)))

    def create(self) -> str:
        self.run("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        self.run("CREATE DATABASE {}")
        return self.url

    def drop(self) -> None:
        self.run("DROP DATABASE IF EXISTS {} WITH (FORCE)")


def server_environment(workdir: Path) -> tuple[dict[str, str], PostgresDatabase | None]:
    env = {key: value for key, value in os.environ.items() if not NOT_INHERITED.match(key)}
    env.update(SERVER_SETTINGS)
    env["CACHE_DIR"] = str(workdir / "cache")
    postgres = None
    if env.get("DATABASE_URL"):
        postgres = PostgresDatabase(env["DATABASE_URL"])
        env["DATABASE_URL"] = postgres.create()
    else:
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = str(workdir / "db.sqlite3")
    if env.get("REDIS_URL"):
        env["REDIS_URL"] = other_redis_db(env["REDIS_URL"])
    else:
        env.pop("REDIS_URL", None)
    return env, postgres


def wait_until_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"make serve exited with {process.returncode}:\n{log.read_text(errors='replace')}"
            )
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    pytest.fail(
        f"make serve did not answer /healthz within {STARTUP_SECONDS} s:\n"
        f"{log.read_text(errors='replace')}"
    )


def stop(process: subprocess.Popen) -> None:
    """Stop make, gunicorn and its workers: the whole process group."""
    for sig, patience in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=patience)
            # make is gone; let gunicorn's workers finish their graceful exit.
            deadline = time.monotonic() + patience
            while time.monotonic() < deadline:
                os.killpg(process.pid, 0)
                time.sleep(0.1)
        except (subprocess.TimeoutExpired, ProcessLookupError):
            pass


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Server:
    workdir = tmp_path_factory.mktemp("e2e-server")
    env, postgres = server_environment(workdir)
    log = workdir / "server.log"
    port = free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            ["make", "-C", str(BASE_DIR), "serve", f"PORT={port}", "WEB_CONCURRENCY=2"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process, log)
        yield Server(url=url, env=env, log=log)
    finally:
        stop(process)
        if postgres is not None:
            postgres.drop()


@pytest.fixture
def new_client(server):
    """A fresh browser: its own cookie jar."""

    def new_client(name: str = "reader") -> Client:
        return Client(server.url, user_agent=f"snsblog-e2e {name} {uuid.uuid4().hex[:8]}")

    return new_client


@pytest.fixture(scope="session")
def editor(server) -> Client:
    """A superuser created with manage.py, logged in through the admin login form."""
    create_superuser(server)
    client = Client(server.url, user_agent="snsblog-e2e editor")
    page = client.get("/admin/login/")
    assert page.status == 200, page.status
    form = find_form(page.text, id="login-form")
    form["username"] = EDITOR_USERNAME
    form["password"] = EDITOR_PASSWORD
    form["next"] = "/admin/"
    answer = client.post("/admin/login/?next=/admin/", form.data())
    assert answer.status == 302, f"admin login answered {answer.status}:\n{answer.text[:2000]}"
    assert client.get("/admin/").status == 200
    return client


def create_superuser(server: Server) -> None:
    server.manage(
        "createsuperuser",
        "--noinput",
        DJANGO_SUPERUSER_USERNAME=EDITOR_USERNAME,
        DJANGO_SUPERUSER_PASSWORD=EDITOR_PASSWORD,
        DJANGO_SUPERUSER_EMAIL="editor@example.com",
    )


@pytest.fixture(scope="session")
def article_id(server) -> int:
    """The seed article's primary key, from its comment form."""
    page = Client(server.url).get(SEED_PATH)
    assert page.status == 200, page.status
    form = find_form(page.text, action=r"/comments/post/\d+/$")
    return int(re.search(r"/comments/post/(\d+)/$", form.action).group(1))


HTML_VALIDATE = BASE_DIR / "node_modules" / ".bin" / "html-validate"


@pytest.fixture(scope="session")
def html_validate() -> Path:
    """html-validate's command, installed by `make test` (npm ci, pinned in package-lock.json)."""
    if not HTML_VALIDATE.exists():
        reason = f"html-validate is not installed at {HTML_VALIDATE} (make test-tools, which runs npm ci)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must validate the markup")
        pytest.skip(reason)
    return HTML_VALIDATE
