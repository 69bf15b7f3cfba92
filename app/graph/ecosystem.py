"""The ecosystem graph: organizations, populations, partnerships and sharing.

Nodes are organizations and populations; accounts are not nodes but live in
each organization's `AccountIndex`. Edges of a `networkx.MultiDiGraph`:

- organization -> population, key `"owns"`;
- inviter -> invitee organization, key the partnership id, `kind="partnership"`;
- population -> partner organization, key the partnership id, `kind="sharing"`,
  with the effective `level` and `fields`: the partnership's override when
  there is one, else the population's default.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import networkx as nx

from app.graph.keys import KeyInterner
from app.graph.model import (
    OrganizationData,
    PartnershipData,
    PopulationData,
    SharingSetting,
    effective_sharing,
)

OWNS = "owns"


def organization_node(organization_id: int) -> tuple[str, int]:
    return ("organization", organization_id)


def population_node(population_id: int) -> tuple[str, int]:
    return ("population", population_id)


@dataclass(frozen=True, slots=True)
class Stamps:
    """The version stamps a snapshot was built from, as sorted (id, version)."""

    organizations: tuple[tuple[int, int], ...]
    partnerships: tuple[tuple[int, int], ...]


class Ecosystem:
    """An immutable snapshot of every organization, partnership and sharing rule.

    Build it with `build_ecosystem`; read it through `app.policy` and
    `app.metrics`. Nothing here changes after construction: the graph is
    frozen, records are frozen dataclasses, and mappings and arrays are
    read-only views. The one exception is the shared `keys` table, which only
    grows, so the ids in this snapshot never change meaning.
    """

    __slots__ = (
        "_partnerships_by_organization",
        "graph",
        "keys",
        "organizations",
        "partnerships",
        "populations",
        "stamps",
    )

    def __init__(
        self,
        *,
        graph: nx.MultiDiGraph,
        organizations: Mapping[int, OrganizationData],
        partnerships: Mapping[int, PartnershipData],
        keys: KeyInterner,
        stamps: Stamps,
    ) -> None:
        self.graph = graph
        self.organizations = organizations
        self.partnerships = partnerships
        self.keys = keys
        self.stamps = stamps
        self.populations = MappingProxyType(
            {
                population.id: population
                for organization in organizations.values()
                for population in organization.populations
            }
        )
        by_organization: dict[int, list[int]] = defaultdict(list)
        for partnership in partnerships.values():
            by_organization[partnership.inviter_id].append(partnership.id)
            if partnership.invitee_id is not None:
                by_organization[partnership.invitee_id].append(partnership.id)
        self._partnerships_by_organization = MappingProxyType(
            {org_id: tuple(sorted(ids)) for org_id, ids in by_organization.items()}
        )

    def organization(self, organization_id: int) -> OrganizationData | None:
        return self.organizations.get(organization_id)

    def population(self, population_id: int) -> PopulationData | None:
        return self.populations.get(population_id)

    def partnership(self, partnership_id: int) -> PartnershipData | None:
        return self.partnerships.get(partnership_id)

    def partnerships_of(self, organization_id: int) -> tuple[PartnershipData, ...]:
        """Return an organization's partnerships in any status, by id."""
        ids = self._partnerships_by_organization.get(organization_id, ())
        return tuple(self.partnerships[partnership_id] for partnership_id in ids)

    def sharing(self, population_id: int, partnership_id: int) -> SharingSetting | None:
        """Return how a population is shared with the other side of a partnership.

        The sharing edge of the graph stores it; while the invited domain has no
        organization yet there is no edge, and the override or default applies.
        None when the population is not on a side of the partnership.
        """
        population = self.populations.get(population_id)
        partnership = self.partnerships.get(partnership_id)
        if population is None or partnership is None:
            return None
        if not partnership.involves(population.organization_id):
            return None
        partner_id = partnership.partner_of(population.organization_id)
        edge = self.graph.get_edge_data(
            population_node(population_id),
            organization_node(partner_id),
            key=partnership_id,
        )
        if edge is None:
            return effective_sharing(population, partnership)
        return edge["setting"]

    def match_key(self, key_id: int) -> str:
        """Return the match key of an interned key id."""
        return self.keys.key(key_id)

    def key_id(self, key: str) -> int | None:
        """Return the interned id of a match key, or None when no account has it."""
        return self.keys.id_of(key)


def build_ecosystem(
    organizations: Mapping[int, OrganizationData],
    partnerships: Mapping[int, PartnershipData],
    *,
    keys: KeyInterner,
    stamps: Stamps,
) -> Ecosystem:
    """Assemble a frozen ecosystem graph from organization and partnership records."""
    graph = nx.MultiDiGraph()
    for organization in organizations.values():
        _add_organization(graph, organization)
    for partnership in partnerships.values():
        _add_partnership(graph, organizations, partnership)
    nx.freeze(graph)
    return Ecosystem(
        graph=graph,
        organizations=MappingProxyType(dict(organizations)),
        partnerships=MappingProxyType(dict(partnerships)),
        keys=keys,
        stamps=stamps,
    )


def _add_organization(graph: nx.MultiDiGraph, organization: OrganizationData) -> None:
    node = organization_node(organization.id)
    graph.add_node(
        node,
        kind="organization",
        name=organization.name,
        domain_key=organization.domain_key,
        plan=organization.plan,
        currency=organization.currency,
        data=organization,
    )
    for population in organization.populations:
        graph.add_node(
            population_node(population.id),
            kind="population",
            name=population.name,
            standard_type=population.standard_type,
            size=population.size,
            source_kinds=population.source_kinds,
            data=population,
        )
        graph.add_edge(node, population_node(population.id), key=OWNS, kind=OWNS)


def _add_partnership(
    graph: nx.MultiDiGraph,
    organizations: Mapping[int, OrganizationData],
    partnership: PartnershipData,
) -> None:
    inviter = organizations.get(partnership.inviter_id)
    invitee = organizations.get(partnership.invitee_id)
    if inviter is None or invitee is None:
        return
    graph.add_edge(
        organization_node(inviter.id),
        organization_node(invitee.id),
        key=partnership.id,
        kind="partnership",
        status=partnership.status,
        was_active=partnership.was_active,
        invited_at=partnership.invited_at,
        partnered_at=partnership.partnered_at,
        declined_at=partnership.declined_at,
        ended_at=partnership.ended_at,
        data=partnership,
    )
    for side, partner in ((inviter, invitee), (invitee, inviter)):
        for population in side.populations:
            _add_sharing(graph, population, partner.id, partnership)


def _add_sharing(
    graph: nx.MultiDiGraph,
    population: PopulationData,
    partner_id: int,
    partnership: PartnershipData,
) -> None:
    setting = effective_sharing(population, partnership)
    graph.add_edge(
        population_node(population.id),
        organization_node(partner_id),
        key=partnership.id,
        kind="sharing",
        level=setting.level,
        fields=setting.fields,
        setting=setting,
    )
