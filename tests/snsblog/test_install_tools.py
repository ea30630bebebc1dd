""".ci/install-tools, the one script `make test` (through make test-tools), .ci/run and
deploy/cluster call for the system tools, run against a PATH of stubs (conftest.py):
nothing is installed for real, and no container is needed."""

import shutil

from django.conf import settings

SUITE = "install -y -qq chromium npm"
EVERYTHING = "install -y -qq chromium npm nginx postgresql redis-server"


def test_first_run_installs_what_is_missing_and_the_second_does_nothing(machine):
    first = machine.run("suite", "cluster")
    assert first.returncode == 0, first.stderr
    assert machine.apt_calls() == ["update -qq", EVERYTHING]
    assert first.stderr == (
        "install-tools: installing chromium npm nginx postgresql redis-server (apt-get)\n"
    )

    second = machine.run("suite", "cluster")
    assert second.returncode == 0, second.stderr
    assert machine.apt_calls() == ["update -qq", EVERYTHING]
    assert second.stderr == ""


def test_the_suite_is_the_default_and_only_missing_tools_are_installed(machine):
    machine.have("npm")
    assert machine.run().returncode == 0
    assert machine.apt_calls() == ["update -qq", "install -y -qq chromium"]

    machine.have("nginx", "initdb")  # PostgreSQL built from source: initdb on PATH
    assert machine.run("cluster").returncode == 0
    assert machine.apt_calls()[2:] == ["update -qq", "install -y -qq redis-server"]


def test_without_root_one_line_says_what_to_run_and_the_suite_goes_on(machine):
    machine.uid = 1000
    result = machine.run("suite")
    assert result.returncode == 0
    assert machine.apt_calls() == []
    assert result.stderr == (
        "install-tools: missing chromium npm: run as root: .ci/install-tools suite"
        " (apt-get install chromium npm); until then the browser tests (tests/browser/)"
        " skip, and the accessibility and markup tests (axe-core, html-validate) skip\n"
    )

    machine.have("chromium")
    assert machine.run("suite").stderr == (
        "install-tools: missing npm: run as root: .ci/install-tools suite"
        " (apt-get install npm); until then the accessibility and markup tests"
        " (axe-core, html-validate) skip\n"
    )


def test_without_apt_get_one_line_says_what_to_install(machine):
    machine.lose("apt-get")
    result = machine.run("suite")
    assert result.returncode == 0
    assert result.stderr == (
        "install-tools: missing chromium npm: install chromium npm with this system's"
        " package manager (no apt-get here); until then the browser tests (tests/browser/)"
        " skip, and the accessibility and markup tests (axe-core, html-validate) skip\n"
    )


def test_under_ci_a_missing_tool_fails(machine):
    machine.uid = 1000
    machine.env["CI"] = "true"
    result = machine.run("suite")
    assert result.returncode == 1
    assert machine.apt_calls() == []
    assert result.stderr.startswith(
        "install-tools: missing chromium npm, which CI needs: run as root"
    )
    assert result.stderr.count("\n") == 1


def test_the_cluster_cannot_start_without_its_tools(machine):
    machine.uid = 1000
    machine.have("chromium", "npm")
    result = machine.run("suite", "cluster")
    assert result.returncode == 1
    assert "missing nginx postgresql redis-server, which deploy/cluster needs" in result.stderr


def test_a_package_that_leaves_its_command_missing_fails(machine):
    machine.have("chromium")
    # An apt-get that succeeds but installs nothing.
    (machine.bin / "apt-get").write_text(f'#!{shutil.which("bash")}\necho "$*" >>"$APT_LOG"\n')
    result = machine.run("suite")
    assert result.returncode == 1
    assert machine.apt_calls() == ["update -qq", "install -y -qq npm"]
    assert "apt-get installed npm, but its command is not on PATH" in result.stderr


def test_an_unknown_layer_is_refused(machine):
    result = machine.run("suite", "browsers")
    assert result.returncode == 2
    assert machine.apt_calls() == []
    assert "unknown layer 'browsers' (suite or cluster)" in result.stderr


def test_make_test_tools_says_what_it_leaves_out_and_lets_the_suite_run(machine, tmp_path):
    # A fresh checkout of what make test-tools reads: no node_modules/ yet.
    machine.checkout = tmp_path / "checkout"
    for name in ("Makefile", ".ci/install-tools", "package.json", "package-lock.json"):
        (machine.checkout / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(settings.BASE_DIR / name, machine.checkout / name)
    machine.uid = 1000
    machine.have("chromium")
    (machine.bin / "make").symlink_to(shutil.which("make"))
    result = machine.run("--no-print-directory", "test-tools", program="make")
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("install-tools: missing npm: run as root")
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""  # npm ci is not attempted without npm

    machine.env["CI"] = "true"
    assert machine.run("test-tools", program="make").returncode != 0


def test_when_apt_get_fails_the_suite_goes_on_and_ci_fails(machine):
    # An apt-get with no network: every call fails.
    (machine.bin / "apt-get").write_text(
        f'#!{shutil.which("bash")}\necho "$*" >>"$APT_LOG"\nexit 100\n'
    )
    result = machine.run("suite")
    assert result.returncode == 0
    assert machine.apt_calls() == ["update -qq"]
    assert result.stderr.splitlines() == [
        "install-tools: installing chromium npm (apt-get)",
        "install-tools: missing chromium npm: apt-get failed (above); install chromium npm by"
        " hand; until then the browser tests (tests/browser/) skip, and the accessibility and"
        " markup tests (axe-core, html-validate) skip",
    ]

    machine.env["CI"] = "true"
    assert machine.run("suite").returncode == 1
