"""importAccountsCsv as a GraphQL multipart request (operations, map, file).

The ecosystem is the one in tests/api/test_mutations_support.py. The file
adds k4 (already Acme's), k7 and k9 (which Globex lists) and one row without
a key, all prospects. Acme's Prospects becomes {k4, k5, k7, k9}, whose
overlap with Globex's Prospects {k1, k2, k4, k9} is {k4, k9}.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session
from starlette.testclient import TestClient

from app.core.settings import get_settings
from tests.api.conftest import GraphQL
from tests.api.test_mutations_support import (
    MIN_COMPARISON_SIZE,
    Tokens,
    account_ids,
    build_acme_and_globex,
    dump_tables,
    matrix_cells,
    partner_id,
    partner_numbers,
)

IMPORT = """mutation($file: Upload!, $source: String, $separator: String) {
  importAccountsCsv(file: $file, source: $source, decimalSeparator: $separator) {
    errors { code field message }
    result {
      dataSource { name kind }
      inserted updated deleted unchanged accountsWithoutKey warnings
    }
  }
}"""

LEADS = """id,company,website,industry
l1,Acme's view of K4,https://k4.com,Retail
l2,Seven,www.k7.com,
l3,Nine,k9.com/about,
l4,Nobody,n/a,
"""


@pytest.fixture
def tokens(session: Session, monkeypatch: pytest.MonkeyPatch) -> Tokens:
    monkeypatch.setenv("PARTNERGRAPH_MIN_COMPARISON_SIZE", MIN_COMPARISON_SIZE)
    get_settings.cache_clear()
    return build_acme_and_globex(session)


def upload(
    client: TestClient, token: str, path: Path, **variables: Any
) -> dict[str, Any]:
    """Post IMPORT with the file at `path` as a multipart request."""
    operations = {"query": IMPORT, "variables": {"file": None, **variables}}
    with path.open("rb") as handle:
        response = client.post(
            "/graphql",
            headers={"Authorization": f"Bearer {token}"},
            data={
                "operations": json.dumps(operations),
                "map": json.dumps({"0": ["variables.file"]}),
            },
            files={"0": (path.name, handle, "text/csv")},
        )
    assert response.status_code == 200, response.text
    return response.json()


def _write(tmp_path: Path, text: str, name: str = "leads.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_upload_imports_accounts(
    client: TestClient, graphql: GraphQL, tokens: Tokens, tmp_path: Path
) -> None:
    partner = partner_id(graphql, tokens.admin)

    body = upload(client, tokens.admin, _write(tmp_path, LEADS))

    assert body["data"]["importAccountsCsv"] == {
        "errors": [],
        "result": {
            "dataSource": {"name": "leads", "kind": "CSV"},
            "inserted": 4,
            "updated": 0,
            "deleted": 0,
            "unchanged": 0,
            "accountsWithoutKey": 1,
            "warnings": [],
        },
    }
    assert matrix_cells(graphql, tokens.admin, partner) == {
        "Open Opportunities / Prospects": 2,
        "Prospects / Prospects": 2,
    }
    assert partner_numbers(graphql, tokens.admin)["totalOverlaps"] == 4


def test_upload_again_changes_nothing(
    client: TestClient, tokens: Tokens, engine: Engine, tmp_path: Path
) -> None:
    path = _write(tmp_path, LEADS)
    upload(client, tokens.admin, path)
    before = dump_tables(engine)

    body = upload(client, tokens.admin, path)

    result = body["data"]["importAccountsCsv"]["result"]
    assert (result["inserted"], result["unchanged"]) == (0, 4)
    assert dump_tables(engine) == before


def test_upload_update_removes_missing_rows(
    client: TestClient, graphql: GraphQL, tokens: Tokens, tmp_path: Path
) -> None:
    upload(client, tokens.admin, _write(tmp_path, LEADS))
    shorter = (
        "id,company,website\nl1,Acme's view of K4,https://k4.com\nl2,Seven,k7.org\n"
    )

    body = upload(client, tokens.admin, _write(tmp_path, shorter))

    result = body["data"]["importAccountsCsv"]["result"]
    assert result["deleted"] == 2
    assert result["updated"] == 2
    assert partner_numbers(graphql, tokens.admin)["totalOverlaps"] == 3


def test_upload_source_name_argument(
    client: TestClient, tokens: Tokens, tmp_path: Path
) -> None:
    body = upload(client, tokens.admin, _write(tmp_path, LEADS), source="Trade show")

    result = body["data"]["importAccountsCsv"]["result"]
    assert result["dataSource"] == {"name": "Trade show", "kind": "CSV"}


def test_upload_rejects_duplicate_ids(
    client: TestClient, graphql: GraphQL, tokens: Tokens, engine: Engine, tmp_path: Path
) -> None:
    partner_id(graphql, tokens.admin)  # records the token's use before the dump
    before = dump_tables(engine)
    text = LEADS + "l2,Seven again,k77.com,\n"

    body = upload(client, tokens.admin, _write(tmp_path, text))

    payload = body["data"]["importAccountsCsv"]
    assert payload["result"] is None
    assert [error["code"] for error in payload["errors"]] == ["BAD_USER_INPUT"]
    assert [error["field"] for error in payload["errors"]] == ["file"]
    assert "l2" in payload["errors"][0]["message"]
    assert dump_tables(engine) == before


def test_upload_rejects_separator(
    client: TestClient, tokens: Tokens, tmp_path: Path
) -> None:
    body = upload(client, tokens.admin, _write(tmp_path, LEADS), separator="x")

    [error] = body["data"]["importAccountsCsv"]["errors"]
    assert (error["code"], error["field"]) == ("BAD_USER_INPUT", "decimalSeparator")


def test_upload_keeps_formulas_as_text(
    client: TestClient, graphql: GraphQL, tokens: Tokens, tmp_path: Path
) -> None:
    text = 'id,company,website,note\nl1,"=HYPERLINK(""x"")",k7.com,+1-2\n'

    upload(client, tokens.admin, _write(tmp_path, text))

    account = account_ids(graphql, tokens.admin)["l1"]
    query = """query($id: ID!) { node(id: $id) {
      ... on Account { name customFields { field value } } } }"""
    body = graphql(query, tokens.admin, id=account)

    assert body["data"]["node"] == {
        "name": '=HYPERLINK("x")',
        "customFields": [{"field": "custom.note", "value": "+1-2"}],
    }
