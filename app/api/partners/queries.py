"""The `partners` and `partner` queries."""

from __future__ import annotations

import strawberry

from app.api.ids import IdType, decode_id_of, encode_id
from app.api.ordering import order_items, sort_key
from app.api.pagination import Connection, paginate
from app.api.partners.inputs import OrderDirection, PartnerFilter, PartnerOrder
from app.api.partners.types import Partner
from app.operations.partner_reads import (
    PartnerOrderField,
    PartnerRecord,
    get_partner,
    list_partners,
    parse_statuses,
)


@strawberry.type
class PartnersQuery:
    @strawberry.field(
        description=(
            "Your partnerships, ACTIVE unless `filter.status` says otherwise, by "
            "potential influence unless `orderBy` says otherwise. Nulls come last; "
            "ties go by case-folded name, then id."
        )
    )
    def partners(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        order_by: PartnerOrder | None = None,
        filter: PartnerFilter | None = None,
    ) -> Connection[Partner]:
        context = info.context
        order = order_by or PartnerOrder()
        field = PartnerOrderField(order.field)
        statuses = parse_statuses(
            [str(status) for status in filter.status]
            if filter and filter.status
            else None
        )
        ecosystem = context.ecosystem
        records = list_partners(
            context.session,
            ecosystem,
            viewer_id=context.principal.organization.id,
            statuses=statuses,
        )

        def key(record: PartnerRecord) -> list:
            return sort_key(
                record.sort_value(field),
                (record.name or "").casefold(),
                encode_id(IdType.PARTNER, record.view.id),
            )

        ordered, rank = order_items(
            records,
            key,
            descending=order.direction is OrderDirection.DESC,
            numeric=field
            in (
                PartnerOrderField.POTENTIAL_INFLUENCE,
                PartnerOrderField.TOTAL_OVERLAPS,
            ),
        )
        return paginate(
            ordered,
            sort_key=key,
            first=first,
            after=after,
            to_node=lambda record: Partner(record=record, ecosystem=ecosystem),
            order=rank,
        )

    @strawberry.field(description="One of your partnerships, in any status.")
    def partner(self, info: strawberry.Info, id: strawberry.ID) -> Partner | None:
        context = info.context
        ecosystem = context.ecosystem
        record = get_partner(
            context.session,
            ecosystem,
            viewer_id=context.principal.organization.id,
            partnership_id=decode_id_of(id, IdType.PARTNER),
        )
        return Partner(record=record, ecosystem=ecosystem)
