"""Partner mutations: invitations, accepting or declining them, ending and tags."""

from __future__ import annotations

from collections.abc import Callable

import strawberry
from sqlmodel import Session

from app.api.errors import UserError
from app.api.ids import IdType
from app.api.mutation_runner import decode_argument, run_operation
from app.api.partners.types import Partner
from app.operations.partner_reads import get_partner
from app.operations.partnerships import (
    accept_partnership,
    decline_partnership,
    end_partnership,
    invite_partner,
)
from app.operations.tags import tag_partner
from app.storage.models import User


@strawberry.type(description="The partner a mutation changed, or why it could not.")
class PartnerPayload:
    partner: Partner | None
    errors: list[UserError]


def _partner_payload(
    info: strawberry.Info,
    operation: Callable[[Session, User], int],
    *,
    name: str,
) -> PartnerPayload:
    outcome = run_operation(
        info.context, operation, name=name, fields={"partnership_id": "partnerId"}
    )
    if outcome.errors:
        return PartnerPayload(partner=None, errors=outcome.errors)
    context = info.context
    record = get_partner(
        context.session,
        context.ecosystem,
        viewer_id=context.principal.organization.id,
        partnership_id=outcome.value,
    )
    return PartnerPayload(
        partner=Partner(record=record, ecosystem=context.ecosystem), errors=[]
    )


def _partner_id(partner_id: strawberry.ID) -> int | PartnerPayload:
    decoded = decode_argument(partner_id, IdType.PARTNER, field="partnerId")
    if isinstance(decoded, list):
        return PartnerPayload(partner=None, errors=decoded)
    return decoded


def _respond_to_partnership(
    info: strawberry.Info, partner_id: strawberry.ID, action, *, name: str
) -> PartnerPayload:
    decoded = _partner_id(partner_id)
    if isinstance(decoded, PartnerPayload):
        return decoded
    return _partner_payload(
        info, lambda session, actor: action(session, actor, decoded).id, name=name
    )


@strawberry.type
class PartnersMutation:
    @strawberry.mutation(
        description=(
            "Invite the organization behind a web domain. The response has the same "
            "shape whether or not an organization uses that domain."
        )
    )
    def invite_partner(
        self, info: strawberry.Info, domain: str
    ) -> PartnerPayload | None:
        return _partner_payload(
            info,
            lambda session, actor: invite_partner(session, actor, domain).id,
            name="invitePartner",
        )

    @strawberry.mutation(description="Accept an invitation your organization received.")
    def accept_partnership(
        self, info: strawberry.Info, partner_id: strawberry.ID
    ) -> PartnerPayload | None:
        return _respond_to_partnership(
            info, partner_id, accept_partnership, name="acceptPartnership"
        )

    @strawberry.mutation(
        description="Decline an invitation your organization received."
    )
    def decline_partnership(
        self, info: strawberry.Info, partner_id: strawberry.ID
    ) -> PartnerPayload | None:
        return _respond_to_partnership(
            info, partner_id, decline_partnership, name="declinePartnership"
        )

    @strawberry.mutation(description="End a partnership or withdraw an invitation.")
    def end_partnership(
        self, info: strawberry.Info, partner_id: strawberry.ID
    ) -> PartnerPayload | None:
        return _respond_to_partnership(
            info, partner_id, end_partnership, name="endPartnership"
        )

    @strawberry.mutation(
        description="Replace your own tags on a partner; members may tag too."
    )
    def tag_partner(
        self, info: strawberry.Info, partner_id: strawberry.ID, tags: list[str]
    ) -> PartnerPayload | None:
        decoded = _partner_id(partner_id)
        if isinstance(decoded, PartnerPayload):
            return decoded

        def operation(session: Session, actor: User) -> int:
            tag_partner(session, actor, decoded, tags)
            return decoded

        return _partner_payload(info, operation, name="tagPartner")
