"""Read organizations and partnerships from storage into immutable records.

Every loader takes one open connection. A caller that reads inside one
consistent snapshot (see `app.graph.cache`) gets records that agree.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from types import MappingProxyType

from pyroaring import FrozenBitMap
from sqlalchemy import Connection, select

from app.core.enums import (
    DataSourceKind,
    PartnershipStatus,
    Plan,
    SharingLevel,
)
from app.graph.accounts import AccountIndex
from app.graph.keys import KeyInterner
from app.graph.load_accounts import load_accounts, stream_rows
from app.graph.model import (
    DataSourceData,
    OrganizationData,
    PartnershipData,
    PopulationData,
    SharingSetting,
)
from app.storage.models import (
    DataSource,
    ExchangeRate,
    Membership,
    Organization,
    Partnership,
    Population,
    SharingOverride,
)


def load_organization(
    connection: Connection, organization_id: int, keys: KeyInterner
) -> OrganizationData | None:
    """Read one organization with its accounts, populations and open amounts."""
    row = connection.execute(
        select(
            Organization.slug,
            Organization.name,
            Organization.domain,
            Organization.domain_key,
            Organization.plan,
            Organization.currency,
            Organization.data_version,
        ).where(Organization.id == organization_id)
    ).one_or_none()
    if row is None:
        return None

    data_sources = _load_data_sources(connection, organization_id)
    accounts = load_accounts(connection, organization_id, row.currency, keys)
    kinds = {source.id: source.kind for source in data_sources}
    populations = _load_populations(connection, organization_id, accounts, kinds)
    return OrganizationData(
        id=organization_id,
        slug=row.slug,
        name=row.name,
        domain=row.domain,
        domain_key=row.domain_key,
        plan=Plan(row.plan),
        currency=row.currency,
        data_version=row.data_version,
        rates=_load_rates(connection, organization_id),
        data_sources=data_sources,
        populations=populations,
        accounts=accounts,
    )


def _load_rates(connection: Connection, organization_id: int) -> MappingProxyType:
    rows = connection.execute(
        select(ExchangeRate.currency, ExchangeRate.rate).where(
            ExchangeRate.organization_id == organization_id
        )
    )
    return MappingProxyType({currency: Decimal(rate) for currency, rate in rows})


def _load_data_sources(
    connection: Connection, organization_id: int
) -> tuple[DataSourceData, ...]:
    rows = connection.execute(
        select(
            DataSource.id, DataSource.kind, DataSource.name, DataSource.synced_fields
        )
        .where(DataSource.organization_id == organization_id)
        .order_by(DataSource.id)
    )
    return tuple(
        DataSourceData(
            id=source_id,
            kind=DataSourceKind(kind),
            name=name,
            synced_fields=frozenset(synced_fields or ()),
        )
        for source_id, kind, name, synced_fields in rows
    )


def _load_populations(
    connection: Connection,
    organization_id: int,
    accounts: AccountIndex,
    kinds: dict[int, DataSourceKind],
) -> tuple[PopulationData, ...]:
    positions = accounts.position_map()
    members: dict[int, list[int]] = defaultdict(list)
    query = (
        select(Membership.population_id, Membership.account_id)
        .join(Population, Population.id == Membership.population_id)
        .where(Population.organization_id == organization_id)
    )
    for population_id, account_id in stream_rows(connection, query):
        position = positions.get(account_id)
        if position is not None:
            members[population_id].append(position)

    populations = connection.execute(
        select(
            Population.id,
            Population.name,
            Population.standard_type,
            Population.default_level,
            Population.default_fields,
        )
        .where(Population.organization_id == organization_id)
        .order_by(Population.id)
    )
    return tuple(
        _population(
            organization_id, row, FrozenBitMap(members.get(row.id, ())), accounts, kinds
        )
        for row in populations
    )


def _population(
    organization_id: int,
    row,
    members: FrozenBitMap,
    accounts: AccountIndex,
    kinds: dict[int, DataSourceKind],
) -> PopulationData:
    source_ids = accounts.data_source_ids
    member_sources = {source_ids[position] for position in members}
    return PopulationData(
        id=row.id,
        organization_id=organization_id,
        name=row.name,
        standard_type=row.standard_type,
        default_level=SharingLevel(row.default_level),
        default_fields=tuple(row.default_fields or ()),
        members=members,
        keys=accounts.keys_of(members),
        source_kinds=tuple(sorted({kinds[source_id] for source_id in member_sources})),
    )


def load_partnership(
    connection: Connection, partnership_id: int
) -> PartnershipData | None:
    """Read one partnership with the sharing overrides of both sides."""
    table = Partnership.__table__
    partnership = connection.execute(
        select(table).where(table.c.id == partnership_id)
    ).one_or_none()
    if partnership is None:
        return None
    overrides = connection.execute(
        select(
            SharingOverride.population_id,
            SharingOverride.level,
            SharingOverride.fields,
        ).where(SharingOverride.partnership_id == partnership_id)
    )
    return PartnershipData(
        id=partnership_id,
        inviter_id=partnership.inviter_id,
        invitee_id=partnership.invitee_id,
        invited_domain=partnership.invited_domain,
        status=PartnershipStatus(partnership.status),
        was_active=partnership.was_active,
        invited_at=partnership.invited_at,
        partnered_at=partnership.partnered_at,
        declined_at=partnership.declined_at,
        ended_at=partnership.ended_at,
        policy_version=partnership.policy_version,
        overrides=MappingProxyType(
            {
                population_id: SharingSetting(
                    level=SharingLevel(level),
                    fields=tuple(fields or ()),
                    from_override=True,
                )
                for population_id, level, fields in overrides
            }
        ),
    )
