"""The per-process ecosystem cache, refreshed from version stamps.

A read fetches every organization's `data_version` and every partnership's
`policy_version` in one query. When they match the current snapshot, the
snapshot is returned as is. Otherwise one thread rebuilds only the stale
organizations and partnerships, from one consistent database snapshot, and
swaps the new immutable `Ecosystem` in with a single assignment. Creations and
deletions change the set of ids, so they are seen too.

This is the only cache that outlives a request.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, literal, select, union_all

from app.graph.ecosystem import Ecosystem, Stamps, build_ecosystem
from app.graph.keys import KeyInterner
from app.graph.load import load_organization, load_partnership
from app.graph.model import OrganizationData, PartnershipData
from app.storage.models import Organization, Partnership

logger = logging.getLogger(__name__)


def read_stamps(connection: Connection) -> Stamps:
    """Read every organization and partnership version stamp in one query."""
    query = union_all(
        select(literal("o"), Organization.id, Organization.data_version),
        select(literal("p"), Partnership.id, Partnership.policy_version),
    )
    organizations: list[tuple[int, int]] = []
    partnerships: list[tuple[int, int]] = []
    for table, row_id, version in connection.execute(query):
        target = organizations if table == "o" else partnerships
        target.append((row_id, version))
    return Stamps(
        organizations=tuple(sorted(organizations)),
        partnerships=tuple(sorted(partnerships)),
    )


@contextmanager
def snapshot_connection(engine: Engine) -> Iterator[Connection]:
    """Open a read-only connection whose reads all see one committed state.

    PostgreSQL gets a REPEATABLE READ, read-only transaction. SQLite gets an
    explicit BEGIN, because its driver does not start a transaction for
    reads. In WAL mode the first read then fixes the state every later read
    of the transaction returns.
    """
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
        else:
            connection.exec_driver_sql("BEGIN")
        try:
            yield connection
        finally:
            connection.rollback()


class EcosystemCache:
    """Holds the newest `Ecosystem` of one database and refreshes it when stale."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._keys = KeyInterner()
        self._current: Ecosystem | None = None
        self._refresh_lock = threading.Lock()

    def get(self) -> Ecosystem:
        """Return a snapshot at least as new as the stamps read now."""
        with self._engine.connect() as connection:
            stamps = read_stamps(connection)
        current = self._current
        if current is not None and current.stamps == stamps:
            return current
        with self._refresh_lock:
            return self._refresh()

    def _refresh(self) -> Ecosystem:
        started = time.perf_counter()
        current = self._current
        with snapshot_connection(self._engine) as connection:
            stamps = read_stamps(connection)
            if current is not None and current.stamps == stamps:
                return current
            organizations, rebuilt = self._organizations(connection, stamps, current)
            partnerships = self._partnerships(connection, stamps, current)
        fresh = build_ecosystem(
            organizations, partnerships, keys=self._keys, stamps=stamps
        )
        self._current = fresh
        logger.info(
            "ecosystem refreshed: %d of %d organizations rebuilt in %.3f s",
            rebuilt,
            len(organizations),
            time.perf_counter() - started,
        )
        return fresh

    def _organizations(
        self, connection: Connection, stamps: Stamps, current: Ecosystem | None
    ) -> tuple[dict[int, OrganizationData], int]:
        organizations: dict[int, OrganizationData] = {}
        rebuilt = 0
        for organization_id, version in stamps.organizations:
            cached = current.organization(organization_id) if current else None
            if cached is None or cached.data_version != version:
                cached = load_organization(connection, organization_id, self._keys)
                rebuilt += 1
            if cached is not None:
                organizations[organization_id] = cached
        return organizations, rebuilt

    def _partnerships(
        self, connection: Connection, stamps: Stamps, current: Ecosystem | None
    ) -> dict[int, PartnershipData]:
        partnerships: dict[int, PartnershipData] = {}
        for partnership_id, version in stamps.partnerships:
            cached = current.partnership(partnership_id) if current else None
            if cached is None or cached.policy_version != version:
                cached = load_partnership(connection, partnership_id)
            if cached is not None:
                partnerships[partnership_id] = cached
        return partnerships


_caches: dict[str, EcosystemCache] = {}
_caches_lock = threading.Lock()


def get_ecosystem(engine: Engine) -> Ecosystem:
    """Return the current ecosystem of the engine's database, rebuilt if stale."""
    url = engine.url.render_as_string(hide_password=False)
    cache = _caches.get(url)
    if cache is None:
        with _caches_lock:
            cache = _caches.setdefault(url, EcosystemCache(engine))
    return cache.get()


def clear_ecosystem_cache() -> None:
    """Forget every cached ecosystem, for a database recreated under the same URL.

    Stamps identify a state only while ids are never reused. A test database
    that is truncated and refilled reuses them, so it must clear the cache.
    """
    with _caches_lock:
        _caches.clear()
