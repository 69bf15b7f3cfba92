"""The ecosystem graph and the compact account index built from storage."""

from __future__ import annotations

from decimal import Decimal

import networkx as nx
import pytest

from app.graph import NO_KEY, get_ecosystem, organization_node, population_node
from tests.graph.builders import (
    add_account,
    add_opportunity,
    add_partnership,
    add_population,
    add_source,
    make_org,
    save,
    set_override,
    set_rate,
)


def test_organization_node_holds_plan_and_currency(engine, session):
    organization = make_org(session, "acme", plan="enterprise", currency="EUR")
    set_rate(session, organization, "USD", "0.92")
    save(session)

    ecosystem = get_ecosystem(engine)
    node = ecosystem.graph.nodes[organization_node(organization.id)]
    data = ecosystem.organization(organization.id)

    assert node["plan"] == "ENTERPRISE"
    assert node["currency"] == "EUR"
    assert node["domain_key"] == "acme.com"
    assert data.rate("USD") == Decimal("0.92")
    assert data.rate("EUR") == 1
    assert data.rate("GBP") is None


def test_population_size_counts_distinct_keys(engine, session):
    organization = make_org(session, "acme")
    sheet = add_source(session, organization, "CSV")
    accounts = [
        add_account(session, organization, "a.com"),
        add_account(session, organization, "a.com"),
        add_account(session, organization, None),
        add_account(session, organization, "b.com", source=sheet),
    ]
    population = add_population(session, organization, "Mine", accounts)
    save(session)

    ecosystem = get_ecosystem(engine)
    node = ecosystem.graph.nodes[population_node(population.id)]

    assert node["size"] == 2
    assert node["name"] == "Mine"
    assert node["source_kinds"] == ("CSV", "SALESFORCE")
    assert len(ecosystem.population(population.id).members) == 4


def test_accounts_are_indexed_not_nodes(engine, session):
    organization = make_org(session, "acme")
    first = add_account(session, organization, "a.com", external_id="X1")
    keyless = add_account(session, organization, None, external_id="X2")
    second = add_account(session, organization, "a.com", external_id="X3")
    save(session)

    ecosystem = get_ecosystem(engine)
    accounts = ecosystem.organization(organization.id).accounts
    key_id = ecosystem.key_id("a.com")

    assert ecosystem.graph.number_of_nodes() == 1 + 3
    assert list(accounts.account_ids) == [first.id, keyless.id, second.id]
    assert list(accounts.key_ids) == [key_id, NO_KEY, key_id]
    assert accounts.external_ids == ("X1", "X2", "X3")
    assert list(accounts.positions_with_key(key_id)) == [0, 2]
    assert accounts.position(keyless.id) == 1
    assert accounts.position(keyless.id + 1000) is None


def test_open_amounts_are_exact_units_per_currency(engine, session):
    organization = make_org(session, "acme", currency="EUR")
    account = add_account(session, organization, "a.com")
    add_opportunity(session, account, "1.0001")
    add_opportunity(session, account, "2", currency="EUR")
    add_opportunity(session, account, "3", currency="USD")
    add_opportunity(session, account, "9", outcome="WON")
    add_opportunity(session, account, "5", outcome=None)
    add_opportunity(session, account, None, outcome=None)
    save(session)

    accounts = get_ecosystem(engine).organization(organization.id).accounts
    amounts = {
        entry.currency: (entry.units, entry.count) for entry in accounts.open_amounts[0]
    }

    assert amounts == {"EUR": (80_001, 3), "USD": (30_000, 1)}
    assert accounts.unmapped_counts[0] == 2


def test_sharing_edges_carry_effective_level(engine, session):
    viewer = make_org(session, "viewer")
    partner = make_org(session, "partner")
    defaulted = add_population(session, viewer, "Defaulted", level="ALL")
    overridden = add_population(session, viewer, "Overridden", level="ALL")
    partnership = add_partnership(session, viewer, partner)
    set_override(session, partnership, overridden, "COUNTS")
    save(session)

    graph = get_ecosystem(engine).graph
    target = organization_node(partner.id)
    default_edge = graph.edges[population_node(defaulted.id), target, partnership.id]
    override_edge = graph.edges[population_node(overridden.id), target, partnership.id]

    assert default_edge["level"] == "ALL"
    assert default_edge["fields"] == ("name", "website")
    assert override_edge["level"] == "COUNTS"
    assert override_edge["fields"] == ()


def test_partnership_edge_links_organizations(engine, session):
    viewer = make_org(session, "viewer")
    partner = make_org(session, "partner")
    partnership = add_partnership(session, viewer, partner, status="PENDING")
    pending = add_partnership(session, viewer, None, status="PENDING")
    save(session)

    ecosystem = get_ecosystem(engine)
    edge = ecosystem.graph.edges[
        organization_node(viewer.id), organization_node(partner.id), partnership.id
    ]

    assert edge["status"] == "PENDING"
    assert edge["kind"] == "partnership"
    assert [item.id for item in ecosystem.partnerships_of(viewer.id)] == [
        partnership.id,
        pending.id,
    ]
    assert [item.id for item in ecosystem.partnerships_of(partner.id)] == [
        partnership.id
    ]


def test_snapshot_is_frozen(engine, session):
    organization = make_org(session, "acme")
    save(session)

    ecosystem = get_ecosystem(engine)

    with pytest.raises(nx.NetworkXError):
        ecosystem.graph.add_node("intruder")
    with pytest.raises(TypeError):
        ecosystem.organizations[organization.id + 1] = None
    with pytest.raises(AttributeError):
        ecosystem.organization(organization.id).plan = "FREE"
