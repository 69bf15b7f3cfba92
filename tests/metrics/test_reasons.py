"""Why an influence figure is unavailable: each reason alone and combined."""

from __future__ import annotations

import pytest

from app.metrics import cell_influence, potential_influence
from tests.graph.builders import (
    add_account,
    add_opportunity,
    add_partnership,
    add_population,
    make_org,
    save,
    view_for,
)

ACCOUNT_FIELDS = ["ACCOUNTS"]


def _ecosystem(
    session,
    *,
    plan="connector",
    source_kind="SALESFORCE",
    synced_fields=("ACCOUNTS", "OPPORTUNITY_AMOUNT", "OPPORTUNITY_STAGE"),
    row_level="COUNTS",
    column_levels=("OVERLAPS",),
    status="ACTIVE",
):
    """Build V with one row and X with one column per level, all over a.com."""
    viewer = make_org(
        session,
        "viewer",
        plan=plan,
        source_kind=source_kind,
        synced_fields=synced_fields,
    )
    partner = make_org(session, "partner")
    account = add_account(session, viewer, "a.com")
    if source_kind == "SALESFORCE":
        add_opportunity(session, account, "100")
    row = add_population(session, viewer, "Mine", [account], level=row_level)
    columns = [
        add_population(
            session,
            partner,
            f"Theirs {index}",
            [add_account(session, partner, "a.com")],
            level=level,
        )
        for index, level in enumerate(column_levels)
    ]
    partnership = add_partnership(session, viewer, partner, status=status)
    save(session)
    return viewer, partnership, row, columns


def test_all_conditions_hold(engine, session):
    viewer, partnership, row, columns = _ecosystem(session)

    ecosystem, view = view_for(engine, viewer, partnership)
    total = potential_influence(ecosystem, view)
    cell = cell_influence(ecosystem, view, row.id, columns[0].id)

    assert total.available is True
    assert total.unavailable_reasons == ()
    assert total.amount == "100.00"
    assert cell.available is True
    assert cell.amount == "100.00"


@pytest.mark.parametrize("status", ["PENDING", "DECLINED", "ENDED"])
def test_not_active_is_the_only_reason(engine, session, status):
    viewer, partnership, _, _ = _ecosystem(
        session,
        plan="free",
        source_kind="CSV",
        synced_fields=ACCOUNT_FIELDS,
        row_level="HIDDEN",
        column_levels=("COUNTS",),
        status=status,
    )

    ecosystem, view = view_for(engine, viewer, partnership)
    total = potential_influence(ecosystem, view)

    assert total.available is False
    assert total.unavailable_reasons == ("PARTNERSHIP_NOT_ACTIVE",)
    assert total.amount is None
    assert total.currency is None
    assert total.opportunity_count is None
    assert total.excluded_opportunity_count is None
    assert total.unmapped_stage_count is None


def test_csv_only_has_no_opportunity_data(engine, session):
    viewer, partnership, _, _ = _ecosystem(
        session, source_kind="CSV", synced_fields=ACCOUNT_FIELDS
    )

    ecosystem, view = view_for(engine, viewer, partnership)
    total = potential_influence(ecosystem, view)

    assert total.unavailable_reasons == ("NO_CRM_OPPORTUNITY_DATA",)
    assert total.amount is None


@pytest.mark.parametrize(
    "synced_fields",
    [("ACCOUNTS", "OPPORTUNITY_STAGE"), ("ACCOUNTS", "OPPORTUNITY_AMOUNT")],
)
def test_crm_without_amount_or_stage_has_no_data(engine, session, synced_fields):
    viewer, partnership, _, _ = _ecosystem(session, synced_fields=synced_fields)

    ecosystem, view = view_for(engine, viewer, partnership)
    total = potential_influence(ecosystem, view)

    assert total.unavailable_reasons == ("NO_CRM_OPPORTUNITY_DATA",)


def test_viewer_sharing_nothing(engine, session):
    viewer, partnership, _, _ = _ecosystem(session, row_level="HIDDEN")

    ecosystem, view = view_for(engine, viewer, partnership)
    total = potential_influence(ecosystem, view)

    assert total.unavailable_reasons == ("NOT_SHARING_WITH_PARTNER",)


def test_viewer_sharing_only_small_populations(engine, session):
    viewer, partnership, _, _ = _ecosystem(session, column_levels=("OVERLAPS",))
    # The partner's column has one key too, so both sides fail the size of 2.

    ecosystem, view = view_for(engine, viewer, partnership, min_size=2)
    total = potential_influence(ecosystem, view)

    assert total.unavailable_reasons == (
        "NOT_SHARING_WITH_PARTNER",
        "PARTNER_NOT_SHARING",
    )


def test_partner_sharing_counts_only(engine, session):
    viewer, partnership, row, columns = _ecosystem(session, column_levels=("COUNTS",))

    ecosystem, view = view_for(engine, viewer, partnership)
    total = potential_influence(ecosystem, view)
    cell = cell_influence(ecosystem, view, row.id, columns[0].id)

    assert total.unavailable_reasons == ("PARTNER_NOT_SHARING",)
    assert cell.unavailable_reasons == (
        "PARTNER_NOT_SHARING",
        "PARTNER_SHARES_COUNTS_ONLY",
    )


def test_counts_column_beside_overlaps_column(engine, session):
    viewer, partnership, row, columns = _ecosystem(
        session, column_levels=("OVERLAPS", "COUNTS")
    )

    ecosystem, view = view_for(engine, viewer, partnership)
    counts_cell = cell_influence(ecosystem, view, row.id, columns[1].id)
    overlaps_cell = cell_influence(ecosystem, view, row.id, columns[0].id)

    assert counts_cell.unavailable_reasons == ("PARTNER_SHARES_COUNTS_ONLY",)
    assert counts_cell.amount is None
    assert overlaps_cell.amount == "100.00"


def test_free_plan_gates_cells_only(engine, session):
    viewer, partnership, row, columns = _ecosystem(session, plan="free")

    ecosystem, view = view_for(engine, viewer, partnership)
    total = potential_influence(ecosystem, view)
    cell = cell_influence(ecosystem, view, row.id, columns[0].id)

    assert total.available is True
    assert total.amount == "100.00"
    assert cell.unavailable_reasons == ("PLAN_REQUIRED",)


def test_reasons_combine_in_table_order(engine, session):
    viewer, partnership, row, columns = _ecosystem(
        session,
        plan="free",
        source_kind="CSV",
        synced_fields=ACCOUNT_FIELDS,
        column_levels=("COUNTS",),
    )

    ecosystem, view = view_for(engine, viewer, partnership)
    total = potential_influence(ecosystem, view)
    cell = cell_influence(ecosystem, view, row.id, columns[0].id)

    assert total.unavailable_reasons == (
        "NO_CRM_OPPORTUNITY_DATA",
        "PARTNER_NOT_SHARING",
    )
    assert cell.unavailable_reasons == (
        "NO_CRM_OPPORTUNITY_DATA",
        "PARTNER_NOT_SHARING",
        "PARTNER_SHARES_COUNTS_ONLY",
        "PLAN_REQUIRED",
    )


def test_every_partner_level_reason_at_once(engine, session):
    viewer, partnership, _, _ = _ecosystem(
        session,
        source_kind="CSV",
        synced_fields=ACCOUNT_FIELDS,
        row_level="HIDDEN",
        column_levels=("HIDDEN",),
    )

    ecosystem, view = view_for(engine, viewer, partnership)
    total = potential_influence(ecosystem, view)

    assert total.unavailable_reasons == (
        "NO_CRM_OPPORTUNITY_DATA",
        "NOT_SHARING_WITH_PARTNER",
        "PARTNER_NOT_SHARING",
    )
