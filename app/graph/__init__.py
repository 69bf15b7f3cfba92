"""The ecosystem graph built from storage, and its per-process cache."""

from app.graph.accounts import NO_KEY, AccountIndex, OpenAmount
from app.graph.cache import clear_ecosystem_cache, get_ecosystem
from app.graph.ecosystem import (
    Ecosystem,
    Stamps,
    build_ecosystem,
    organization_node,
    population_node,
)
from app.graph.keys import KeyInterner
from app.graph.model import (
    DataSourceData,
    OrganizationData,
    PartnershipData,
    PopulationData,
    SharingSetting,
)

__all__ = [
    "NO_KEY",
    "AccountIndex",
    "DataSourceData",
    "Ecosystem",
    "KeyInterner",
    "OpenAmount",
    "OrganizationData",
    "PartnershipData",
    "PopulationData",
    "SharingSetting",
    "Stamps",
    "build_ecosystem",
    "clear_ecosystem_cache",
    "get_ecosystem",
    "organization_node",
    "population_node",
]
