"""Reads of a viewer's partners: the partners page and one partner's details.

Every function reads one ecosystem snapshot and goes through `app.policy`
for anything about the partner, so the GraphQL layer only shapes results.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from sqlmodel import Session, select

from app.core.enums import Outcome, PartnershipStatus, SharingLevel
from app.core.errors import InvalidInputError
from app.core.money import from_units
from app.graph import Ecosystem
from app.metrics import (
    PartnerSummary,
    cell_account_ids,
    cell_overlaps,
    partner_summary,
)
from app.operations.own_data import get_accounts, opportunities_of_accounts
from app.policy import (
    PartnershipView,
    SharedPopulation,
    not_found,
    partner_account_columns,
    partner_views,
    require_paid_plan,
    require_view,
    view_partnership,
)
from app.policy.projection import ProjectedAccount, load_projected_accounts
from app.storage.models import Account, Opportunity, PartnerTag


class PartnerOrderField(StrEnum):
    POTENTIAL_INFLUENCE = "POTENTIAL_INFLUENCE"
    TOTAL_OVERLAPS = "TOTAL_OVERLAPS"
    NAME = "NAME"
    PARTNERED_AT = "PARTNERED_AT"


@dataclass(frozen=True, slots=True)
class PartnerRecord:
    """A partnership as the viewer sees it, with its metrics and V's tags."""

    view: PartnershipView
    summary: PartnerSummary
    tags: tuple[str, ...]

    @property
    def name(self) -> str | None:
        return self.view.partner_name

    def sort_value(self, field: PartnerOrderField) -> object | None:
        """Return the value this record sorts by, or None (sorted last)."""
        if field is PartnerOrderField.POTENTIAL_INFLUENCE:
            metric = self.summary.potential_influence
            return Decimal(metric.amount) if metric.available else None
        if field is PartnerOrderField.TOTAL_OVERLAPS:
            return self.summary.total_overlaps
        if field is PartnerOrderField.NAME:
            return None if self.name is None else self.name.casefold()
        partnered_at = self.view.partnership.partnered_at
        return None if partnered_at is None else partnered_at.isoformat()


def parse_statuses(statuses: Iterable[str] | None) -> frozenset[PartnershipStatus]:
    """Return the requested statuses, ACTIVE when none are given."""
    if not statuses:
        return frozenset({PartnershipStatus.ACTIVE})
    return frozenset(PartnershipStatus(status) for status in statuses)


def tags_of(
    session: Session, *, organization_id: int, partnership_ids: Sequence[int]
) -> dict[int, tuple[str, ...]]:
    """Return the viewer's own tags per partnership, sorted."""
    found: dict[int, list[str]] = defaultdict(list)
    if partnership_ids:
        rows = session.exec(
            select(PartnerTag.partnership_id, PartnerTag.tag).where(
                PartnerTag.organization_id == organization_id,
                PartnerTag.partnership_id.in_(list(partnership_ids)),
            )
        ).all()
        for partnership_id, tag in rows:
            found[partnership_id].append(tag)
    return {
        partnership_id: tuple(sorted(found.get(partnership_id, [])))
        for partnership_id in partnership_ids
    }


def list_partners(
    session: Session,
    ecosystem: Ecosystem,
    *,
    viewer_id: int,
    statuses: frozenset[PartnershipStatus],
) -> list[PartnerRecord]:
    """Return the viewer's partnerships in the given statuses with their metrics."""
    views = partner_views(ecosystem, viewer_id, statuses=statuses)
    tags = tags_of(
        session, organization_id=viewer_id, partnership_ids=[view.id for view in views]
    )
    return [
        PartnerRecord(
            view=view, summary=partner_summary(ecosystem, view), tags=tags[view.id]
        )
        for view in views
    ]


def get_partner(
    session: Session, ecosystem: Ecosystem, *, viewer_id: int, partnership_id: int
) -> PartnerRecord:
    """Return one of the viewer's partnerships in any status, or raise not found."""
    view = view_partnership(ecosystem, viewer_id, partnership_id)
    if view is None:
        raise not_found("partner")
    tags = tags_of(session, organization_id=viewer_id, partnership_ids=[view.id])
    return PartnerRecord(
        view=view, summary=partner_summary(ecosystem, view), tags=tags[view.id]
    )


def active_view(
    ecosystem: Ecosystem, *, viewer_id: int, partnership_id: int
) -> PartnershipView:
    """Return the view of an ACTIVE partnership, or raise the uniform not found."""
    return require_view(ecosystem, viewer_id, partnership_id, active=True)


def active_view_with(
    ecosystem: Ecosystem, *, viewer_id: int, organization_id: int
) -> PartnershipView:
    """Return the viewer's ACTIVE partnership with an organization, or not found."""
    for partnership in ecosystem.partnerships_of(viewer_id):
        if not partnership.is_active:
            continue
        if partnership.partner_of(viewer_id) == organization_id:
            return require_view(ecosystem, viewer_id, partnership.id, active=True)
    raise not_found("partner")


def check_partner_field(
    view: PartnershipView, field: str, *, population_id: int
) -> None:
    """Reject sorting or filtering by a partner field the column does not share.

    The message is the same whether or not the partner has the field.
    """
    column = view.column(population_id)
    if column is None or not column.allows(SharingLevel.OVERLAPS):
        raise not_found("partner population")
    if field not in column.fields:
        raise InvalidInputError(
            f"partner field {field!r} is not shared with you in this partner "
            "population; sort or filter by one of its shared fields",
            field="partnerField",
        )


@dataclass(frozen=True, slots=True)
class VisiblePartnerAccount:
    projected: ProjectedAccount
    columns: tuple[SharedPopulation, ...]


def visible_partner_accounts(
    session: Session, view: PartnershipView, account_ids: Sequence[int]
) -> list[VisiblePartnerAccount]:
    """Return the partner accounts the viewer may see, in the order given.

    An id the viewer may not see is left out, whether or not it exists.
    """
    columns = {
        account_id: partner_account_columns(view, account_id)
        for account_id in account_ids
    }
    allowed = {
        account_id: frozenset(field for column in found for field in column.fields)
        for account_id, found in columns.items()
        if found
    }
    projected = load_projected_accounts(session, allowed)
    return [
        VisiblePartnerAccount(
            projected=projected[account_id], columns=columns[account_id]
        )
        for account_id in account_ids
        if account_id in projected
    ]


class OverlapOrderField(StrEnum):
    MATCH_KEY = "MATCH_KEY"
    ACCOUNT_NAME = "ACCOUNT_NAME"
    PARTNER_FIELD = "PARTNER_FIELD"


@dataclass(frozen=True, slots=True)
class OverlapRecord:
    """One overlap of a cell with the rows the response shows."""

    match_key: str
    accounts: tuple[Account, ...]
    partner_accounts: tuple[VisiblePartnerAccount, ...]
    sort_value: str | None


def cell_overlap_records(
    session: Session,
    ecosystem: Ecosystem,
    view: PartnershipView,
    *,
    population_id: int,
    partner_population_id: int,
    order: OverlapOrderField = OverlapOrderField.MATCH_KEY,
    partner_field: str | None = None,
    match_keys: Sequence[str] | None = None,
) -> list[OverlapRecord]:
    """Return a cell's overlaps with V's accounts and X's visible accounts.

    Raises NOT_FOUND unless the cell is visible and SHARING_LEVEL_INSUFFICIENT
    unless X shares the column at OVERLAPS or above. With `match_keys`, only
    those overlaps are built, in that order.
    """
    if order is OverlapOrderField.PARTNER_FIELD:
        if not partner_field:
            raise InvalidInputError(
                "ordering by PARTNER_FIELD needs `partnerField`, the field to sort by",
                field="partnerField",
            )
        check_partner_field(view, partner_field, population_id=partner_population_id)
    overlaps = cell_overlaps(
        ecosystem, view, population_id, partner_population_id, match_keys=match_keys
    )
    own = get_accounts(
        session,
        organization_id=view.viewer.id,
        account_ids=[
            account_id for item in overlaps for account_id in item.account_ids
        ],
    )
    partner_ids = [
        account_id for item in overlaps for account_id in item.partner_account_ids
    ]
    visible = {
        account.projected.account_id: account
        for account in visible_partner_accounts(session, view, partner_ids)
    }
    records = []
    for item in overlaps:
        accounts = tuple(own[account_id] for account_id in item.account_ids)
        partners = tuple(
            visible[account_id]
            for account_id in item.partner_account_ids
            if account_id in visible
        )
        records.append(
            OverlapRecord(
                match_key=item.match_key,
                accounts=accounts,
                partner_accounts=partners,
                sort_value=_overlap_sort_value(
                    accounts, partners, order, partner_field
                ),
            )
        )
    return records


def _overlap_sort_value(
    accounts: Sequence[Account],
    partners: Sequence[VisiblePartnerAccount],
    order: OverlapOrderField,
    partner_field: str | None,
) -> str | None:
    if order is OverlapOrderField.ACCOUNT_NAME:
        name = accounts[0].name if accounts else None
        return None if name is None else name.casefold()
    if order is OverlapOrderField.PARTNER_FIELD and partners:
        value = partners[0].projected.value(partner_field or "")
        return None if value is None else value.casefold()
    return None


class OpportunityOrderField(StrEnum):
    AMOUNT = "AMOUNT"
    CLOSE_DATE = "CLOSE_DATE"


def cell_opportunities(
    session: Session,
    ecosystem: Ecosystem,
    view: PartnershipView,
    *,
    population_id: int,
    partner_population_id: int,
    outcome: Outcome | None = None,
) -> list[Opportunity]:
    """Return V's opportunities on accounts in row P whose key is in column Q.

    The level check comes before the plan check, so a COUNTS column on the
    free plan reports SHARING_LEVEL_INSUFFICIENT. An unmapped stage counts
    as OPEN.
    """
    account_ids = cell_account_ids(
        ecosystem, view, population_id, partner_population_id
    )
    require_paid_plan(view)
    opportunities = opportunities_of_accounts(
        session, organization_id=view.viewer.id, account_ids=account_ids
    )
    if outcome is None:
        return opportunities
    return [
        opportunity
        for opportunity in opportunities
        if (opportunity.outcome or Outcome.OPEN) == outcome
    ]


def opportunity_value(
    opportunity: Opportunity, view: PartnershipView, order: OpportunityOrderField
) -> object | None:
    """Return what an opportunity sorts by: its amount in the corporate currency
    (None without an amount or a rate) or its close date."""
    if order is OpportunityOrderField.CLOSE_DATE:
        close_date = opportunity.close_date
        return None if close_date is None else close_date.isoformat()
    if opportunity.amount_units is None:
        return None
    rate = view.viewer.rate(opportunity.currency or view.viewer.currency)
    if rate is None:
        return None
    return from_units(opportunity.amount_units) * rate


def preview_view(
    ecosystem: Ecosystem, *, viewer_id: int, partnership_id: int
) -> PartnershipView:
    """Return the partnership as the partner sees it, for `previewAsPartner`.

    Only what the partner sees of the viewer is read from it: the viewer's
    populations as its columns, the overlap counts and the viewer's accounts
    reduced to the viewer's shared fields.
    """
    own = active_view(ecosystem, viewer_id=viewer_id, partnership_id=partnership_id)
    return require_view(ecosystem, own.partner.id, partnership_id, active=True)


def preview_account_ids(view: PartnershipView) -> list[int]:
    """Return the accounts of `view.partner` that `view.viewer` could see, by id.

    Every id still goes through `visible_partner_accounts`, which applies the
    policy; this only narrows the candidates.
    """
    accounts = view.partner.accounts
    positions: set[int] = set()
    for column in view.columns:
        if column.allows(SharingLevel.ALL):
            positions.update(column.population.members)
        elif column.allows(SharingLevel.OVERLAPS):
            positions.update(
                position
                for position in column.population.members
                if accounts.key_ids[position] in view.row_keys
            )
    return sorted(accounts.account_ids[position] for position in positions)
