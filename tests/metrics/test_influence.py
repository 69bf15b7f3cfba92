"""Potential influence and its counts on tiny hand-made ecosystems."""

from __future__ import annotations

from app.metrics import cell_influence, matrix_cells, potential_influence
from tests.graph.builders import (
    add_account,
    add_opportunity,
    add_partnership,
    add_population,
    make_org,
    save,
    set_rate,
    view_for,
)


def _pair(session, *, currency="USD"):
    viewer = make_org(session, "viewer", currency=currency)
    partner = make_org(session, "partner")
    return viewer, partner


def _column(session, partner, keys, level="OVERLAPS", name="Theirs"):
    accounts = [add_account(session, partner, key) for key in keys]
    return add_population(session, partner, name, accounts, level=level)


def test_custom_population_holds_one_of_two_accounts(engine, session):
    viewer, partner = _pair(session)
    inside = add_account(session, viewer, "a.com")
    outside = add_account(session, viewer, "a.com")
    add_opportunity(session, inside, "100")
    add_opportunity(session, outside, "50")
    row = add_population(session, viewer, "Mine", [inside], level="COUNTS")
    column = _column(session, partner, ["a.com"])
    partnership = add_partnership(session, viewer, partner)
    save(session)

    ecosystem, view = view_for(engine, viewer, partnership)
    cell = cell_influence(ecosystem, view, row.id, column.id)
    total = potential_influence(ecosystem, view)

    assert cell.amount == "100.00"
    assert cell.opportunity_count == 1
    assert total.amount == "100.00"


def test_account_in_two_rows_counts_once(engine, session):
    viewer, partner = _pair(session)
    account = add_account(session, viewer, "a.com")
    add_opportunity(session, account, "100")
    other = add_account(session, viewer, "b.com")
    add_opportunity(session, other, "7")
    add_population(session, viewer, "First", [account], level="COUNTS")
    add_population(session, viewer, "Second", [account, other], level="COUNTS")
    _column(session, partner, ["a.com", "b.com"])
    _column(session, partner, ["a.com"], name="Again")
    partnership = add_partnership(session, viewer, partner)
    save(session)

    ecosystem, view = view_for(engine, viewer, partnership)
    cells = [cell.potential_influence.amount for cell in matrix_cells(ecosystem, view)]
    total = potential_influence(ecosystem, view)

    assert cells == ["100.00", "100.00", "107.00", "100.00"]
    assert total.amount == "107.00"
    assert total.opportunity_count == 2


def test_won_and_lost_are_excluded(engine, session):
    viewer, partner = _pair(session)
    account = add_account(session, viewer, "a.com")
    add_opportunity(session, account, "100")
    add_opportunity(session, account, "1000", outcome="WON")
    add_opportunity(session, account, "10000", outcome="LOST")
    add_population(session, viewer, "Mine", [account], level="COUNTS")
    _column(session, partner, ["a.com"])
    partnership = add_partnership(session, viewer, partner)
    save(session)

    ecosystem, view = view_for(engine, viewer, partnership)
    total = potential_influence(ecosystem, view)

    assert total.amount == "100.00"
    assert total.opportunity_count == 1
    assert total.excluded_opportunity_count == 0
    assert total.unmapped_stage_count == 0


def test_unmapped_stages_count_as_open(engine, session):
    viewer, partner = _pair(session)
    account = add_account(session, viewer, "a.com")
    add_opportunity(session, account, "100")
    add_opportunity(session, account, "40", outcome=None)
    add_opportunity(session, account, None, outcome=None)
    add_opportunity(session, account, None)
    add_population(session, viewer, "Mine", [account], level="COUNTS")
    _column(session, partner, ["a.com"])
    partnership = add_partnership(session, viewer, partner)
    save(session)

    ecosystem, view = view_for(engine, viewer, partnership)
    total = potential_influence(ecosystem, view)

    assert total.amount == "140.00"
    assert total.opportunity_count == 2
    assert total.unmapped_stage_count == 2


def test_mixed_currencies_round_once(engine, session):
    viewer, partner = _pair(session)
    account = add_account(session, viewer, "a.com")
    add_opportunity(session, account, "100.005", currency="USD")
    add_opportunity(session, account, "0.004", currency="EUR")
    add_opportunity(session, account, "7", currency="GBP")
    set_rate(session, viewer, "EUR", "1.25")
    add_population(session, viewer, "Mine", [account], level="COUNTS")
    _column(session, partner, ["a.com"])
    partnership = add_partnership(session, viewer, partner)
    save(session)

    ecosystem, view = view_for(engine, viewer, partnership)
    total = potential_influence(ecosystem, view)

    # 100.005 + 0.004 x 1.25 = 100.010; rounding each currency first gives 100.00.
    assert total.amount == "100.01"
    assert total.currency == "USD"
    assert total.opportunity_count == 2
    assert total.excluded_opportunity_count == 1


def test_missing_currency_is_corporate(engine, session):
    viewer, partner = _pair(session, currency="EUR")
    account = add_account(session, viewer, "a.com")
    add_opportunity(session, account, "10.5")
    add_opportunity(session, account, "2", currency="USD")
    set_rate(session, viewer, "USD", "0.9")
    add_population(session, viewer, "Mine", [account], level="COUNTS")
    _column(session, partner, ["a.com"])
    partnership = add_partnership(session, viewer, partner)
    save(session)

    ecosystem, view = view_for(engine, viewer, partnership)
    total = potential_influence(ecosystem, view)

    assert total.amount == "12.30"
    assert total.currency == "EUR"
    assert total.opportunity_count == 2


def test_zero_decimal_currency_rounds_half_to_even(engine, session):
    viewer, partner = _pair(session, currency="JPY")
    first = add_account(session, viewer, "a.com")
    second = add_account(session, viewer, "b.com")
    add_opportunity(session, first, "2.5")
    add_opportunity(session, second, "3.5")
    first_row = add_population(session, viewer, "First", [first], level="COUNTS")
    second_row = add_population(session, viewer, "Second", [second], level="COUNTS")
    column = _column(session, partner, ["a.com", "b.com"])
    partnership = add_partnership(session, viewer, partner)
    save(session)

    ecosystem, view = view_for(engine, viewer, partnership)

    assert cell_influence(ecosystem, view, first_row.id, column.id).amount == "2"
    assert cell_influence(ecosystem, view, second_row.id, column.id).amount == "4"
    assert potential_influence(ecosystem, view).amount == "6"


def test_counts_column_adds_nothing_to_total(engine, session):
    viewer, partner = _pair(session)
    overlapping = add_account(session, viewer, "a.com")
    counted = add_account(session, viewer, "b.com")
    add_opportunity(session, overlapping, "100")
    add_opportunity(session, counted, "1000")
    add_population(session, viewer, "Mine", [overlapping, counted], level="COUNTS")
    _column(session, partner, ["a.com"])
    _column(session, partner, ["b.com"], level="COUNTS", name="Counted")
    partnership = add_partnership(session, viewer, partner)
    save(session)

    ecosystem, view = view_for(engine, viewer, partnership)
    total = potential_influence(ecosystem, view)

    assert total.amount == "100.00"
    assert total.opportunity_count == 1


def test_cell_influence_sums_its_overlaps(engine, session):
    viewer, partner = _pair(session)
    accounts = [
        add_account(session, viewer, key) for key in ("a.com", "b.com", "c.com")
    ]
    for account, amount in zip(accounts, ("1.10", "2.20", "4.40"), strict=True):
        add_opportunity(session, account, amount)
    unlinked = add_opportunity(session, None, "1000", organization=viewer)
    row = add_population(session, viewer, "Mine", accounts, level="COUNTS")
    column = _column(session, partner, ["a.com", "c.com"])
    partnership = add_partnership(session, viewer, partner)
    save(session)

    ecosystem, view = view_for(engine, viewer, partnership)
    cell = cell_influence(ecosystem, view, row.id, column.id)

    assert cell.amount == "5.50"
    assert cell.opportunity_count == 2
    assert unlinked.account_id is None


def test_no_covered_opportunities_is_zero(engine, session):
    viewer, partner = _pair(session)
    account = add_account(session, viewer, "a.com")
    add_population(session, viewer, "Mine", [account], level="COUNTS")
    _column(session, partner, ["a.com"])
    partnership = add_partnership(session, viewer, partner)
    save(session)

    ecosystem, view = view_for(engine, viewer, partnership)
    total = potential_influence(ecosystem, view)

    assert total.available is True
    assert total.amount == "0.00"
    assert total.opportunity_count == 0
    assert total.excluded_opportunity_count == 0
    assert total.unmapped_stage_count == 0


def test_tiny_negative_total_reads_zero(engine, session):
    viewer, partner = _pair(session)
    account = add_account(session, viewer, "a.com")
    add_opportunity(session, account, "-0.0049")
    add_population(session, viewer, "Mine", [account], level="COUNTS")
    _column(session, partner, ["a.com"])
    partnership = add_partnership(session, viewer, partner)
    save(session)

    ecosystem, view = view_for(engine, viewer, partnership)
    total = potential_influence(ecosystem, view)

    assert total.amount == "0.00"
    assert total.opportunity_count == 1


def test_negative_amounts_are_summed(engine, session):
    viewer, partner = _pair(session)
    account = add_account(session, viewer, "a.com")
    add_opportunity(session, account, "100")
    add_opportunity(session, account, "-30.25")
    add_population(session, viewer, "Mine", [account], level="COUNTS")
    _column(session, partner, ["a.com"])
    partnership = add_partnership(session, viewer, partner)
    save(session)

    ecosystem, view = view_for(engine, viewer, partnership)
    total = potential_influence(ecosystem, view)

    assert total.amount == "69.75"
    assert total.opportunity_count == 2
