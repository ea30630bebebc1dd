# Stored search vectors on PostgreSQL (articles/search.py); nothing on SQLite, whose
# FTS5 tables (0009) serve the same purpose.
#
# 0004 and 0009 indexed the expressions to_tsvector('simple'|'english', search_text):
# the index finds the rows, but every other use of the vector (a second query term,
# the recheck of a lossy bitmap) parses the whole text again, and the planner has no
# statistics on the expressions. Here each vector is a generated column, kept by
# PostgreSQL whenever search_text changes, with its own GIN index; the expression
# indexes go. A trigram index on search_text serves substring matches of Japanese,
# Chinese and Korean terms (three characters or more) instead of a full scan.
# pg_trgm ships with PostgreSQL and is a trusted extension: a database owner may
# create it. It takes characters as letters by the database's LC_CTYPE: under a UTF-8
# one (C.UTF-8, en_US.UTF-8, ja_JP.UTF-8...) Japanese text has trigrams; under plain C
# it has none, and such terms are found by reading the articles instead (the same
# results, more slowly).
#
# The columns are not fields of the Article model: only search.py's SQL reads them,
# and PostgreSQL fills them in. Reversing drops them and restores the expression
# indexes; no data is lost either way (the vectors derive from search_text).

from django.db import migrations

TABLE = "articles_article"
FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"""ALTER TABLE {TABLE}
        ADD COLUMN search_english tsvector
            GENERATED ALWAYS AS (to_tsvector('english'::regconfig, search_text)) STORED,
        ADD COLUMN search_simple tsvector
            GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED""",
    f"CREATE INDEX article_search_english_gin ON {TABLE} USING gin (search_english)",
    f"CREATE INDEX article_search_simple_gin ON {TABLE} USING gin (search_simple)",
    f"CREATE INDEX article_search_trgm_gin ON {TABLE} USING gin (search_text gin_trgm_ops)",
    "DROP INDEX IF EXISTS article_search_gin",
    "DROP INDEX IF EXISTS article_search_en_gin",
    f"ANALYZE {TABLE}",
]
# The extension stays: other objects may use it, and it holds no data.
BACKWARD = [
    f"""CREATE INDEX IF NOT EXISTS article_search_gin ON {TABLE}
        USING gin (to_tsvector('simple'::regconfig, COALESCE(search_text, '')))""",
    f"""CREATE INDEX IF NOT EXISTS article_search_en_gin ON {TABLE}
        USING gin (to_tsvector('english'::regconfig, COALESCE(search_text, '')))""",
    "DROP INDEX IF EXISTS article_search_trgm_gin",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_english, DROP COLUMN IF EXISTS search_simple",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_search_indexes"),
    ]

    operations = [
        migrations.RunPython(run(FORWARD), run(BACKWARD)),
    ]
