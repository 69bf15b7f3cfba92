"""Data sources as imports find, create and describe them."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from app.core.enums import DataSourceKind, SyncedField
from app.core.errors import InvalidInputError, NotFoundError
from app.populations.membership import DEFAULT_CUSTOMER_TYPES
from app.storage.models import Account, DataSource, Opportunity, Organization
from app.storage.types import utc_now

_MAX_NAME = 200


def get_organization_or_raise(session: Session, organization_id: int) -> Organization:
    organization = session.get(Organization, organization_id)
    if organization is None:
        raise NotFoundError(f"organization {organization_id} not found")
    return organization


def check_source_name(name: str) -> str:
    """Return a data source name without surrounding spaces, or raise if invalid."""
    cleaned = name.strip()
    if not cleaned or len(cleaned) > _MAX_NAME:
        raise InvalidInputError(
            f"invalid data source name {name!r}: expected 1 to {_MAX_NAME} "
            "characters; pass --source NAME",
            field="source",
        )
    return cleaned


def find_data_source(
    session: Session, *, organization_id: int, name: str, kind: DataSourceKind
) -> DataSource | None:
    """Return the organization's source of that name, or None if there is none.

    On PostgreSQL the source's row stays locked until the transaction ends, so
    two imports into one source run one after the other. Raises
    InvalidInputError when the source exists with another kind, since an
    import reconciles only a source of its own kind.
    """
    source = session.exec(
        select(DataSource)
        .where(DataSource.organization_id == organization_id, DataSource.name == name)
        .with_for_update()
    ).first()
    if source is not None and source.kind != kind:
        raise InvalidInputError(
            f"data source {name!r} is a {source.kind} source, so a {kind} import "
            "cannot update it; pass --source with another name",
            field="source",
        )
    return source


def create_data_source(
    session: Session, *, organization_id: int, name: str, kind: DataSourceKind
) -> DataSource:
    """Create a data source with the default customer types."""
    source = DataSource(
        organization_id=organization_id,
        kind=str(kind),
        name=name,
        customer_types=list(DEFAULT_CUSTOMER_TYPES),
    )
    session.add(source)
    session.flush()
    return source


def domain_overrides(session: Session, source: DataSource | None) -> dict[str, str]:
    """Return the admin-set domains of a source's accounts, by external id."""
    if source is None:
        return {}
    rows = session.exec(
        select(Account.external_id, Account.domain_override).where(
            Account.data_source_id == source.id,
            Account.domain_override.is_not(None),
        )
    ).all()
    return dict(rows)


def account_external_ids(session: Session, source: DataSource | None) -> set[str]:
    if source is None:
        return set()
    return set(
        session.exec(
            select(Account.external_id).where(Account.data_source_id == source.id)
        ).all()
    )


def unmapped_stages(session: Session, source: DataSource) -> list[str]:
    """Return the sorted stages of a source's opportunities that have no outcome."""
    stages = session.exec(
        select(Opportunity.stage)
        .where(
            Opportunity.data_source_id == source.id,
            Opportunity.outcome.is_(None),
            Opportunity.stage.is_not(None),
        )
        .distinct()
    ).all()
    return sorted(stages)


def synced_fields(
    source: DataSource,
    *,
    accounts_imported: bool,
    opportunity_fields: set[SyncedField] | None,
) -> list[str]:
    """Return what the source syncs after an import of the given files.

    Fields of an object type that the import did not touch stay as they were.
    """
    fields = {SyncedField(value) for value in source.synced_fields}
    if accounts_imported:
        fields.add(SyncedField.ACCOUNTS)
    if opportunity_fields is not None:
        fields -= {SyncedField.OPPORTUNITY_AMOUNT, SyncedField.OPPORTUNITY_STAGE}
        fields |= opportunity_fields
    return [str(value) for value in SyncedField if value in fields]


def update_source(source: DataSource, *, changed: bool, **values: object) -> bool:
    """Set the given attributes where they differ; return whether anything changed.

    `imported_at` moves only when the import changed data or the source, so
    importing the same file twice leaves the source as it was.
    """
    for name, value in values.items():
        if getattr(source, name) != value:
            setattr(source, name, value)
            changed = True
    if changed:
        source.imported_at = utc_now()
    return changed


def account_count(session: Session, source: DataSource | None) -> int:
    """Return the number of accounts in a data source (0 for a new source)."""
    if source is None:
        return 0
    return session.exec(
        select(func.count())
        .select_from(Account)
        .where(Account.data_source_id == source.id)
    ).one()
