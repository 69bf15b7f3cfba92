"""Mutations over the viewer's data: uploads, mappings, rates and domains."""

from __future__ import annotations

import tempfile
from pathlib import Path

import strawberry
from sqlmodel import Session
from strawberry.file_uploads import Upload

from app.api.accounts.types import Account
from app.api.enums import Outcome
from app.api.errors import UserError
from app.api.ids import IdType
from app.api.mutation_runner import decode_argument, run_operation
from app.api.populations.mutations import DeletePayload
from app.api.viewer.types import DataSource
from app.ingest import import_csv_accounts
from app.operations.account_domains import set_account_domain
from app.operations.data_sources import (
    delete_data_source,
    set_customer_types,
    set_stage_mapping,
)
from app.operations.exchange_rates import set_exchange_rate
from app.operations.own_data import get_account, get_data_source
from app.operations.permissions import require_admin
from app.storage.models import User


@strawberry.type(description="The data source a mutation changed, or why it could not.")
class DataSourcePayload:
    data_source: DataSource | None
    errors: list[UserError]


@strawberry.type(description="The account a mutation changed, or why it could not.")
class AccountPayload:
    account: Account | None
    errors: list[UserError]


@strawberry.type(description="The rate now in force, or why it could not change.")
class ExchangeRatePayload:
    currency: str | None
    rate: str | None = strawberry.field(
        description="Corporate-currency units one unit of `currency` is worth."
    )
    errors: list[UserError]


@strawberry.type(description="What an import changed, counted per object type.")
class ImportResult:
    data_source: DataSource
    inserted: int
    updated: int
    deleted: int
    unchanged: int
    accounts_without_key: int
    warnings: list[str]


@strawberry.type(description="An import's result, or every problem that stopped it.")
class ImportPayload:
    result: ImportResult | None
    errors: list[UserError]


def _data_source_payload(
    info: strawberry.Info, source_id: int, errors
) -> DataSourcePayload:
    if errors:
        return DataSourcePayload(data_source=None, errors=errors)
    context = info.context
    row = get_data_source(
        context.session,
        organization_id=context.principal.organization.id,
        data_source_id=source_id,
    )
    return DataSourcePayload(data_source=DataSource(row=row), errors=[])


@strawberry.type
class DataMutation:
    @strawberry.mutation(
        description=(
            "Map a stage of a data source to OPEN, WON or LOST (null unmaps it)."
        )
    )
    def set_stage_mapping(
        self,
        info: strawberry.Info,
        data_source_id: strawberry.ID,
        stage: str,
        outcome: Outcome | None,
    ) -> DataSourcePayload | None:
        source_id = decode_argument(
            data_source_id, IdType.DATA_SOURCE, field="dataSourceId"
        )
        if isinstance(source_id, list):
            return DataSourcePayload(data_source=None, errors=source_id)
        result = run_operation(
            info.context,
            lambda session, actor: set_stage_mapping(
                session, actor, source_id, stage, outcome
            ),
            name="setStageMapping",
        )
        return _data_source_payload(info, source_id, result.errors)

    @strawberry.mutation(
        description="Set the account types that make a company a customer."
    )
    def set_customer_types(
        self, info: strawberry.Info, data_source_id: strawberry.ID, types: list[str]
    ) -> DataSourcePayload | None:
        source_id = decode_argument(
            data_source_id, IdType.DATA_SOURCE, field="dataSourceId"
        )
        if isinstance(source_id, list):
            return DataSourcePayload(data_source=None, errors=source_id)
        result = run_operation(
            info.context,
            lambda session, actor: set_customer_types(session, actor, source_id, types),
            name="setCustomerTypes",
        )
        return _data_source_payload(info, source_id, result.errors)

    @strawberry.mutation(
        description="Delete a data source with its accounts and opportunities."
    )
    def delete_data_source(
        self, info: strawberry.Info, data_source_id: strawberry.ID
    ) -> DeletePayload | None:
        source_id = decode_argument(
            data_source_id, IdType.DATA_SOURCE, field="dataSourceId"
        )
        if isinstance(source_id, list):
            return DeletePayload(deleted_id=None, errors=source_id)
        result = run_operation(
            info.context,
            lambda session, actor: delete_data_source(session, actor, source_id),
            name="deleteDataSource",
        )
        return DeletePayload(
            deleted_id=None if result.errors else data_source_id, errors=result.errors
        )

    @strawberry.mutation(
        description="Set the exchange rate of a currency to your corporate currency."
    )
    def set_exchange_rate(
        self, info: strawberry.Info, currency: str, rate: str
    ) -> ExchangeRatePayload | None:
        result = run_operation(
            info.context,
            lambda session, actor: set_exchange_rate(session, actor, currency, rate),
            name="setExchangeRate",
        )
        if result.errors:
            return ExchangeRatePayload(currency=None, rate=None, errors=result.errors)
        return ExchangeRatePayload(
            currency=result.value.currency,
            rate=format(result.value.rate, "f"),
            errors=[],
        )

    @strawberry.mutation(
        description=(
            "Set an account's domain by hand; it wins over the website and survives "
            "re-imports. `domain: null` removes it."
        )
    )
    def set_account_domain(
        self, info: strawberry.Info, account_id: strawberry.ID, domain: str | None
    ) -> AccountPayload | None:
        decoded = decode_argument(account_id, IdType.ACCOUNT, field="accountId")
        if isinstance(decoded, list):
            return AccountPayload(account=None, errors=decoded)
        result = run_operation(
            info.context,
            lambda session, actor: set_account_domain(session, actor, decoded, domain),
            name="setAccountDomain",
        )
        if result.errors:
            return AccountPayload(account=None, errors=result.errors)
        context = info.context
        organization = context.principal.organization
        row = get_account(
            context.session, organization_id=organization.id, account_id=decoded
        )
        return AccountPayload(
            account=Account(row=row, default_currency=organization.currency), errors=[]
        )

    @strawberry.mutation(
        description=(
            "Import a CSV of accounts (multipart upload), exactly as `partnergraph "
            "import csv` does: atomically, every problem reported."
        )
    )
    async def import_accounts_csv(
        self,
        info: strawberry.Info,
        file: Upload,
        source: str | None = None,
        id_column: str | None = None,
        decimal_separator: str | None = None,
    ) -> ImportPayload | None:
        content = await file.read()
        file_name = Path(getattr(file, "filename", None) or "upload.csv").name
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / file_name
            path.write_bytes(content)

            def operation(session: Session, actor: User):
                require_admin(actor, "importing accounts")
                return import_csv_accounts(
                    session,
                    organization_id=actor.organization_id,
                    path=path,
                    source_name=source,
                    id_column=id_column,
                    decimal_separator=decimal_separator,
                )

            result = run_operation(info.context, operation, name="importAccountsCsv")
        if result.errors:
            return ImportPayload(result=None, errors=result.errors)
        report = result.value
        counts = report.counts.get("accounts")
        context = info.context
        row = get_data_source(
            context.session,
            organization_id=context.principal.organization.id,
            data_source_id=report.data_source_id,
        )
        return ImportPayload(
            result=ImportResult(
                data_source=DataSource(row=row),
                inserted=counts.inserted if counts else 0,
                updated=counts.updated if counts else 0,
                deleted=counts.deleted if counts else 0,
                unchanged=counts.unchanged if counts else 0,
                accounts_without_key=report.accounts_without_key,
                warnings=list(report.warnings),
            ),
            errors=[],
        )
