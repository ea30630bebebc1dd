"""A consistent copy of the SQLite database, taken while the site runs.

    python manage.py backup backups/snsblog-2026-11-27.sqlite3

SQLite's online backup API copies the pages under a read transaction, so writers
keep working and the copy is a snapshot. For PostgreSQL use pg_dump instead
(docs/operations.md).
"""

import sqlite3
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone


class Command(BaseCommand):
    help = "Copy the SQLite database to a file, safely while the site runs."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "destination",
            nargs="?",
            help="File to write (default: backups/snsblog-<time>.sqlite3).",
        )

    def handle(self, *args, destination: str | None, **options) -> None:
        if connection.vendor != "sqlite":
            raise CommandError(
                "backup copies SQLite databases; for PostgreSQL run pg_dump "
                '(for example: pg_dump --format=custom "$DATABASE_URL" > snsblog.dump).'
            )
        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        target = Path(destination or f"backups/snsblog-{stamp}.sqlite3")
        if target.exists():
            raise CommandError(f"{target} exists; choose another file.")
        target.parent.mkdir(parents=True, exist_ok=True)
        # A connection of its own: it reads committed data only, whatever else this
        # process is doing, and writers go on while the pages are copied.
        source = sqlite3.connect(connection.settings_dict["NAME"])
        copy = sqlite3.connect(target)
        try:
            source.backup(copy, pages=1024)
        finally:
            copy.close()
            source.close()
        self.stdout.write(f"Backed up the database to {target} ({target.stat().st_size:,} bytes).")
