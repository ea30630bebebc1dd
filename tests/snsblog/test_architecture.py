"""The import directions of docs/architecture.md hold: lint-imports checks the
contracts in pyproject.toml ([tool.importlinter]) and exits 0 when all are kept."""

import subprocess
import sys
from pathlib import Path

from django.conf import settings


def test_every_import_contract_is_kept():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
