"""Fixtures for tests/e2e/test_cluster.py: a cluster started by `deploy/cluster start`.

The tests run against a cluster that is already up; the test run names it with
CLUSTER_URL (nginx) and CLUSTER_STATE (its state folder: ports, environment, pid files).
tests/e2e/conftest.py collects test_cluster.py only when CLUSTER_URL is set.
"""

import os
import random
import signal
import subprocess
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.e2e.http import Client, find_form

BASE_DIR = Path(__file__).resolve().parents[2]
EDITOR_USERNAME = "cluster-editor"
EDITOR_PASSWORD = "a-cluster-editor-pass-5183"

# What the tests need of the cluster's settings (deploy/cluster passes COMMENTS_* on).
# (test_cluster.py's rate limit test also needs COMMENTS_RATE_LIMIT=3/m.)
REQUIRED_SETTINGS = {
    "COMMENTS_MIN_SUBMIT_SECONDS": "0",
    "COMMENTS_MODERATION": "none",
    "COMMENTS_PER_PAGE": "1000",
}


def read_key_values(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text().splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            values[key] = value.strip("'\"")
    return values


@dataclass
class Cluster:
    url: str
    state: Path
    env: dict[str, str]
    ports: dict[str, str]
    # Each session's client addresses are its own (127.<random>.<random>.x): lockouts
    # and rate limits left by an earlier run against the same cluster do not count.
    network: str = field(
        default_factory=lambda: f"127.{random.randint(10, 250)}.{random.randint(0, 255)}"
    )

    @property
    def app_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.ports["CLUSTER_APP_PORTS"].split()]

    def address(self, host: int) -> str:
        """A client machine's address, 2 to 254."""
        return f"{self.network}.{host}"

    def client(self, name: str, host: int, url: str | None = None, **options) -> Client:
        return Client(
            url or self.url,
            user_agent=f"snsblog-cluster {name} {uuid.uuid4().hex[:8]}",
            source_address=self.address(host),
            **options,
        )

    def manage(
        self, *args: str, allowed_error: str = "", **extra_env: str
    ) -> subprocess.CompletedProcess:
        """A management command with the app servers' environment; it must succeed, or
        fail with allowed_error (e.g. a user created by an earlier run)."""
        env = {**os.environ, **self.env, **extra_env}
        result = subprocess.run(
            [str(BASE_DIR / ".venv" / "bin" / "python"), "manage.py", *args],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        allowed = allowed_error and allowed_error in result.stderr
        assert result.returncode == 0 or allowed, (
            f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
        )
        return result

    def app_pid(self, number: int) -> int:
        return int((self.state / f"app-{number}.pid").read_text().split()[0])

    def kill_app(self, number: int) -> None:
        """SIGKILL for the app server's master and workers at once (one process group,
        as deploy/cluster starts them): the machine is gone."""
        os.killpg(self.app_pid(number), signal.SIGKILL)

    def app_alive(self, number: int) -> bool:
        try:
            os.killpg(self.app_pid(number), 0)
        except (ProcessLookupError, FileNotFoundError, ValueError):
            return False
        return True

    def restart_app(self, number: int) -> None:
        result = subprocess.run(
            [str(BASE_DIR / "deploy" / "cluster"), "restart-app", str(number)],
            env={**os.environ, "CLUSTER_STATE": str(self.state)},
            capture_output=True,
            text=True,
            timeout=90,
        )
        assert result.returncode == 0, f"restart-app failed:\n{result.stdout}\n{result.stderr}"


@pytest.fixture(scope="session")
def cluster() -> Cluster:
    url = os.environ["CLUSTER_URL"].rstrip("/")
    state = Path(os.environ.get("CLUSTER_STATE") or BASE_DIR / ".cluster")
    assert (state / "env").is_file(), f"no cluster state in {state} (set CLUSTER_STATE)"
    env = read_key_values(state / "env")
    wrong = {k: env.get(k) for k, v in REQUIRED_SETTINGS.items() if env.get(k) != v}
    assert not wrong, (
        f"start the cluster with {REQUIRED_SETTINGS} in its environment; it has {wrong}"
    )
    cluster = Cluster(url=url, state=state, env=env, ports=read_key_values(state / "cluster.conf"))
    # No lockouts left from an earlier run against this cluster.
    cluster.manage("axes_reset")
    return cluster


def log_in(client: Client, username: str, password: str) -> int:
    """The admin login form as a browser submits it; the status of the answer."""
    page = client.get("/admin/login/")
    assert page.status == 200, f"the login page answered {page.status}"
    form = find_form(page.text, id="login-form")
    form["username"] = username
    form["password"] = password
    form["next"] = "/admin/"
    return client.post("/admin/login/?next=/admin/", form.data()).status


@pytest.fixture(scope="session")
def cluster_editor(cluster) -> Client:
    """A superuser created with manage.py (once per cluster), logged in through nginx."""
    cluster.manage(
        "createsuperuser",
        "--noinput",
        DJANGO_SUPERUSER_USERNAME=EDITOR_USERNAME,
        DJANGO_SUPERUSER_PASSWORD=EDITOR_PASSWORD,
        DJANGO_SUPERUSER_EMAIL="cluster-editor@example.com",
        allowed_error="That username is already taken",
    )
    editor = cluster.client("editor", 254)
    status = log_in(editor, EDITOR_USERNAME, EDITOR_PASSWORD)
    assert status == 302, f"the editor's login answered {status}"
    return editor
