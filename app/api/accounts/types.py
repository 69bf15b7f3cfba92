"""GraphQL types of the viewer's own accounts, opportunities and money."""

from __future__ import annotations

from datetime import date

import strawberry

from app.api.accounts.loaders import opportunities_by_account_loader
from app.api.enums import Outcome
from app.api.ids import IdType, encode_id
from app.api.node import Node
from app.core.money import format_amount, from_units
from app.storage.models import Account as AccountRow
from app.storage.models import Opportunity as OpportunityRow


@strawberry.type(description="An exact amount of money.")
class Money:
    amount: str = strawberry.field(
        description="Decimal string with exactly the currency's minor-unit decimals."
    )
    currency: str = strawberry.field(description="ISO 4217 code.")


@strawberry.type(description="A column of the account's file kept as text.")
class CustomField:
    field: str = strawberry.field(description="The field name, `custom.<column>`.")
    value: str | None


@strawberry.type(description="A deal of the viewer's CRM.")
class Opportunity(Node):
    row: strawberry.Private[OpportunityRow]
    default_currency: strawberry.Private[str]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(encode_id(IdType.OPPORTUNITY, self.row.id))

    @strawberry.field(description="The id in the CRM.")
    def external_id(self) -> str:
        return self.row.external_id

    @strawberry.field
    def name(self) -> str | None:
        return self.row.name

    @strawberry.field(description="Null when the CRM gave no amount.")
    def amount(self) -> Money | None:
        if self.row.amount_units is None:
            return None
        currency = self.row.currency or self.default_currency
        return Money(
            amount=format_amount(from_units(self.row.amount_units), currency),
            currency=currency,
        )

    @strawberry.field
    def stage(self) -> str | None:
        return self.row.stage

    @strawberry.field(
        description="Null while the stage is unmapped; it counts as OPEN."
    )
    def outcome(self) -> Outcome | None:
        return Outcome(self.row.outcome) if self.row.outcome else None

    @strawberry.field
    def close_date(self) -> date | None:
        return self.row.close_date


@strawberry.type(description="A company record of one of the viewer's data sources.")
class Account(Node):
    row: strawberry.Private[AccountRow]
    default_currency: strawberry.Private[str]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(encode_id(IdType.ACCOUNT, self.row.id))

    @strawberry.field(description="The id in the data source.")
    def external_id(self) -> str:
        return self.row.external_id

    @strawberry.field
    def name(self) -> str | None:
        return self.row.name

    @strawberry.field(description="The website as imported.")
    def website(self) -> str | None:
        return self.row.website

    @strawberry.field
    def type(self) -> str | None:
        return self.row.type

    @strawberry.field
    def industry(self) -> str | None:
        return self.row.industry

    @strawberry.field
    def country(self) -> str | None:
        return self.row.country

    @strawberry.field
    def employees(self) -> int | None:
        return self.row.employees

    @strawberry.field
    def owner(self) -> str | None:
        return self.row.owner

    @strawberry.field(description="Every other column of the file, as text.")
    def custom_fields(self) -> list[CustomField]:
        return [
            CustomField(field=f"custom.{name}", value=value)
            for name, value in sorted(self.row.custom.items())
        ]

    @strawberry.field(description="The registrable domain that identifies the company.")
    def match_key(self) -> str | None:
        return self.row.match_key

    @strawberry.field(description="Why the account has no match key, when it has none.")
    def no_key_reason(self) -> str | None:
        return self.row.no_key_reason

    @strawberry.field(
        description="An admin's manual domain, which wins over the website."
    )
    def domain_override(self) -> str | None:
        return self.row.domain_override

    @strawberry.field(description="The account's opportunities, by close date.")
    async def opportunities(self, info: strawberry.Info) -> list[Opportunity]:
        rows = await opportunities_by_account_loader(info.context).load(self.row.id)
        return [
            Opportunity(row=row, default_currency=self.default_currency) for row in rows
        ]
