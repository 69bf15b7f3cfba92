"""Default-deny checks on objects below a partnership.

Each of these raises the same `NotFoundError` from `not_found`: a population,
cell or partner account that does not exist, is HIDDEN, is no visible row or
column, belongs to a partnership that is not ACTIVE, or belongs to another
organization. So a denial is indistinguishable from a missing object.
"""

from __future__ import annotations

from app.core.enums import SharingLevel
from app.core.errors import (
    NotFoundError,
    PlanRequiredError,
    SharingLevelInsufficientError,
)
from app.graph import NO_KEY, Ecosystem
from app.policy.views import PartnershipView, SharedPopulation, view_partnership


def not_found(what: str) -> NotFoundError:
    """Return the one error for anything missing or not visible."""
    return NotFoundError(f"{what} not found")


def require_view(
    ecosystem: Ecosystem,
    viewer_id: int,
    partnership_id: int,
    *,
    active: bool = True,
    min_comparison_size: int | None = None,
) -> PartnershipView:
    """Return the viewer's view of a partnership, or raise `not_found`.

    With `active`, a partnership that is not ACTIVE is not found either,
    which is how objects below a partnership treat it.
    """
    view = view_partnership(
        ecosystem, viewer_id, partnership_id, min_comparison_size=min_comparison_size
    )
    if view is None or (active and not view.is_active):
        raise not_found("partner")
    return view


def require_row(view: PartnershipView, population_id: int) -> SharedPopulation:
    """Return a visible row of the matrix, or raise `not_found`."""
    row = view.row(population_id)
    if row is None:
        raise not_found("population")
    return row


def require_column(view: PartnershipView, population_id: int) -> SharedPopulation:
    """Return a visible column (a partner population), or raise `not_found`."""
    column = view.column(population_id)
    if column is None:
        raise not_found("partner population")
    return column


def require_cell(
    view: PartnershipView, population_id: int, partner_population_id: int
) -> tuple[SharedPopulation, SharedPopulation]:
    """Return the row and column of a visible cell, or raise `not_found`."""
    row = view.row(population_id)
    column = view.column(partner_population_id)
    if row is None or column is None:
        raise not_found("matrix cell")
    return row, column


def column_level(view: PartnershipView, population_id: int) -> SharingLevel | None:
    """Return the level of a visible column, or None when it is not visible."""
    column = view.column(population_id)
    return None if column is None else column.level


def require_level(column: SharedPopulation, required: SharingLevel) -> None:
    """Raise SHARING_LEVEL_INSUFFICIENT unless the column is shared at `required`."""
    if column.allows(required):
        return
    raise SharingLevelInsufficientError(
        f"partner population {column.name!r} is shared at {column.level}; "
        f"this needs {required}"
        f"{'' if required is SharingLevel.ALL else ' or above'}, "
        "which only the partner can grant",
        required_level=required,
        actual_level=column.level,
    )


def require_paid_plan(view: PartnershipView) -> None:
    """Raise PLAN_REQUIRED unless the viewer is on a paid plan."""
    if view.viewer.is_paid:
        return
    raise PlanRequiredError(
        f"this needs a paid plan (CONNECTOR or above); organization "
        f"{view.viewer.slug!r} is on {view.viewer.plan}"
    )


def partner_account_columns(
    view: PartnershipView, account_id: int
) -> tuple[SharedPopulation, ...]:
    """Return the columns through which V may see one of X's accounts.

    A column counts when it contains the account and is shared at ALL, or
    at OVERLAPS while the account's key is in one of V's rows. Empty when
    the account is not X's or not visible.
    """
    if view.partner is None:
        return ()
    accounts = view.partner.accounts
    position = accounts.position(account_id)
    if position is None:
        return ()
    key_id = accounts.key_ids[position]
    overlaps = key_id != NO_KEY and key_id in view.row_keys
    return tuple(
        column
        for column in view.columns
        if position in column.population.members
        and (
            column.allows(SharingLevel.ALL)
            or (overlaps and column.allows(SharingLevel.OVERLAPS))
        )
    )


def partner_account_fields(
    view: PartnershipView, account_id: int
) -> frozenset[str] | None:
    """Return the fields V may read of one of X's accounts, or None if hidden.

    The fields are the union of the shared fields of `partner_account_columns`.
    """
    columns = partner_account_columns(view, account_id)
    if not columns:
        return None
    return frozenset(field for column in columns for field in column.fields)


def require_partner_account(view: PartnershipView, account_id: int) -> frozenset[str]:
    """Return the readable fields of a partner account, or raise `not_found`."""
    fields = partner_account_fields(view, account_id)
    if fields is None:
        raise not_found("partner account")
    return fields


def overlapping_columns(
    view: PartnershipView, key_id: int
) -> tuple[SharedPopulation, ...]:
    """Return the columns at OVERLAPS or above that contain a match key.

    Every statement about one key in relation to the partner draws on these
    only: whether one of V's accounts overlaps X, and X's populations of
    that company.
    """
    if key_id == NO_KEY:
        return ()
    return tuple(
        column for column in view.overlap_columns if key_id in column.population.keys
    )
