"""Read one organization's accounts and open amounts into an `AccountIndex`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, Select, func, or_, select

from app.core.enums import Outcome
from app.graph.accounts import NO_KEY, AccountIndex, OpenAmount
from app.graph.keys import KeyInterner
from app.storage.models import Account, Opportunity

_BATCH = 20_000

_OPEN_OR_UNMAPPED = or_(
    Opportunity.outcome == Outcome.OPEN, Opportunity.outcome.is_(None)
)


def stream_rows(connection: Connection, query: Select) -> Iterator[tuple[Any, ...]]:
    """Yield the rows of a query as plain driver tuples, fetched in batches.

    Rows skip SQLAlchemy's result processing, which is most of the cost of
    reading a million accounts, so only use this for integer and text
    columns, which need no conversion.
    """
    result = connection.execute(query)
    try:
        while batch := result.cursor.fetchmany(_BATCH):
            yield from batch
    finally:
        result.close()


def load_accounts(
    connection: Connection, organization_id: int, currency: str, keys: KeyInterner
) -> AccountIndex:
    """Read an organization's accounts, OPEN amounts and unmapped-stage counts.

    `currency` is the corporate currency, which opportunities without a
    currency are in.
    """
    account_ids: list[int] = []
    key_ids: list[int] = []
    external_ids: list[str] = []
    source_ids: list[int] = []
    query = (
        select(
            Account.id, Account.match_key, Account.external_id, Account.data_source_id
        )
        .where(Account.organization_id == organization_id)
        .order_by(Account.id)
    )
    intern = keys.intern
    for account_id, key, external_id, source_id in stream_rows(connection, query):
        account_ids.append(account_id)
        key_ids.append(NO_KEY if key is None else intern(key))
        external_ids.append(external_id)
        source_ids.append(source_id)

    positions = dict(zip(account_ids, range(len(account_ids)), strict=True))
    return AccountIndex(
        account_ids=account_ids,
        key_ids=key_ids,
        external_ids=external_ids,
        data_source_ids=source_ids,
        open_amounts=_load_open_amounts(
            connection, organization_id, currency, positions
        ),
        unmapped_counts=_load_unmapped_counts(connection, organization_id, positions),
    )


def _load_open_amounts(
    connection: Connection,
    organization_id: int,
    currency: str,
    positions: dict[int, int],
) -> dict[int, tuple[OpenAmount, ...]]:
    """Sum OPEN and unmapped-stage amounts per account and currency.

    An opportunity without a currency is in the corporate currency, and one
    linked to no account counts nowhere.
    """
    query = (
        select(
            Opportunity.account_id,
            Opportunity.currency,
            func.sum(Opportunity.amount_units),
            func.count(Opportunity.amount_units),
        )
        .where(
            Opportunity.organization_id == organization_id,
            Opportunity.account_id.is_not(None),
            Opportunity.amount_units.is_not(None),
            _OPEN_OR_UNMAPPED,
        )
        .group_by(Opportunity.account_id, Opportunity.currency)
    )
    amounts: dict[int, tuple[OpenAmount, ...]] = {}
    for account_id, code, units, count in stream_rows(connection, query):
        position = positions.get(account_id)
        if position is not None:
            entry = OpenAmount(code or currency, int(units), count)
            entries = amounts.get(position)
            amounts[position] = (entry,) if entries is None else _merge(entries, entry)
    return amounts


def _merge(
    entries: tuple[OpenAmount, ...], entry: OpenAmount
) -> tuple[OpenAmount, ...]:
    """Add an entry, folding it into one of the same currency (null and corporate)."""
    for index, existing in enumerate(entries):
        if existing.currency == entry.currency:
            merged = OpenAmount(
                entry.currency,
                existing.units + entry.units,
                existing.count + entry.count,
            )
            return (*entries[:index], merged, *entries[index + 1 :])
    return (*entries, entry)


def _load_unmapped_counts(
    connection: Connection, organization_id: int, positions: dict[int, int]
) -> dict[int, int]:
    """Count each account's opportunities whose stage has no outcome yet."""
    query = (
        select(Opportunity.account_id, func.count())
        .where(
            Opportunity.organization_id == organization_id,
            Opportunity.account_id.is_not(None),
            Opportunity.outcome.is_(None),
        )
        .group_by(Opportunity.account_id)
    )
    counts: dict[int, int] = {}
    for account_id, count in stream_rows(connection, query):
        position = positions.get(account_id)
        if position is not None:
            counts[position] = count
    return counts
