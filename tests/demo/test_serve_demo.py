"""`partnergraph serve --demo` as a real process on a free local port."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlmodel import Session, select

from app.api.ids import IdType, decode_id_of
from app.storage.models import Organization
from tests.api.test_reference_numbers import CELLS, PAGE, served_metric
from tests.helpers import make_organization, run_cli
from tests.metrics.reference import expected_partner, read_world

STARTUP_TIMEOUT = 60.0
HEADER_LINE = re.compile(r"^(\S+) \((.+), ([A-Z]+)\): (\{.+\})$", re.MULTILINE)

PARTNERS = """
{ partners(filter: {status: [ACTIVE, PENDING]}, orderBy: {field: NAME, direction: ASC})
  { nodes { id name status totalOverlaps
            potentialInfluence { available unavailableReasons } } } }
"""
MATRIX = """
query ($id: ID!) { partner(id: $id) { matrix { cells {
  population { name } partnerPopulation { name } overlapCount
  potentialInfluence { available unavailableReasons } } } } }
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def _server(database: Path, data_dir: Path, output: Path) -> Iterator[str]:
    """Run `serve --demo` until the block ends; yield its base URL."""
    port = _free_port()
    environment = dict(os.environ)
    environment["DATABASE_URL"] = f"sqlite:///{database}"
    environment["PARTNERGRAPH_DATA_DIR"] = str(data_dir)
    command = [sys.executable, "-m", "app.cli", "serve", "--demo"]
    command += ["--port", str(port), "--host", "127.0.0.1"]
    with output.open("w") as log:
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, env=environment
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(process, base, output)
        yield base
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert process.returncode == 0, output.read_text()


def _wait_until_healthy(process: subprocess.Popen, base: str, output: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server exited early:\n{output.read_text()}")
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"server not healthy after {STARTUP_TIMEOUT} s:\n{output.read_text()}")


def _headers(output: Path) -> dict[str, dict[str, str]]:
    """Return the JSON header printed for each organization, by slug."""
    return {
        slug: json.loads(header)
        for slug, _, _, header in HEADER_LINE.findall(output.read_text())
    }


def _query(base: str, headers: dict[str, str], query: str, **variables) -> dict:
    response = httpx.post(
        f"{base}/graphql",
        json={"query": query, "variables": variables},
        headers=headers,
        timeout=30,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


@pytest.mark.slow
def test_serve_demo_answers_queries(tmp_path: Path, data_dir: Path) -> None:
    database = tmp_path / "demo.db"
    output = tmp_path / "serve.log"

    with _server(database, data_dir, output) as base:
        headers = _headers(output)
        partners = _query(base, headers["devorg"], PARTNERS)["partners"]["nodes"]
        fortune = next(p for p in partners if p["name"] == "Fortune 1000 list of 2021")
        cells = _query(base, headers["devorg"], MATRIX, id=fortune["id"])

    text = output.read_text()
    assert f"GraphiQL: {base}/graphql" in text
    assert "loaded the demo from real data files" in text
    assert sorted(headers) == ["devorg", "fortune1000", "generated-crm", "wikipedia"]
    assert [(p["name"], p["status"], p["totalOverlaps"]) for p in partners] == [
        ("Fortune 1000 list of 2021", "ACTIVE", 24),
        ("Generated CRM on Fortune 1000 websites", "ACTIVE", 12),
        ("Wikipedia companies (CC BY 3.0)", "ACTIVE", 18),
        (None, "PENDING", None),
    ]
    assert partners[3]["potentialInfluence"]["unavailableReasons"] == [
        "PARTNERSHIP_NOT_ACTIVE"
    ]
    by_cell = {
        (c["population"]["name"], c["partnerPopulation"]["name"]): c
        for c in cells["partner"]["matrix"]["cells"]
    }
    assert by_cell["Customers", "Prospects"]["overlapCount"] == 24
    assert by_cell["Customers", "Prospects"]["potentialInfluence"]["available"]
    assert by_cell["Customers", "Fortune 100"]["potentialInfluence"] == {
        "available": False,
        "unavailableReasons": ["PARTNER_SHARES_COUNTS_ONLY"],
    }


@pytest.mark.slow
def test_serve_demo_reuses_loaded_demo(tmp_path: Path, data_dir: Path) -> None:
    database = tmp_path / "demo.db"
    first_output = tmp_path / "first.log"
    second_output = tmp_path / "second.log"
    with _server(database, data_dir, first_output):
        first = _headers(first_output)

    with _server(database, data_dir, second_output) as base:
        second = _headers(second_output)
        viewer = _query(
            base, second["wikipedia"], "{ viewer { organization { name } } }"
        )

    assert "the demo is already in the database" in second_output.read_text()
    assert "loaded the demo" not in second_output.read_text()
    assert sorted(second) == sorted(first)
    assert second["devorg"] != first["devorg"]
    assert viewer["viewer"]["organization"]["name"] == "Wikipedia companies (CC BY 3.0)"


def test_serve_demo_rejects_other_data(session: Session) -> None:
    make_organization(session, "acme")

    result = run_cli("serve", "--demo", "--port", str(_free_port()))

    assert result.returncode == 1
    assert result.stderr == (
        "error: the database contains organizations that are not part of the demo; "
        "point DATABASE_URL at an empty database to run the demo\n"
    )
    session.expire_all()
    assert session.exec(select(Organization.slug)).all() == ["acme"]


@pytest.mark.slow
def test_served_demo_matches_reference(tmp_path: Path, data_dir: Path) -> None:
    database = tmp_path / "demo.db"
    output = tmp_path / "serve.log"

    served = {}
    with _server(database, data_dir, output) as base:
        for slug, headers in _headers(output).items():
            page = _query(base, headers, PAGE)["partners"]["edges"]
            served[slug] = [
                (
                    edge["node"],
                    _query(base, headers, CELLS, id=edge["node"]["id"])["partner"],
                )
                for edge in page
            ]
    engine = create_engine(f"sqlite:///{database}")
    with engine.connect() as connection:
        world = read_world(connection)
        slugs = dict(
            connection.execute(text("SELECT slug, id FROM organization")).all()
        )
    engine.dispose()

    compared = 0
    for slug, partners in served.items():
        for node, partner in partners:
            partnership_id = decode_id_of(node["id"], IdType.PARTNER)
            expected = expected_partner(world, slugs[slug], partnership_id, 5)
            cells = {
                (
                    decode_id_of(cell["population"]["id"], IdType.POPULATION),
                    decode_id_of(
                        cell["partnerPopulation"]["id"], IdType.PARTNER_POPULATION
                    ),
                ): (cell["overlapCount"], served_metric(cell["potentialInfluence"]))
                for cell in (partner["matrix"] or {}).get("cells", [])
            }

            assert node["totalOverlaps"] == expected["total_overlaps"]
            assert served_metric(node["potentialInfluence"]) == expected["influence"]
            assert cells == expected["cells"]
            compared += 1
    assert compared == 11
