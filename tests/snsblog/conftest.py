import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

# A stub apt-get: records each call; `install` puts each package's command on PATH, as
# the real packages do (Debian's postgresql puts pg_ctlcluster there, not initdb).
APT_GET = """#!{bash}
echo "$*" >>"$APT_LOG"
[ "$1" = install ] || exit 0
for package in "$@"; do
  case $package in
    install | -*) ;;
    postgresql) printf '#!/bin/sh\\n' >"$STUB_BIN/pg_ctlcluster" ;;
    *) printf '#!/bin/sh\\n' >"$STUB_BIN/$package" ;;
  esac
done
{chmod} +x "$STUB_BIN"/*
"""


@dataclass
class Machine:
    """A PATH of stubs for .ci/install-tools: only bash, `id` (answering `uid`) and,
    unless taken away, an apt-get that records its calls. Nothing real is installed."""

    bin: Path
    log: Path
    uid: int = 0
    env: dict[str, str] = field(default_factory=dict)
    checkout: Path = settings.BASE_DIR

    def have(self, *commands: str) -> None:
        for command in commands:
            stub = self.bin / command
            stub.write_text("#!/bin/sh\n")
            stub.chmod(0o755)

    def lose(self, command: str) -> None:
        (self.bin / command).unlink()

    def run(self, *args: str, program: str = ".ci/install-tools") -> subprocess.CompletedProcess:
        """Run the script (or, with make on the stubs' PATH, `make`) as make calls it."""
        command = [program]
        environment = {
            "PATH": str(self.bin),
            "HOME": str(self.bin.parent),
            "APT_LOG": str(self.log),
            "STUB_BIN": str(self.bin),
            **self.env,
        }
        (self.bin / "id").write_text(f"#!{shutil.which('bash')}\necho {self.uid}\n")
        return subprocess.run(
            [*command, *args],
            cwd=self.checkout,
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
        )

    def apt_calls(self) -> list[str]:
        return self.log.read_text().splitlines() if self.log.exists() else []


@pytest.fixture
def machine(tmp_path) -> Machine:
    """A machine with none of the tools, as root, with apt-get."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    os.symlink(shutil.which("bash"), bin_dir / "bash")
    apt_get = bin_dir / "apt-get"
    apt_get.write_text(APT_GET.format(bash=shutil.which("bash"), chmod=shutil.which("chmod")))
    apt_get.chmod(0o755)
    (bin_dir / "id").write_text("")
    (bin_dir / "id").chmod(0o755)
    return Machine(bin=bin_dir, log=tmp_path / "apt.log")
