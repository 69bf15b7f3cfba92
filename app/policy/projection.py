"""Reduce a partner's account to the fields the viewer may read.

This is the only code that turns another organization's account row into
values for a response; it copies the allowed fields and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlmodel import Session, select

from app.core.enums import CANONICAL_ACCOUNT_FIELDS
from app.storage.models import Account

CUSTOM_PREFIX = "custom."


@dataclass(frozen=True, slots=True)
class ProjectedAccount:
    """A partner account as the viewer may see it: shared fields only.

    `match_key` is set only when `website` is among the shared fields.
    """

    account_id: int
    fields: tuple[tuple[str, str | None], ...]
    match_key: str | None

    def value(self, field: str) -> str | None:
        return dict(self.fields).get(field)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.fields)


def _field_value(account: Account, field: str) -> str | None:
    if field.startswith(CUSTOM_PREFIX):
        return account.custom.get(field.removeprefix(CUSTOM_PREFIX))
    if field in CANONICAL_ACCOUNT_FIELDS:
        value = getattr(account, field)
        return None if value is None else str(value)
    return None


def project_account(account: Account, fields: Iterable[str]) -> ProjectedAccount:
    """Copy only `fields` of an account, in a stable order."""
    allowed = sorted(set(fields))
    return ProjectedAccount(
        account_id=account.id,
        fields=tuple((field, _field_value(account, field)) for field in allowed),
        match_key=account.match_key if "website" in allowed else None,
    )


def load_projected_accounts(
    session: Session, allowed_fields: dict[int, frozenset[str]]
) -> dict[int, ProjectedAccount]:
    """Load accounts by id and project each to its allowed fields.

    `allowed_fields` comes from the policy checks; an id missing from it is
    never loaded.
    """
    ids: Sequence[int] = sorted(allowed_fields)
    if not ids:
        return {}
    rows = session.exec(select(Account).where(Account.id.in_(ids))).all()
    return {row.id: project_account(row, allowed_fields[row.id]) for row in rows}
