"""Immutable records of the ecosystem: organizations, populations, partnerships."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from pyroaring import FrozenBitMap

from app.core.enums import (
    DataSourceKind,
    PartnershipStatus,
    Plan,
    SharingLevel,
    SyncedField,
)
from app.graph.accounts import AccountIndex


@dataclass(frozen=True, slots=True)
class DataSourceData:
    """A data source's kind and the fields it keeps in sync."""

    id: int
    kind: DataSourceKind
    name: str
    synced_fields: frozenset[str]

    @property
    def has_opportunity_data(self) -> bool:
        """Whether this is a CRM that syncs opportunity amounts and stages."""
        return (
            self.kind.is_crm
            and SyncedField.OPPORTUNITY_AMOUNT in self.synced_fields
            and SyncedField.OPPORTUNITY_STAGE in self.synced_fields
        )


@dataclass(frozen=True, slots=True)
class PopulationData:
    """A population with its members as a bitmap of account positions.

    `keys` contains the interned match keys of the members, so a custom
    population that contains one of a company's two accounts still has the
    company's key. `size` is the number of distinct keys.
    """

    id: int
    organization_id: int
    name: str
    standard_type: str | None
    default_level: SharingLevel
    default_fields: tuple[str, ...]
    members: FrozenBitMap
    keys: FrozenBitMap
    source_kinds: tuple[DataSourceKind, ...]

    @property
    def size(self) -> int:
        return len(self.keys)


@dataclass(frozen=True, slots=True)
class OrganizationData:
    """Everything about one organization that one `data_version` stamps."""

    id: int
    slug: str
    name: str
    domain: str
    domain_key: str
    plan: Plan
    currency: str
    data_version: int
    rates: Mapping[str, Decimal]
    data_sources: tuple[DataSourceData, ...]
    populations: tuple[PopulationData, ...]
    accounts: AccountIndex

    @property
    def is_paid(self) -> bool:
        return self.plan.is_paid

    @property
    def has_crm_opportunity_data(self) -> bool:
        """Whether some CRM data source syncs opportunity amounts and stages."""
        return any(source.has_opportunity_data for source in self.data_sources)

    def rate(self, currency: str) -> Decimal | None:
        """Return the worth of one unit of `currency` in the corporate currency."""
        if currency == self.currency:
            return Decimal(1)
        return self.rates.get(currency)


@dataclass(frozen=True, slots=True)
class SharingSetting:
    """The level and fields one population is shared at with one partner."""

    level: SharingLevel
    fields: tuple[str, ...]
    from_override: bool


@dataclass(frozen=True, slots=True)
class PartnershipData:
    """A partnership with the sharing overrides of both sides.

    `invitee_id` is None while the invited domain has no organization.
    """

    id: int
    inviter_id: int
    invitee_id: int | None
    invited_domain: str
    status: PartnershipStatus
    was_active: bool
    invited_at: datetime
    partnered_at: datetime | None
    declined_at: datetime | None
    ended_at: datetime | None
    policy_version: int
    overrides: Mapping[int, SharingSetting]

    @property
    def is_active(self) -> bool:
        return self.status is PartnershipStatus.ACTIVE

    def involves(self, organization_id: int) -> bool:
        return organization_id in (self.inviter_id, self.invitee_id)

    def partner_of(self, organization_id: int) -> int | None:
        """Return the other side's organization id (None while not attached)."""
        if organization_id == self.inviter_id:
            return self.invitee_id
        if organization_id == self.invitee_id:
            return self.inviter_id
        raise ValueError(
            f"organization {organization_id} is not a side of partnership {self.id}"
        )


def effective_sharing(
    population: PopulationData, partnership: PartnershipData
) -> SharingSetting:
    """Return the partnership's override for a population, else its default."""
    override = partnership.overrides.get(population.id)
    if override is not None:
        return override
    return SharingSetting(
        level=population.default_level,
        fields=population.default_fields,
        from_override=False,
    )
