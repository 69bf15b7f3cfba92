"""Two processes on one database see each other's writes at once.

Each process keeps its own ecosystem cache, refreshed from version stamps.
The ecosystem is the one in tests/api/test_mutations_support.py: Acme sees 3
overlaps with Globex, and its cell influence needs Acme's paid plan.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session

from app.core.settings import get_settings
from tests.api.conftest import GraphQL
from tests.api.test_mutations_support import (
    MIN_COMPARISON_SIZE,
    Tokens,
    build_acme_and_globex,
    partner_id,
    partner_numbers,
    population_ids,
)
from tests.helpers import run_cli

REPOSITORY = Path(__file__).resolve().parents[2]

# A second API process: it reads one JSON request per line from stdin, posts
# it to its own app with the token in argv[1] and prints the JSON response.
READER = """
import json
import sys

from starlette.testclient import TestClient

from app.server import create_app

headers = {"Authorization": f"Bearer {sys.argv[1]}"}
with TestClient(create_app()) as client:
    for line in sys.stdin:
        response = client.post("/graphql", json=json.loads(line), headers=headers)
        print(json.dumps(response.json()), flush=True)
"""

TOTAL_OVERLAPS = "{ partners { nodes { totalOverlaps } } }"

CELL_INFLUENCE = """query($id: ID!) { partner(id: $id) { matrix { cells {
  potentialInfluence { available unavailableReasons }
} } } }"""

HIDE = """mutation($p: ID!) {
  setSharing(populationId: $p, level: HIDDEN) { errors { code } }
}"""


class Reader:
    """A running second process that runs queries with one token."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process

    def query(self, query: str, **variables: Any) -> dict[str, Any]:
        request = json.dumps({"query": query, "variables": variables})
        self.process.stdin.write(request + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, "the second process exited; see its stderr file"
        return json.loads(line)


@pytest.fixture
def tokens(session: Session, monkeypatch: pytest.MonkeyPatch) -> Tokens:
    monkeypatch.setenv("PARTNERGRAPH_MIN_COMPARISON_SIZE", MIN_COMPARISON_SIZE)
    get_settings.cache_clear()
    return build_acme_and_globex(session)


@pytest.fixture
def reader(tokens: Tokens, tmp_path: Path) -> Iterator[Reader]:
    """Start the second process for Acme's admin; DATABASE_URL is inherited."""
    with (tmp_path / "reader-stderr.txt").open("w") as errors:
        process = subprocess.Popen(
            [sys.executable, "-c", READER, tokens.admin],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            cwd=REPOSITORY,
        )
        yield Reader(process)
        process.stdin.close()
        process.wait(timeout=60)


def _cell_reasons(body: dict[str, Any]) -> list[list[str]]:
    assert "errors" not in body, body
    cells = body["data"]["partner"]["matrix"]["cells"]
    return [cell["potentialInfluence"]["unavailableReasons"] for cell in cells]


def test_second_process_sees_mutation(
    graphql: GraphQL, tokens: Tokens, reader: Reader
) -> None:
    warm = reader.query(TOTAL_OVERLAPS)
    prospects = population_ids(graphql, tokens.admin)["Prospects"]

    hidden = graphql(HIDE, tokens.admin, p=prospects)
    seen = reader.query(TOTAL_OVERLAPS)

    assert hidden["data"]["setSharing"]["errors"] == []
    assert warm["data"]["partners"]["nodes"] == [{"totalOverlaps": 3}]
    # Acme's Prospects row {k4, k5} is gone; k1 and k2 remain.
    assert seen["data"]["partners"]["nodes"] == [{"totalOverlaps": 2}]


def test_plan_change_by_cli_is_seen(graphql: GraphQL, tokens: Tokens) -> None:
    partner = partner_id(graphql, tokens.admin)
    paid = graphql(CELL_INFLUENCE, tokens.admin, id=partner)

    downgraded = run_cli("org", "set-plan", "acme", "free")
    free = graphql(CELL_INFLUENCE, tokens.admin, id=partner)
    upgraded = run_cli("org", "set-plan", "acme", "supernode")
    paid_again = graphql(CELL_INFLUENCE, tokens.admin, id=partner)

    assert downgraded.returncode == 0, downgraded.stderr
    assert upgraded.returncode == 0, upgraded.stderr
    assert _cell_reasons(paid) == [[], []]
    assert _cell_reasons(free) == [["PLAN_REQUIRED"], ["PLAN_REQUIRED"]]
    assert _cell_reasons(paid_again) == [[], []]


def test_cli_import_is_seen(graphql: GraphQL, tokens: Tokens, tmp_path: Path) -> None:
    before = partner_numbers(graphql, tokens.admin)["totalOverlaps"]
    path = tmp_path / "more.csv"
    path.write_text("id,name,website\nm1,Nine,k9.com\n", encoding="utf-8")

    imported = run_cli("import", "csv", "--org", "acme", "--accounts", str(path))
    after = partner_numbers(graphql, tokens.admin)["totalOverlaps"]

    assert imported.returncode == 0, imported.stderr
    assert before == 3
    # k9 joins Acme's Prospects, and Globex lists k9.
    assert after == 4
