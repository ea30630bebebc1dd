"""The ports .ci/run starts its services on (.ci/free-port) and the check deploy/cluster
makes before starting anything: a port counts as taken whenever a server could not
listen on it, including when a connection holds it as its local end, which refuses no
connection but makes PostgreSQL's bind fail ("Address already in use")."""

import re
import socket
import subprocess
from collections.abc import Iterator

import pytest
from django.conf import settings

FREE_PORT = settings.BASE_DIR / ".ci" / "free-port"


def free_port(first: int, count: int = 1) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(FREE_PORT), str(first), str(count)], capture_output=True, text=True, timeout=30
    )


def cluster_says_taken(port: int) -> bool:
    """deploy/cluster's own port_taken, run as the script defines it."""
    script = (settings.BASE_DIR / "deploy" / "cluster").read_text()
    definition = re.search(r"^port_taken\(\) .*$", script, re.MULTILINE).group(0)
    result = subprocess.run(
        ["bash", "-c", f'ROOT="{settings.BASE_DIR}"\n{definition}\nport_taken {port}'],
        timeout=30,
    )
    return result.returncode == 0


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield server


@pytest.fixture
def connection_end(listener: socket.socket) -> Iterator[int]:
    """A port held only as the local end of an open connection: nothing listens there."""
    with socket.socket() as client:
        client.bind(("127.0.0.1", 0))
        client.connect(listener.getsockname())
        accepted, _ = listener.accept()
        with accepted:
            yield client.getsockname()[1]


def test_a_port_nothing_holds_is_itself(listener: socket.socket):
    port = listener.getsockname()[1]
    listener.close()
    assert free_port(port).stdout == f"{port}\n"
    assert not cluster_says_taken(port)


def test_a_port_something_listens_on_is_passed_over(listener: socket.socket):
    port = listener.getsockname()[1]
    assert int(free_port(port).stdout) > port
    assert cluster_says_taken(port)


def test_a_port_held_by_a_connection_is_passed_over(connection_end: int):
    with pytest.raises(ConnectionRefusedError):  # nothing answers there ...
        socket.create_connection(("127.0.0.1", connection_end), timeout=5).close()
    assert int(free_port(connection_end).stdout) > connection_end  # ... yet it is taken
    assert cluster_says_taken(connection_end)


def test_consecutive_ports_are_found_past_a_taken_one(listener: socket.socket):
    taken = listener.getsockname()[1]
    first = int(free_port(taken - 1, 3).stdout)
    assert first > taken
    assert free_port(first, 3).stdout == f"{first}\n"


def test_no_free_port_is_said_and_fails():
    result = free_port(65535, 2)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "no 2 free port(s) from 65535" in result.stderr
