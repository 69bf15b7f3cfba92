"""The `node(id)` query: one resolver for every global id."""

from __future__ import annotations

import strawberry
from sqlmodel import Session

from app.api.accounts.types import Account, Opportunity
from app.api.ids import IdType, decode_id
from app.api.node import Node, uniform_not_found
from app.api.partners.populations import PartnerAccount, PartnerPopulation
from app.api.partners.types import Partner
from app.api.populations.lookup import own_population
from app.api.viewer.types import DataSource, Organization, User
from app.core.errors import NotFoundError
from app.graph import Ecosystem
from app.operations.own_data import get_account, get_data_source, get_opportunity
from app.operations.partner_reads import (
    active_view_with,
    get_partner,
    visible_partner_accounts,
)
from app.policy import require_column
from app.storage.models import User as UserRow


def _partner_population(ecosystem: Ecosystem, viewer_id: int, population_id: int):
    population = ecosystem.population(population_id)
    if population is None:
        raise uniform_not_found()
    view = active_view_with(
        ecosystem, viewer_id=viewer_id, organization_id=population.organization_id
    )
    return PartnerPopulation(shared=require_column(view, population_id))


def _partner_account(
    session: Session, ecosystem: Ecosystem, viewer_id: int, account_id: int
):
    for partnership in ecosystem.partnerships_of(viewer_id):
        partner_id = partnership.partner_of(viewer_id)
        partner = ecosystem.organization(partner_id) if partner_id else None
        if not partnership.is_active or partner is None:
            continue
        if partner.accounts.position(account_id) is None:
            continue
        view = active_view_with(
            ecosystem, viewer_id=viewer_id, organization_id=partner_id
        )
        for item in visible_partner_accounts(session, view, [account_id]):
            return PartnerAccount(
                projected=item.projected, visible_columns=item.columns
            )
    raise uniform_not_found()


def resolve_node(context, global_id: str) -> Node:
    """Return the object behind a global id if the viewer may see it."""
    id_type, value = decode_id(global_id)
    principal = context.principal
    organization = principal.organization
    session = context.session
    currency = organization.currency

    if id_type is IdType.PARTNER:
        record = get_partner(
            session, context.ecosystem, viewer_id=organization.id, partnership_id=value
        )
        return Partner(record=record, ecosystem=context.ecosystem)
    if id_type is IdType.POPULATION:
        found = own_population(context, value)
    elif id_type is IdType.ACCOUNT:
        row = get_account(session, organization_id=organization.id, account_id=value)
        found = None if row is None else Account(row=row, default_currency=currency)
    elif id_type is IdType.OPPORTUNITY:
        row = get_opportunity(
            session, organization_id=organization.id, opportunity_id=value
        )
        found = None if row is None else Opportunity(row=row, default_currency=currency)
    elif id_type is IdType.DATA_SOURCE:
        row = get_data_source(
            session, organization_id=organization.id, data_source_id=value
        )
        found = None if row is None else DataSource(row=row)
    elif id_type is IdType.ORGANIZATION:
        found = Organization(row=organization) if value == organization.id else None
    elif id_type is IdType.USER:
        row = session.get(UserRow, value)
        found = (
            User(row=row) if row and row.organization_id == organization.id else None
        )
    elif id_type is IdType.PARTNER_POPULATION:
        found = _partner_population(context.ecosystem, organization.id, value)
    elif id_type is IdType.PARTNER_ACCOUNT:
        found = _partner_account(session, context.ecosystem, organization.id, value)
    else:
        found = None
    if found is None:
        raise uniform_not_found()
    return found


@strawberry.type
class NodeQuery:
    @strawberry.field(description="Any object you may see, by its global id.")
    def node(self, info: strawberry.Info, id: strawberry.ID) -> Node | None:
        try:
            return resolve_node(info.context, id)
        except NotFoundError:
            raise uniform_not_found() from None
