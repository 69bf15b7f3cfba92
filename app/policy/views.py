"""Visibility of one partnership to a viewer organization, decided default-deny.

`view_partnership` is the single place that decides the rows, columns and
excluded populations of a partnership for a viewer V. Everything else in
`app.policy` and `app.metrics` reads a `PartnershipView`, so no caller checks
sharing levels or sizes on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pyroaring import FrozenBitMap

from app.core.enums import PartnershipStatus, SharingLevel
from app.core.settings import get_settings
from app.graph import Ecosystem, OrganizationData, PartnershipData, PopulationData


class Side(StrEnum):
    VIEWER = "VIEWER"
    PARTNER = "PARTNER"


class ExclusionReason(StrEnum):
    POPULATION_TOO_SMALL = "POPULATION_TOO_SMALL"


@dataclass(frozen=True, slots=True)
class SharedPopulation:
    """A population with the level and fields its owner shares it at."""

    population: PopulationData
    level: SharingLevel
    fields: tuple[str, ...]
    from_override: bool

    @property
    def id(self) -> int:
        return self.population.id

    @property
    def name(self) -> str:
        return self.population.name

    @property
    def size(self) -> int:
        return self.population.size

    def allows(self, level: SharingLevel) -> bool:
        """Return whether the population is shared at `level` or above."""
        return self.level.at_least(level)


@dataclass(frozen=True, slots=True)
class ExcludedPopulation:
    """A population shared at COUNTS or above that the matrix leaves out."""

    side: Side
    population: PopulationData
    reason: ExclusionReason

    @property
    def name(self) -> str:
        return self.population.name


@dataclass(frozen=True, slots=True)
class PartnershipView:
    """One partnership as the viewer V may see it.

    `partner` is set only while the partnership is ACTIVE; `partner_name` also
    once it has been ACTIVE. `rows` are V's populations that V shares with
    the partner X at COUNTS or above and that reach the minimum size.
    `columns` are X's populations that X shares with V the same way. A
    partnership that is not ACTIVE has no rows, columns or exclusions.
    """

    partnership: PartnershipData
    viewer: OrganizationData
    partner: OrganizationData | None
    partner_name: str | None
    rows: tuple[SharedPopulation, ...]
    columns: tuple[SharedPopulation, ...]
    excluded_populations: tuple[ExcludedPopulation, ...]
    min_comparison_size: int
    row_keys: FrozenBitMap
    column_keys: FrozenBitMap

    @property
    def id(self) -> int:
        return self.partnership.id

    @property
    def status(self) -> PartnershipStatus:
        return self.partnership.status

    @property
    def is_active(self) -> bool:
        return self.partnership.is_active

    @property
    def overlap_columns(self) -> tuple[SharedPopulation, ...]:
        """The columns shared at OVERLAPS or above."""
        return tuple(
            column for column in self.columns if column.allows(SharingLevel.OVERLAPS)
        )

    def row(self, population_id: int) -> SharedPopulation | None:
        return next((row for row in self.rows if row.id == population_id), None)

    def column(self, population_id: int) -> SharedPopulation | None:
        return next(
            (column for column in self.columns if column.id == population_id), None
        )


def view_partnership(
    ecosystem: Ecosystem,
    viewer_id: int,
    partnership_id: int,
    *,
    min_comparison_size: int | None = None,
) -> PartnershipView | None:
    """Return what `viewer_id` may see of a partnership, or None if not a side.

    `min_comparison_size` defaults to the deployment setting.
    """
    partnership = ecosystem.partnership(partnership_id)
    viewer = ecosystem.organization(viewer_id)
    if partnership is None or viewer is None or not partnership.involves(viewer_id):
        return None
    if min_comparison_size is None:
        min_comparison_size = get_settings().min_comparison_size

    partner = ecosystem.organization(partnership.partner_of(viewer_id))
    if not partnership.is_active or partner is None:
        return _reduced_view(partnership, viewer, partner, min_comparison_size)

    rows, viewer_excluded = _shared_populations(
        ecosystem, viewer, partnership, Side.VIEWER, min_comparison_size
    )
    columns, partner_excluded = _shared_populations(
        ecosystem, partner, partnership, Side.PARTNER, min_comparison_size
    )
    return PartnershipView(
        partnership=partnership,
        viewer=viewer,
        partner=partner,
        partner_name=partner.name,
        rows=rows,
        columns=columns,
        excluded_populations=viewer_excluded + partner_excluded,
        min_comparison_size=min_comparison_size,
        row_keys=_union_keys(rows),
        column_keys=_union_keys(columns),
    )


def partner_views(
    ecosystem: Ecosystem,
    viewer_id: int,
    *,
    statuses: frozenset[PartnershipStatus] = frozenset({PartnershipStatus.ACTIVE}),
    min_comparison_size: int | None = None,
) -> list[PartnershipView]:
    """Return the viewer's partnerships in the given statuses, by id."""
    views = []
    for partnership in ecosystem.partnerships_of(viewer_id):
        if partnership.status not in statuses:
            continue
        view = view_partnership(
            ecosystem,
            viewer_id,
            partnership.id,
            min_comparison_size=min_comparison_size,
        )
        if view is not None:
            views.append(view)
    return views


def sharing_toward(
    ecosystem: Ecosystem, organization_id: int, partnership_id: int
) -> tuple[SharedPopulation, ...]:
    """Return every population of an organization with its effective sharing.

    This is the organization's own side (`yourSharing`), so HIDDEN
    populations are included. Empty when the organization is not a side.
    """
    organization = ecosystem.organization(organization_id)
    partnership = ecosystem.partnership(partnership_id)
    if organization is None or partnership is None:
        return ()
    if not partnership.involves(organization_id):
        return ()
    shared = []
    for population in organization.populations:
        setting = ecosystem.sharing(population.id, partnership_id)
        shared.append(
            SharedPopulation(
                population=population,
                level=setting.level,
                fields=setting.fields,
                from_override=setting.from_override,
            )
        )
    return tuple(shared)


def _reduced_view(
    partnership: PartnershipData,
    viewer: OrganizationData,
    partner: OrganizationData | None,
    min_comparison_size: int,
) -> PartnershipView:
    has_been_active = partnership.was_active or partnership.is_active
    return PartnershipView(
        partnership=partnership,
        viewer=viewer,
        partner=None,
        partner_name=partner.name if partner is not None and has_been_active else None,
        rows=(),
        columns=(),
        excluded_populations=(),
        min_comparison_size=min_comparison_size,
        row_keys=FrozenBitMap(),
        column_keys=FrozenBitMap(),
    )


def _shared_populations(
    ecosystem: Ecosystem,
    owner: OrganizationData,
    partnership: PartnershipData,
    side: Side,
    min_comparison_size: int,
) -> tuple[tuple[SharedPopulation, ...], tuple[ExcludedPopulation, ...]]:
    shared = []
    excluded = []
    for population in owner.populations:
        setting = ecosystem.sharing(population.id, partnership.id)
        if setting is None or not setting.level.at_least(SharingLevel.COUNTS):
            continue
        if population.size < min_comparison_size:
            excluded.append(
                ExcludedPopulation(
                    side=side,
                    population=population,
                    reason=ExclusionReason.POPULATION_TOO_SMALL,
                )
            )
            continue
        shared.append(
            SharedPopulation(
                population=population,
                level=setting.level,
                fields=setting.fields,
                from_override=setting.from_override,
            )
        )
    return tuple(shared), tuple(excluded)


def _union_keys(shared: tuple[SharedPopulation, ...]) -> FrozenBitMap:
    if not shared:
        return FrozenBitMap()
    return FrozenBitMap.union(*(item.population.keys for item in shared))
