"""Overlap counts, overlap lists and greenfield accounts of a partnership."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.core.enums import SharingLevel
from app.graph import NO_KEY, Ecosystem
from app.policy import (
    PartnershipView,
    require_cell,
    require_column,
    require_level,
)


@dataclass(frozen=True, slots=True)
class Overlap:
    """One company in both a row P and a column Q.

    `account_ids` are V's accounts in P with the key, by V's external id (then id);
    `partner_account_ids` are X's accounts in Q with the key, by account id.
    """

    match_key: str
    account_ids: tuple[int, ...]
    partner_account_ids: tuple[int, ...]


def cell_overlap_count(
    ecosystem: Ecosystem,
    view: PartnershipView,
    population_id: int,
    partner_population_id: int,
) -> int:
    """Return the number of distinct match keys in both row P and column Q.

    Duplicates of a company on either side count once, so both sides see the
    same number. Raises `NotFoundError` unless (P, Q) is a visible cell.
    """
    del ecosystem  # the view contains both organizations' records
    row, column = require_cell(view, population_id, partner_population_id)
    return row.population.keys.intersection_cardinality(column.population.keys)


def total_overlaps(ecosystem: Ecosystem, view: PartnershipView) -> int | None:
    """Return the number of distinct keys in some row and some column.

    None, not 0, unless the partnership is ACTIVE and both sides share at
    least one population of the minimum size at COUNTS or above. A company
    in several rows or columns counts once, so the total can be less than
    the sum of the cells.
    """
    del ecosystem  # the view contains both organizations' records
    if not view.is_active or not view.rows or not view.columns:
        return None
    return view.row_keys.intersection_cardinality(view.column_keys)


def cell_overlap_keys(
    ecosystem: Ecosystem,
    view: PartnershipView,
    population_id: int,
    partner_population_id: int,
) -> list[str]:
    """Return the match keys of a cell, sorted.

    Raises `NotFoundError` unless (P, Q) is a visible cell, and
    `SharingLevelInsufficientError` unless X shares Q at OVERLAPS or above.
    """
    row, column = require_cell(view, population_id, partner_population_id)
    require_level(column, SharingLevel.OVERLAPS)
    shared = row.population.keys & column.population.keys
    return sorted(ecosystem.match_key(key_id) for key_id in shared)


def cell_overlaps(
    ecosystem: Ecosystem,
    view: PartnershipView,
    population_id: int,
    partner_population_id: int,
    *,
    match_keys: Iterable[str] | None = None,
) -> list[Overlap]:
    """Return the overlaps of a cell by match key, or only those of `match_keys`.

    Keys that are not in the cell are skipped. Raises like `cell_overlap_keys`.
    """
    row, column = require_cell(view, population_id, partner_population_id)
    require_level(column, SharingLevel.OVERLAPS)
    if match_keys is None:
        match_keys = cell_overlap_keys(
            ecosystem, view, population_id, partner_population_id
        )

    viewer_accounts = view.viewer.accounts
    partner_accounts = view.partner.accounts
    overlaps = []
    for match_key in match_keys:
        key_id = ecosystem.key_id(match_key)
        if key_id is None or key_id not in row.population.keys:
            continue
        if key_id not in column.population.keys:
            continue
        mine = [
            position
            for position in viewer_accounts.positions_with_key(key_id)
            if position in row.population.members
        ]
        mine.sort(
            key=lambda position: (
                viewer_accounts.external_ids[position],
                viewer_accounts.account_ids[position],
            )
        )
        theirs = [
            partner_accounts.account_ids[position]
            for position in partner_accounts.positions_with_key(key_id)
            if position in column.population.members
        ]
        overlaps.append(
            Overlap(
                match_key=match_key,
                account_ids=tuple(viewer_accounts.account_ids[p] for p in mine),
                partner_account_ids=tuple(sorted(theirs)),
            )
        )
    return overlaps


def cell_account_ids(
    ecosystem: Ecosystem,
    view: PartnershipView,
    population_id: int,
    partner_population_id: int,
) -> list[int]:
    """Return V's account ids in row P whose key is in column Q, ascending.

    These are the accounts whose opportunities a cell lists. Raises like
    `cell_overlap_keys`; the plan check is the caller's.
    """
    del ecosystem  # the view contains both organizations' records
    row, column = require_cell(view, population_id, partner_population_id)
    require_level(column, SharingLevel.OVERLAPS)
    accounts = view.viewer.accounts
    keys = column.population.keys
    return [
        accounts.account_ids[position]
        for position in row.population.members
        if accounts.key_ids[position] != NO_KEY and accounts.key_ids[position] in keys
    ]


def greenfield_account_ids(
    ecosystem: Ecosystem, view: PartnershipView, partner_population_id: int
) -> list[int]:
    """Return X's account ids in column Q whose key is null or in no row of V.

    Together with the overlaps of Q's cells these are all of Q's accounts.
    Raises `NotFoundError` unless Q is a visible column, and
    `SharingLevelInsufficientError` unless X shares Q at ALL.
    """
    del ecosystem  # the view contains both organizations' records
    column = require_column(view, partner_population_id)
    require_level(column, SharingLevel.ALL)
    accounts = view.partner.accounts
    return [
        accounts.account_ids[position]
        for position in column.population.members
        if accounts.key_ids[position] == NO_KEY
        or accounts.key_ids[position] not in view.row_keys
    ]
