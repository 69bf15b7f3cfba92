"""Overlap counts, totals and overlap lists on tiny hand-made ecosystems."""

from __future__ import annotations

import pytest

from app.core.errors import NotFoundError, SharingLevelInsufficientError
from app.metrics import (
    cell_account_ids,
    cell_overlap_count,
    cell_overlap_keys,
    cell_overlaps,
    greenfield_account_ids,
    matrix_cells,
    total_overlaps,
)
from tests.graph.builders import (
    add_account,
    add_partnership,
    add_population,
    make_org,
    save,
    view_for,
)


def test_duplicate_accounts_count_once(engine, session):
    viewer = make_org(session, "viewer")
    partner = make_org(session, "partner")
    mine = [
        add_account(session, viewer, "a.com"),
        add_account(session, viewer, "a.com"),
        add_account(session, viewer, "b.com"),
    ]
    theirs = [
        add_account(session, partner, "a.com"),
        add_account(session, partner, "a.com"),
        add_account(session, partner, "c.com"),
    ]
    rows = add_population(session, viewer, "Mine", mine, level="COUNTS")
    columns = add_population(session, partner, "Theirs", theirs, level="COUNTS")
    partnership = add_partnership(session, viewer, partner)
    save(session)

    ecosystem, view = view_for(engine, viewer, partnership)
    count = cell_overlap_count(ecosystem, view, rows.id, columns.id)

    assert count == 1
    assert total_overlaps(ecosystem, view) == 1


def test_both_sides_see_same_count(engine, session):
    viewer = make_org(session, "viewer")
    partner = make_org(session, "partner")
    mine = [add_account(session, viewer, key) for key in ("a.com", "b.com", "b.com")]
    theirs = [add_account(session, partner, key) for key in ("b.com", "a.com", "z.com")]
    rows = add_population(session, viewer, "Mine", mine, level="COUNTS")
    columns = add_population(session, partner, "Theirs", theirs, level="COUNTS")
    partnership = add_partnership(session, partner, viewer)
    save(session)

    ecosystem, view = view_for(engine, viewer, partnership)
    _, reverse = view_for(engine, partner, partnership)

    assert cell_overlap_count(ecosystem, view, rows.id, columns.id) == 2
    assert cell_overlap_count(ecosystem, reverse, columns.id, rows.id) == 2


def test_total_is_below_sum_of_cells(engine, session):
    viewer = make_org(session, "viewer")
    partner = make_org(session, "partner")
    shared = add_account(session, viewer, "a.com")
    other = add_account(session, viewer, "b.com")
    first = add_population(session, viewer, "First", [shared], level="COUNTS")
    second = add_population(session, viewer, "Second", [shared, other], level="COUNTS")
    theirs = [add_account(session, partner, key) for key in ("a.com", "b.com")]
    column = add_population(session, partner, "Theirs", theirs, level="COUNTS")
    partnership = add_partnership(session, viewer, partner)
    save(session)

    ecosystem, view = view_for(engine, viewer, partnership)
    counts = [cell.overlap_count for cell in matrix_cells(ecosystem, view)]

    assert [cell.row.id for cell in matrix_cells(ecosystem, view)] == [
        first.id,
        second.id,
    ]
    assert counts == [1, 2]
    assert total_overlaps(ecosystem, view) == 2
    assert column.id == view.columns[0].id


def test_accounts_without_key_never_overlap(engine, session):
    viewer = make_org(session, "viewer")
    partner = make_org(session, "partner")
    mine = [add_account(session, viewer, None), add_account(session, viewer, "a.com")]
    theirs = [
        add_account(session, partner, None),
        add_account(session, partner, "b.com"),
    ]
    rows = add_population(session, viewer, "Mine", mine, level="COUNTS")
    columns = add_population(session, partner, "Theirs", theirs, level="COUNTS")
    partnership = add_partnership(session, viewer, partner)
    save(session)

    ecosystem, view = view_for(engine, viewer, partnership)

    assert cell_overlap_count(ecosystem, view, rows.id, columns.id) == 0
    assert total_overlaps(ecosystem, view) == 0
    assert view.rows[0].size == 1


def test_total_is_null_when_partner_shares_nothing(engine, session):
    viewer = make_org(session, "viewer")
    partner = make_org(session, "partner")
    add_population(
        session, viewer, "Mine", [add_account(session, viewer, "a.com")], level="ALL"
    )
    add_population(session, partner, "Theirs", [add_account(session, partner, "a.com")])
    partnership = add_partnership(session, viewer, partner)
    save(session)

    ecosystem, view = view_for(engine, viewer, partnership)

    assert total_overlaps(ecosystem, view) is None


def test_total_is_null_when_only_small_populations(engine, session):
    viewer = make_org(session, "viewer")
    partner = make_org(session, "partner")
    add_population(
        session, viewer, "Mine", [add_account(session, viewer, "a.com")], level="ALL"
    )
    add_population(
        session,
        partner,
        "Theirs",
        [add_account(session, partner, "a.com")],
        level="ALL",
    )
    partnership = add_partnership(session, viewer, partner)
    save(session)

    ecosystem, view = view_for(engine, viewer, partnership, min_size=2)

    assert total_overlaps(ecosystem, view) is None


@pytest.mark.parametrize("status", ["PENDING", "DECLINED", "ENDED"])
def test_total_is_null_when_not_active(engine, session, status):
    viewer = make_org(session, "viewer")
    partner = make_org(session, "partner")
    add_population(
        session, viewer, "Mine", [add_account(session, viewer, "a.com")], level="ALL"
    )
    add_population(
        session,
        partner,
        "Theirs",
        [add_account(session, partner, "a.com")],
        level="ALL",
    )
    partnership = add_partnership(session, viewer, partner, status=status)
    save(session)

    ecosystem, view = view_for(engine, viewer, partnership)

    assert total_overlaps(ecosystem, view) is None
    assert matrix_cells(ecosystem, view) == []


def test_overlaps_list_accounts_of_both_sides(engine, session):
    viewer = make_org(session, "viewer")
    partner = make_org(session, "partner")
    late = add_account(session, viewer, "a.com", external_id="Z-2")
    early = add_account(session, viewer, "a.com", external_id="A-1")
    outside = add_account(session, viewer, "a.com", external_id="B-1")
    beta = add_account(session, viewer, "b.com", external_id="C-1")
    rows = add_population(session, viewer, "Mine", [late, early, beta], level="COUNTS")
    theirs_first = add_account(session, partner, "a.com")
    theirs_second = add_account(session, partner, "a.com")
    theirs_beta = add_account(session, partner, "b.com")
    columns = add_population(
        session,
        partner,
        "Theirs",
        [theirs_second, theirs_first, theirs_beta],
        level="OVERLAPS",
    )
    partnership = add_partnership(session, viewer, partner)
    save(session)

    ecosystem, view = view_for(engine, viewer, partnership)
    keys = cell_overlap_keys(ecosystem, view, rows.id, columns.id)
    overlaps = cell_overlaps(ecosystem, view, rows.id, columns.id)

    assert keys == ["a.com", "b.com"]
    assert overlaps[0].match_key == "a.com"
    assert overlaps[0].account_ids == (early.id, late.id)
    assert overlaps[0].partner_account_ids == (theirs_first.id, theirs_second.id)
    assert overlaps[1].account_ids == (beta.id,)
    assert outside.id not in cell_account_ids(ecosystem, view, rows.id, columns.id)


def test_overlaps_for_a_page_of_keys(engine, session):
    viewer = make_org(session, "viewer")
    partner = make_org(session, "partner")
    keys = ["a.com", "b.com", "c.com"]
    rows = add_population(
        session,
        viewer,
        "Mine",
        [add_account(session, viewer, key) for key in keys],
        level="COUNTS",
    )
    columns = add_population(
        session,
        partner,
        "Theirs",
        [add_account(session, partner, key) for key in keys],
        level="ALL",
    )
    partnership = add_partnership(session, viewer, partner)
    save(session)

    ecosystem, view = view_for(engine, viewer, partnership)
    page = cell_overlaps(
        ecosystem, view, rows.id, columns.id, match_keys=["c.com", "x.com", "b.com"]
    )

    assert [overlap.match_key for overlap in page] == ["c.com", "b.com"]


def test_counts_column_hides_which_companies(engine, session):
    viewer = make_org(session, "viewer")
    partner = make_org(session, "partner")
    rows = add_population(
        session, viewer, "Mine", [add_account(session, viewer, "a.com")], level="COUNTS"
    )
    columns = add_population(
        session,
        partner,
        "Theirs",
        [add_account(session, partner, "a.com")],
        level="COUNTS",
    )
    partnership = add_partnership(session, viewer, partner)
    save(session)

    ecosystem, view = view_for(engine, viewer, partnership)

    assert cell_overlap_count(ecosystem, view, rows.id, columns.id) == 1
    with pytest.raises(SharingLevelInsufficientError) as error:
        cell_overlaps(ecosystem, view, rows.id, columns.id)
    assert error.value.required_level == "OVERLAPS"
    assert error.value.actual_level == "COUNTS"
    with pytest.raises(SharingLevelInsufficientError):
        cell_account_ids(ecosystem, view, rows.id, columns.id)


def test_cell_of_hidden_population_is_not_found(engine, session):
    viewer = make_org(session, "viewer")
    partner = make_org(session, "partner")
    rows = add_population(
        session, viewer, "Mine", [add_account(session, viewer, "a.com")], level="COUNTS"
    )
    hidden = add_population(
        session, partner, "Secret", [add_account(session, partner, "a.com")]
    )
    partnership = add_partnership(session, viewer, partner)
    save(session)

    ecosystem, view = view_for(engine, viewer, partnership)

    with pytest.raises(NotFoundError) as error:
        cell_overlap_count(ecosystem, view, rows.id, hidden.id)
    assert error.value.message == "matrix cell not found"


def test_greenfield_is_rest_of_column(engine, session):
    viewer = make_org(session, "viewer")
    partner = make_org(session, "partner")
    rows = add_population(
        session, viewer, "Mine", [add_account(session, viewer, "a.com")], level="COUNTS"
    )
    overlapping = add_account(session, partner, "a.com")
    keyless = add_account(session, partner, None)
    fresh = add_account(session, partner, "new.com")
    columns = add_population(
        session, partner, "Theirs", [overlapping, keyless, fresh], level="ALL"
    )
    partnership = add_partnership(session, viewer, partner)
    save(session)

    ecosystem, view = view_for(engine, viewer, partnership)
    greenfield = greenfield_account_ids(ecosystem, view, columns.id)
    overlaps = cell_overlaps(ecosystem, view, rows.id, columns.id)

    assert greenfield == [keyless.id, fresh.id]
    assert overlaps[0].partner_account_ids == (overlapping.id,)


def test_greenfield_needs_all(engine, session):
    viewer = make_org(session, "viewer")
    partner = make_org(session, "partner")
    add_population(
        session, viewer, "Mine", [add_account(session, viewer, "a.com")], level="COUNTS"
    )
    columns = add_population(
        session,
        partner,
        "Theirs",
        [add_account(session, partner, "b.com")],
        level="OVERLAPS",
    )
    partnership = add_partnership(session, viewer, partner)
    save(session)

    ecosystem, view = view_for(engine, viewer, partnership)

    with pytest.raises(SharingLevelInsufficientError) as error:
        greenfield_account_ids(ecosystem, view, columns.id)
    assert error.value.required_level == "ALL"
    assert error.value.actual_level == "OVERLAPS"
