"""Domain vocabularies shared by every layer, stored as their string values."""

from __future__ import annotations

from enum import StrEnum


class Plan(StrEnum):
    FREE = "FREE"
    CONNECTOR = "CONNECTOR"
    SUPERNODE = "SUPERNODE"
    ENTERPRISE = "ENTERPRISE"

    @property
    def is_paid(self) -> bool:
        return self is not Plan.FREE


class Role(StrEnum):
    ADMIN = "ADMIN"
    MEMBER = "MEMBER"


class DataSourceKind(StrEnum):
    SALESFORCE = "SALESFORCE"
    HUBSPOT = "HUBSPOT"
    DYNAMICS = "DYNAMICS"
    CSV = "CSV"
    GOOGLE_SHEET = "GOOGLE_SHEET"

    @property
    def is_crm(self) -> bool:
        return self in {
            DataSourceKind.SALESFORCE,
            DataSourceKind.HUBSPOT,
            DataSourceKind.DYNAMICS,
        }


class Outcome(StrEnum):
    OPEN = "OPEN"
    WON = "WON"
    LOST = "LOST"


class SharingLevel(StrEnum):
    """The level one side shares a population at, ordered HIDDEN < ... < ALL."""

    HIDDEN = "HIDDEN"
    COUNTS = "COUNTS"
    OVERLAPS = "OVERLAPS"
    ALL = "ALL"

    @property
    def rank(self) -> int:
        return _LEVEL_RANK[self]

    def at_least(self, other: SharingLevel) -> bool:
        return self.rank >= other.rank


_LEVEL_RANK = {
    SharingLevel.HIDDEN: 0,
    SharingLevel.COUNTS: 1,
    SharingLevel.OVERLAPS: 2,
    SharingLevel.ALL: 3,
}


class PartnershipStatus(StrEnum):
    PENDING = "PENDING"
    ACTIVE = "ACTIVE"
    DECLINED = "DECLINED"
    ENDED = "ENDED"


class StandardPopulation(StrEnum):
    CUSTOMERS = "CUSTOMERS"
    OPEN_OPPORTUNITIES = "OPEN_OPPORTUNITIES"
    PROSPECTS = "PROSPECTS"


class SyncedField(StrEnum):
    """Fields a data source records that it keeps in sync."""

    ACCOUNTS = "ACCOUNTS"
    OPPORTUNITY_AMOUNT = "OPPORTUNITY_AMOUNT"
    OPPORTUNITY_STAGE = "OPPORTUNITY_STAGE"


CANONICAL_ACCOUNT_FIELDS = (
    "name",
    "website",
    "type",
    "industry",
    "country",
    "employees",
    "owner",
)
