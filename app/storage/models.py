"""SQLModel tables: every entity of the product, with an index for each lookup.

Enumerations are stored as their string values (see `app.core.enums`), money as
integer units of 1/10,000, exchange rates as exact decimal text and timestamps
in UTC. Table models never leave the domain layer as API types.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.storage.types import ExactDecimal, UtcDateTime, utc_now


def _created_at() -> Any:
    return Field(default_factory=utc_now, sa_type=UtcDateTime, nullable=False)


def _optional_time() -> Any:
    return Field(default=None, sa_type=UtcDateTime, nullable=True)


class Organization(SQLModel, table=True):
    """A company using the service; `data_version` is its cache stamp."""

    __tablename__ = "organization"
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=64, unique=True, nullable=False)
    name: str = Field(max_length=200, nullable=False)
    domain: str = Field(max_length=253, nullable=False)
    domain_key: str = Field(max_length=253, unique=True, nullable=False)
    plan: str = Field(default="FREE", max_length=16, nullable=False)
    currency: str = Field(default="USD", max_length=3, nullable=False)
    is_demo: bool = Field(default=False, nullable=False)
    data_version: int = Field(default=1, sa_type=BigInteger, nullable=False)
    created_at: datetime = _created_at()


class User(SQLModel, table=True):
    __tablename__ = "app_user"
    __table_args__ = (
        UniqueConstraint("organization_id", "email", name="uq_user_org_email"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", ondelete="CASCADE")
    email: str = Field(max_length=320, nullable=False)
    role: str = Field(default="MEMBER", max_length=16, nullable=False)
    created_at: datetime = _created_at()


class ApiToken(SQLModel, table=True):
    """A bearer token, stored only as a SHA-256 hash of its secret part."""

    __tablename__ = "api_token"
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    public_id: str = Field(max_length=32, unique=True, nullable=False)
    user_id: int = Field(foreign_key="app_user.id", ondelete="CASCADE", index=True)
    secret_hash: str = Field(max_length=64, nullable=False)
    created_at: datetime = _created_at()
    revoked_at: datetime | None = _optional_time()
    last_used_at: datetime | None = _optional_time()


class DataSource(SQLModel, table=True):
    """A source of records (a CRM or a file), with its stage mapping and customer types.

    `stage_mapping` maps a stage to OPEN, WON or LOST; `unmapped_stages` lists
    stages seen in opportunities that have no mapping yet. `custom_field_types`
    maps each `custom.<column>` field to number, date or text.
    """

    __tablename__ = "data_source"
    __table_args__ = (
        UniqueConstraint("organization_id", "name", name="uq_data_source_org_name"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", ondelete="CASCADE")
    kind: str = Field(max_length=16, nullable=False)
    name: str = Field(max_length=200, nullable=False)
    synced_fields: list[str] = Field(default_factory=list, sa_type=JSON)
    stage_mapping: dict[str, str] = Field(default_factory=dict, sa_type=JSON)
    unmapped_stages: list[str] = Field(default_factory=list, sa_type=JSON)
    customer_types: list[str] = Field(default_factory=list, sa_type=JSON)
    custom_field_types: dict[str, str] = Field(default_factory=dict, sa_type=JSON)
    created_at: datetime = _created_at()
    imported_at: datetime | None = _optional_time()


class Account(SQLModel, table=True):
    """A company record of one data source.

    `website` is the raw value from the file; `domain_override` is an admin's
    manual domain, which wins over the website and survives re-imports.
    `custom` contains every other column as text, keyed by the column name.
    """

    __tablename__ = "account"
    __table_args__ = (
        UniqueConstraint("data_source_id", "external_id", name="uq_account_source_id"),
        Index("ix_account_org_key", "organization_id", "match_key"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", ondelete="CASCADE")
    data_source_id: int = Field(foreign_key="data_source.id", ondelete="CASCADE")
    external_id: str = Field(max_length=255, nullable=False)
    name: str | None = Field(default=None)
    website: str | None = Field(default=None)
    type: str | None = Field(default=None)
    industry: str | None = Field(default=None)
    country: str | None = Field(default=None)
    employees: int | None = Field(default=None, sa_type=BigInteger)
    owner: str | None = Field(default=None)
    custom: dict[str, str] = Field(default_factory=dict, sa_type=JSON)
    domain_override: str | None = Field(default=None, max_length=253)
    match_key: str | None = Field(default=None, max_length=253)
    no_key_reason: str | None = Field(default=None, max_length=32)


class Opportunity(SQLModel, table=True):
    """A deal; `amount_units` is in 1/10,000 of `currency`.

    `outcome` is null while the stage is unmapped; such an opportunity counts
    as OPEN. `account_external_id` keeps the raw account id from the file so
    the opportunity can be relinked on the next import of its source.
    """

    __tablename__ = "opportunity"
    __table_args__ = (
        UniqueConstraint(
            "data_source_id", "external_id", name="uq_opportunity_source_id"
        ),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(
        foreign_key="organization.id", ondelete="CASCADE", index=True
    )
    data_source_id: int = Field(foreign_key="data_source.id", ondelete="CASCADE")
    external_id: str = Field(max_length=255, nullable=False)
    account_external_id: str | None = Field(default=None, max_length=255)
    account_id: int | None = Field(
        default=None, foreign_key="account.id", ondelete="SET NULL", index=True
    )
    name: str | None = Field(default=None)
    amount_units: int | None = Field(default=None, sa_type=BigInteger)
    currency: str | None = Field(default=None, max_length=3)
    stage: str | None = Field(default=None, max_length=255)
    outcome: str | None = Field(default=None, max_length=8)
    close_date: date | None = Field(default=None)


class Population(SQLModel, table=True):
    """A named set of accounts: standard (by type) or custom (by filter)."""

    __tablename__ = "population"
    __table_args__ = (
        UniqueConstraint("organization_id", "name", name="uq_population_org_name"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", ondelete="CASCADE")
    name: str = Field(max_length=200, nullable=False)
    standard_type: str | None = Field(default=None, max_length=32)
    filter: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    default_level: str = Field(default="HIDDEN", max_length=16, nullable=False)
    default_fields: list[str] = Field(default_factory=list, sa_type=JSON)
    created_at: datetime = _created_at()


class Membership(SQLModel, table=True):
    __tablename__ = "membership"
    __table_args__ = (Index("ix_membership_account", "account_id"),)

    population_id: int = Field(
        foreign_key="population.id", ondelete="CASCADE", primary_key=True
    )
    account_id: int = Field(
        foreign_key="account.id", ondelete="CASCADE", primary_key=True
    )


class Partnership(SQLModel, table=True):
    """A dual opt-in link; `policy_version` is its cache stamp.

    While the invited domain has no organization, `invitee_id` is null: that
    row is the pending invitation by domain, attached when an organization with
    that domain key is created.
    """

    __tablename__ = "partnership"
    __table_args__ = (
        Index("ix_partnership_invitee", "invitee_id"),
        Index("ix_partnership_inviter", "inviter_id"),
        Index("ix_partnership_invited_domain", "invited_domain"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    inviter_id: int = Field(foreign_key="organization.id", ondelete="CASCADE")
    invitee_id: int | None = Field(
        default=None, foreign_key="organization.id", ondelete="CASCADE"
    )
    invited_domain: str = Field(max_length=253, nullable=False)
    status: str = Field(default="PENDING", max_length=16, nullable=False)
    was_active: bool = Field(default=False, nullable=False)
    invited_at: datetime = _created_at()
    partnered_at: datetime | None = _optional_time()
    declined_at: datetime | None = _optional_time()
    ended_at: datetime | None = _optional_time()
    policy_version: int = Field(default=1, sa_type=BigInteger, nullable=False)


class SharingOverride(SQLModel, table=True):
    """One side's level and fields for one population toward one partnership."""

    __tablename__ = "sharing_override"

    partnership_id: int = Field(
        foreign_key="partnership.id", ondelete="CASCADE", primary_key=True
    )
    population_id: int = Field(
        foreign_key="population.id", ondelete="CASCADE", primary_key=True
    )
    level: str = Field(max_length=16, nullable=False)
    fields: list[str] = Field(default_factory=list, sa_type=JSON)


class PartnerTag(SQLModel, table=True):
    """A tag that one side of a partnership keeps privately."""

    __tablename__ = "partner_tag"

    partnership_id: int = Field(
        foreign_key="partnership.id", ondelete="CASCADE", primary_key=True
    )
    organization_id: int = Field(
        foreign_key="organization.id", ondelete="CASCADE", primary_key=True
    )
    tag: str = Field(max_length=64, primary_key=True)


class ExchangeRate(SQLModel, table=True):
    """One unit of `currency` is worth `rate` units of the corporate currency."""

    __tablename__ = "exchange_rate"

    organization_id: int = Field(
        foreign_key="organization.id", ondelete="CASCADE", primary_key=True
    )
    currency: str = Field(max_length=3, primary_key=True)
    rate: Decimal = Field(sa_type=ExactDecimal, nullable=False)
    updated_at: datetime = _created_at()


class ImportStaging(SQLModel, table=True):
    """Rows of a file being imported, private to one import's transaction."""

    __tablename__ = "import_staging"
    __table_args__ = (
        Index("ix_import_staging_batch", "batch_id", "row_number"),
        Index("ix_import_staging_id", "batch_id", "object_type", "external_id"),
    )

    batch_id: str = Field(max_length=32, primary_key=True)
    row_number: int = Field(primary_key=True)
    object_type: str = Field(max_length=16, primary_key=True)
    external_id: str = Field(max_length=255, nullable=False)
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)


__all__ = [
    "Account",
    "ApiToken",
    "DataSource",
    "ExchangeRate",
    "ImportStaging",
    "Membership",
    "Opportunity",
    "Organization",
    "PartnerTag",
    "Partnership",
    "Population",
    "SharingOverride",
    "User",
]
