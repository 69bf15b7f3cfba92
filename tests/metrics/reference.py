"""A brute-force reference for the matrix and partner metrics.

It reads plain rows with raw SQL and applies the product rules directly, with
sets, loops over single opportunities and `Fraction` arithmetic. It imports
nothing from `app`, so a shared bug cannot hide in both.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from sqlalchemy import text

RANK = {"HIDDEN": 0, "COUNTS": 1, "OVERLAPS": 2, "ALL": 3}
CRM_KINDS = {"SALESFORCE", "HUBSPOT", "DYNAMICS"}
DECIMALS = {"JPY": 0, "KRW": 0, "BHD": 3, "KWD": 3}
OPEN_OUTCOMES = {"OPEN", None}


def _json_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else json.loads(value)


@dataclass
class World:
    """Every row that a metric may depend on, as plain Python values."""

    organizations: dict[int, dict] = field(default_factory=dict)
    sources: list[dict] = field(default_factory=list)
    accounts: dict[int, dict] = field(default_factory=dict)
    opportunities: list[dict] = field(default_factory=list)
    populations: dict[int, dict] = field(default_factory=dict)
    members: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    partnerships: dict[int, dict] = field(default_factory=dict)
    overrides: dict[tuple[int, int], dict] = field(default_factory=dict)
    rates: dict[tuple[int, str], Fraction] = field(default_factory=dict)


def read_world(connection) -> World:
    """Read the whole database with raw SELECTs."""
    world = World()

    def rows(sql):
        return connection.execute(text(sql)).mappings().all()

    for row in rows("SELECT id, plan, currency FROM organization"):
        world.organizations[row["id"]] = dict(row)
    for row in rows("SELECT organization_id, kind, synced_fields FROM data_source"):
        world.sources.append({**row, "synced_fields": _json_list(row["synced_fields"])})
    for row in rows("SELECT id, organization_id, match_key FROM account"):
        world.accounts[row["id"]] = dict(row)
    world.opportunities = [
        dict(row)
        for row in rows(
            "SELECT id, organization_id, account_id, amount_units, currency, outcome "
            "FROM opportunity"
        )
    ]
    for row in rows(
        "SELECT id, organization_id, default_level, default_fields FROM population"
    ):
        world.populations[row["id"]] = {
            **row,
            "default_fields": _json_list(row["default_fields"]),
        }
    for row in rows("SELECT population_id, account_id FROM membership"):
        world.members[row["population_id"]].add(row["account_id"])
    for row in rows("SELECT id, inviter_id, invitee_id, status FROM partnership"):
        world.partnerships[row["id"]] = dict(row)
    for row in rows(
        "SELECT partnership_id, population_id, level, fields FROM sharing_override"
    ):
        world.overrides[(row["partnership_id"], row["population_id"])] = {
            "level": row["level"],
            "fields": _json_list(row["fields"]),
        }
    for row in rows("SELECT organization_id, currency, rate FROM exchange_rate"):
        world.rates[(row["organization_id"], row["currency"])] = Fraction(row["rate"])
    return world


def keys_of(world: World, population_id: int) -> set[str]:
    """The distinct non-null match keys of a population's accounts."""
    return {
        world.accounts[account_id]["match_key"]
        for account_id in world.members[population_id]
        if world.accounts[account_id]["match_key"] is not None
    }


def sharing(world: World, partnership_id: int, population_id: int) -> tuple[str, list]:
    override = world.overrides.get((partnership_id, population_id))
    if override is not None:
        return override["level"], override["fields"]
    population = world.populations[population_id]
    return population["default_level"], population["default_fields"]


def format_money(amount: Fraction, currency: str) -> str:
    """Round half to even once and print exactly the minor unit's decimals."""
    decimals = DECIMALS.get(currency, 2)
    units = round(amount * 10**decimals)
    digits = str(abs(units)).rjust(decimals + 1, "0")
    sign = "-" if units < 0 else ""
    if decimals == 0:
        return sign + digits
    return f"{sign}{digits[:-decimals]}.{digits[-decimals:]}"


def influence(world: World, viewer_id: int, account_ids: set[int]) -> tuple:
    """Sum the OPEN amounts of opportunities on `account_ids`, one by one."""
    viewer = world.organizations[viewer_id]
    total = Fraction(0)
    counted = excluded = unmapped = 0
    for opportunity in world.opportunities:
        if opportunity["account_id"] not in account_ids:
            continue
        if opportunity["outcome"] is None:
            unmapped += 1
        if opportunity["outcome"] not in OPEN_OUTCOMES:
            continue
        if opportunity["amount_units"] is None:
            continue
        currency = opportunity["currency"] or viewer["currency"]
        if currency == viewer["currency"]:
            rate = Fraction(1)
        else:
            rate = world.rates.get((viewer_id, currency))
        if rate is None:
            excluded += 1
            continue
        total += Fraction(opportunity["amount_units"], 10_000) * rate
        counted += 1
    amount = format_money(total, viewer["currency"])
    return (True, (), amount, viewer["currency"], counted, excluded, unmapped)


def unavailable(*reasons: str) -> tuple:
    return (False, tuple(reasons), None, None, None, None, None)


def expected_partner(
    world: World, viewer_id: int, partnership_id: int, min_size: int
) -> dict:
    """Everything V may see of one partnership, computed from the rules."""
    partnership = world.partnerships[partnership_id]
    if viewer_id == partnership["inviter_id"]:
        partner_id = partnership["invitee_id"]
    else:
        partner_id = partnership["inviter_id"]
    if partnership["status"] != "ACTIVE":
        return {
            "rows": [],
            "columns": [],
            "excluded": [],
            "cells": {},
            "total_overlaps": None,
            "influence": unavailable("PARTNERSHIP_NOT_ACTIVE"),
            "overlaps": {},
            "greenfield": {},
            "partner_fields": {},
        }

    def shared(owner_id, side):
        included, left_out = [], []
        for population_id, population in sorted(world.populations.items()):
            if population["organization_id"] != owner_id:
                continue
            level, _ = sharing(world, partnership_id, population_id)
            if RANK[level] < RANK["COUNTS"]:
                continue
            if len(keys_of(world, population_id)) < min_size:
                left_out.append((side, population_id))
            else:
                included.append(population_id)
        return included, left_out

    rows, viewer_out = shared(viewer_id, "VIEWER")
    columns, partner_out = shared(partner_id, "PARTNER")
    level = {column: sharing(world, partnership_id, column)[0] for column in columns}
    overlap_columns = [column for column in columns if RANK[level[column]] >= 2]

    viewer = world.organizations[viewer_id]
    has_data = any(
        source["organization_id"] == viewer_id
        and source["kind"] in CRM_KINDS
        and "OPPORTUNITY_AMOUNT" in source["synced_fields"]
        and "OPPORTUNITY_STAGE" in source["synced_fields"]
        for source in world.sources
    )
    base_reasons = []
    if not has_data:
        base_reasons.append("NO_CRM_OPPORTUNITY_DATA")
    if not rows:
        base_reasons.append("NOT_SHARING_WITH_PARTNER")
    if not overlap_columns:
        base_reasons.append("PARTNER_NOT_SHARING")

    def covered(row_ids, column_ids):
        column_keys = set().union(*(keys_of(world, c) for c in column_ids))
        return {
            account_id
            for row_id in row_ids
            for account_id in world.members[row_id]
            if world.accounts[account_id]["match_key"] in column_keys
        }

    cells = {}
    for row in rows:
        for column in columns:
            count = len(keys_of(world, row) & keys_of(world, column))
            reasons = list(base_reasons)
            if RANK[level[column]] < 2:
                reasons.append("PARTNER_SHARES_COUNTS_ONLY")
            if viewer["plan"] == "FREE":
                reasons.append("PLAN_REQUIRED")
            if reasons:
                metric = unavailable(*reasons)
            else:
                metric = influence(world, viewer_id, covered([row], [column]))
            cells[(row, column)] = (count, metric)

    if rows and columns:
        row_keys = set().union(*(keys_of(world, row) for row in rows))
        column_keys = set().union(*(keys_of(world, column) for column in columns))
        total = len(row_keys & column_keys)
    else:
        row_keys = set().union(*(keys_of(world, row) for row in rows))
        total = None
    if base_reasons:
        partner_influence = unavailable(*base_reasons)
    else:
        partner_influence = influence(world, viewer_id, covered(rows, overlap_columns))

    return {
        "rows": rows,
        "columns": columns,
        "excluded": viewer_out + partner_out,
        "cells": cells,
        "total_overlaps": total,
        "influence": partner_influence,
        "overlaps": _overlaps(world, rows, overlap_columns),
        "greenfield": _greenfield(world, columns, level, row_keys),
        "partner_fields": _partner_fields(
            world, partnership_id, partner_id, columns, row_keys
        ),
    }


def _overlaps(world: World, rows: list[int], columns: list[int]) -> dict:
    """Per cell at OVERLAPS or above: key -> (V's accounts, X's accounts)."""
    result = {}
    for row in rows:
        for column in columns:
            cell = {}
            for key in sorted(keys_of(world, row) & keys_of(world, column)):
                mine = {
                    a
                    for a in world.members[row]
                    if world.accounts[a]["match_key"] == key
                }
                theirs = {
                    a
                    for a in world.members[column]
                    if world.accounts[a]["match_key"] == key
                }
                cell[key] = (mine, theirs)
            result[(row, column)] = cell
    return result


def _greenfield(world: World, columns: list[int], level: dict, row_keys: set) -> dict:
    return {
        column: {
            account_id
            for account_id in world.members[column]
            if world.accounts[account_id]["match_key"] not in row_keys
        }
        for column in columns
        if level[column] == "ALL"
    }


def _partner_fields(
    world: World,
    partnership_id: int,
    partner_id: int,
    columns: list[int],
    row_keys: set,
) -> dict:
    """Each of X's accounts -> the fields V may read, for visible accounts only."""
    fields_by_account = {}
    for account_id, account in world.accounts.items():
        if account["organization_id"] != partner_id:
            continue
        fields = set()
        visible = False
        for column in columns:
            if account_id not in world.members[column]:
                continue
            level, column_fields = sharing(world, partnership_id, column)
            overlaps = account["match_key"] in row_keys
            if level == "ALL" or (level == "OVERLAPS" and overlaps):
                visible = True
                fields.update(column_fields)
        if visible:
            fields_by_account[account_id] = fields
    return fields_by_account
