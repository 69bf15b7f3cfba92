"""Random small ecosystems: the metrics agree with the brute-force reference."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, update

from app.graph import get_ecosystem
from app.metrics import (
    cell_overlaps,
    greenfield_account_ids,
    matrix_cells,
    potential_influence,
    total_overlaps,
)
from app.policy import partner_account_fields, view_partnership
from app.storage.models import Organization, Population
from tests.graph.builders import (
    add_account,
    add_members,
    add_opportunity,
    add_partnership,
    add_population,
    make_org,
    save,
    set_override,
    set_rate,
    standard_population,
)
from tests.metrics.reference import expected_partner, read_world

KEYS = ["a.com", "b.com", "c.com", "d.com", None]
LEVELS = ["HIDDEN", "COUNTS", "OVERLAPS", "ALL"]
FIELDS = ["name", "website", "industry"]
STANDARD = ["CUSTOMERS", "OPEN_OPPORTUNITIES", "PROSPECTS"]
SOURCES = {
    "full": ("SALESFORCE", ["ACCOUNTS", "OPPORTUNITY_AMOUNT", "OPPORTUNITY_STAGE"]),
    "no_amount": ("HUBSPOT", ["ACCOUNTS", "OPPORTUNITY_STAGE"]),
    "csv": ("CSV", ["ACCOUNTS"]),
}

sharing_levels = st.tuples(
    st.sampled_from(LEVELS), st.lists(st.sampled_from(FIELDS), min_size=1, unique=True)
)


@st.composite
def organizations(draw):
    account_count = draw(st.integers(0, 7))
    account_index = st.integers(0, account_count - 1) if account_count else st.none()
    opportunity = st.fixed_dictionaries(
        {
            "account": st.one_of(st.none(), account_index),
            "amount": st.one_of(
                st.none(),
                st.integers(-20_000, 10**10),
                st.sampled_from([-49, -10, 5, 50, 150, 250, 12_345]),
            ),
            "currency": st.sampled_from([None, "USD", "EUR", "JPY", "GBP"]),
            "outcome": st.sampled_from(["OPEN", "OPEN", "WON", "LOST", None]),
        }
    )
    members = st.sets(account_index) if account_count else st.just(set())
    return {
        "plan": draw(st.sampled_from(["free", "connector", "enterprise"])),
        "currency": draw(st.sampled_from(["USD", "EUR", "JPY"])),
        "source": draw(st.sampled_from(sorted(SOURCES))),
        "rates": draw(
            st.dictionaries(
                st.sampled_from(["USD", "EUR", "JPY", "GBP"]),
                st.sampled_from(["0.5", "1.1", "0.0067", "1.2345", "3"]),
                max_size=3,
            )
        ),
        "keys": draw(
            st.lists(
                st.sampled_from(KEYS), min_size=account_count, max_size=account_count
            )
        ),
        "opportunities": draw(st.lists(opportunity, max_size=8)),
        "populations": draw(
            st.lists(st.tuples(members, sharing_levels), min_size=3, max_size=5)
        ),
    }


@st.composite
def ecosystems(draw):
    orgs = draw(st.lists(organizations(), min_size=2, max_size=3))
    partnerships = []
    for first in range(len(orgs)):
        for second in range(first + 1, len(orgs)):
            if not draw(st.booleans()):
                continue
            inviter, invitee = draw(st.permutations([first, second]))
            overrides = draw(
                st.lists(
                    st.tuples(
                        st.sampled_from([first, second]),
                        st.integers(0, 4),
                        sharing_levels,
                    ),
                    max_size=4,
                )
            )
            status = draw(st.sampled_from(["ACTIVE", "ACTIVE", "PENDING", "ENDED"]))
            partnerships.append((inviter, invitee, status, overrides))
    return {
        "organizations": orgs,
        "partnerships": partnerships,
        "min_size": draw(st.integers(1, 3)),
    }


def _insert(session, spec):
    session.execute(delete(Organization))
    session.commit()
    session.expunge_all()

    created = []
    for number, org_spec in enumerate(spec["organizations"]):
        kind, synced = SOURCES[org_spec["source"]]
        organization = make_org(
            session,
            f"org{number}",
            plan=org_spec["plan"],
            currency=org_spec["currency"],
            source_kind=kind,
            synced_fields=synced,
        )
        accounts = [add_account(session, organization, key) for key in org_spec["keys"]]
        for item in org_spec["opportunities"]:
            add_opportunity(
                session,
                None if item["account"] is None else accounts[item["account"]],
                None if item["amount"] is None else f"{item['amount'] / 10_000:.4f}",
                organization=organization,
                currency=item["currency"],
                outcome=item["outcome"],
            )
        for currency, rate in org_spec["rates"].items():
            set_rate(session, organization, currency, rate)
        populations = _populations(session, organization, accounts, org_spec)
        created.append((organization, populations))

    for inviter, invitee, status, overrides in spec["partnerships"]:
        partnership = add_partnership(
            session, created[inviter][0], created[invitee][0], status=status
        )
        for side, index, (level, fields) in overrides:
            populations = created[side][1]
            population = populations[index % len(populations)]
            set_override(
                session, partnership, population, level, _fields(level, fields)
            )
    save(session)


def _fields(level, fields):
    return fields if level in ("OVERLAPS", "ALL") else []


def _populations(session, organization, accounts, org_spec):
    populations = []
    for index, (members, (level, fields)) in enumerate(org_spec["populations"]):
        chosen = [accounts[member] for member in sorted(members)]
        if index < len(STANDARD):
            population = standard_population(session, organization, STANDARD[index])
            session.execute(
                update(Population)
                .where(Population.id == population.id)
                .values(default_level=level, default_fields=_fields(level, fields))
            )
            add_members(session, population, chosen)
        else:
            population = add_population(
                session,
                organization,
                f"Custom {index}",
                chosen,
                level=level,
                fields=_fields(level, fields),
            )
        populations.append(population)
    return populations


def _metric(metric):
    return (
        metric.available,
        tuple(metric.unavailable_reasons),
        metric.amount,
        metric.currency,
        metric.opportunity_count,
        metric.excluded_opportunity_count,
        metric.unmapped_stage_count,
    )


def _actual(ecosystem, viewer_id, partnership_id, min_size):
    view = view_partnership(
        ecosystem, viewer_id, partnership_id, min_comparison_size=min_size
    )
    overlap_columns = [column.id for column in view.overlap_columns]
    overlaps = {}
    for row in view.rows:
        for column in overlap_columns:
            overlaps[(row.id, column)] = {
                overlap.match_key: (
                    set(overlap.account_ids),
                    set(overlap.partner_account_ids),
                )
                for overlap in cell_overlaps(ecosystem, view, row.id, column)
            }
    partner_fields = {}
    if view.partner is not None:
        for account_id in view.partner.accounts.account_ids:
            fields = partner_account_fields(view, account_id)
            if fields is not None:
                partner_fields[account_id] = set(fields)
    return {
        "rows": [row.id for row in view.rows],
        "columns": [column.id for column in view.columns],
        "excluded": [
            (str(item.side), item.population.id) for item in view.excluded_populations
        ],
        "cells": {
            (cell.row.id, cell.column.id): (
                cell.overlap_count,
                _metric(cell.potential_influence),
            )
            for cell in matrix_cells(ecosystem, view)
        },
        "total_overlaps": total_overlaps(ecosystem, view),
        "influence": _metric(potential_influence(ecosystem, view)),
        "overlaps": overlaps,
        "greenfield": {
            column.id: set(greenfield_account_ids(ecosystem, view, column.id))
            for column in view.columns
            if column.level == "ALL"
        },
        "partner_fields": partner_fields,
    }


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=ecosystems())
def test_metrics_match_reference(engine, session, spec):
    _insert(session, spec)
    with engine.connect() as connection:
        world = read_world(connection)
    ecosystem = get_ecosystem(engine)

    for partnership_id, partnership in world.partnerships.items():
        for viewer_id in (partnership["inviter_id"], partnership["invitee_id"]):
            expected = expected_partner(
                world, viewer_id, partnership_id, spec["min_size"]
            )

            actual = _actual(ecosystem, viewer_id, partnership_id, spec["min_size"])

            for name, value in expected.items():
                assert actual[name] == value, (name, viewer_id, partnership_id)
