"""schema.graphql is generated from the code and must not drift."""

from __future__ import annotations

from pathlib import Path

from app.api.schema import build_schema, export_sdl

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"


def test_schema_file_matches_code() -> None:
    build_schema.cache_clear()

    committed = SCHEMA_FILE.read_text(encoding="utf-8")

    assert committed == export_sdl(), (
        "schema.graphql is out of date; run `partnergraph export-schema`"
    )
