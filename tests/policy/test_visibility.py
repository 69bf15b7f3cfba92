"""Default-deny checks on cells, columns and partner accounts."""

from __future__ import annotations

import pytest

from app.core.errors import NotFoundError, PlanRequiredError
from app.graph import get_ecosystem
from app.policy import (
    column_level,
    overlapping_columns,
    partner_account_fields,
    require_cell,
    require_column,
    require_paid_plan,
    require_partner_account,
    require_row,
    require_view,
)
from tests.graph.builders import (
    add_account,
    add_partnership,
    add_population,
    make_org,
    save,
    view_for,
)


@pytest.fixture
def world(session):
    """V shares Mine (a, b) at COUNTS; X has a column per level over a, b, z."""
    viewer = make_org(session, "viewer")
    partner = make_org(session, "partner")
    outsider = make_org(session, "outsider")
    mine = [add_account(session, viewer, key) for key in ("a.com", "b.com")]
    row = add_population(session, viewer, "Mine", mine, level="COUNTS")
    secret_row = add_population(session, viewer, "Secret row", mine)

    theirs = {
        key: add_account(session, partner, key)
        for key in ("a.com", "b.com", "z.com", None)
    }
    everything = list(theirs.values())
    columns = {
        "ALL": add_population(
            session, partner, "All", everything, level="ALL", fields=["name"]
        ),
        "OVERLAPS": add_population(
            session,
            partner,
            "Overlaps",
            everything,
            level="OVERLAPS",
            fields=["website"],
        ),
        "COUNTS": add_population(
            session, partner, "Counts", everything, level="COUNTS"
        ),
        "HIDDEN": add_population(session, partner, "Hidden", everything),
    }
    small = add_population(
        session, partner, "Small", [theirs["a.com"]], level="ALL", fields=["owner"]
    )
    elsewhere = add_population(
        session,
        outsider,
        "Elsewhere",
        [
            add_account(session, outsider, "a.com"),
            add_account(session, outsider, "b.com"),
        ],
        level="ALL",
    )
    partnership = add_partnership(session, viewer, partner)
    ended = add_partnership(session, viewer, outsider, status="ENDED")
    save(session)
    return {
        "viewer": viewer,
        "partnership": partnership,
        "ended": ended,
        "row": row,
        "secret_row": secret_row,
        "columns": columns,
        "small": small,
        "elsewhere": elsewhere,
        "theirs": theirs,
        "mine": mine,
    }


def _view(engine, world):
    return view_for(engine, world["viewer"], world["partnership"], min_size=2)[1]


def test_invisible_cells_share_one_answer(engine, world):
    view = _view(engine, world)
    row = world["row"].id
    denied = [
        (row, world["columns"]["HIDDEN"].id),
        (row, world["small"].id),
        (row, world["elsewhere"].id),
        (row, 999_999),
        (world["secret_row"].id, world["columns"]["ALL"].id),
        (world["columns"]["ALL"].id, row),
    ]

    messages = set()
    for population_id, partner_population_id in denied:
        with pytest.raises(NotFoundError) as error:
            require_cell(view, population_id, partner_population_id)
        messages.add(error.value.message)

    assert messages == {"matrix cell not found"}


def test_visible_cell_returns_row_and_column(engine, world):
    view = _view(engine, world)

    row, column = require_cell(view, world["row"].id, world["columns"]["COUNTS"].id)

    assert row.name == "Mine"
    assert column.name == "Counts"
    assert column_level(view, world["columns"]["OVERLAPS"].id) == "OVERLAPS"
    assert column_level(view, world["columns"]["HIDDEN"].id) is None


def test_rows_and_columns_are_not_interchangeable(engine, world):
    view = _view(engine, world)

    with pytest.raises(NotFoundError):
        require_row(view, world["columns"]["ALL"].id)
    with pytest.raises(NotFoundError):
        require_column(view, world["row"].id)


def test_inactive_partnership_is_not_found(engine, world):
    ecosystem = get_ecosystem(engine)

    with pytest.raises(NotFoundError) as error:
        require_view(ecosystem, world["viewer"].id, world["ended"].id)
    view = require_view(ecosystem, world["viewer"].id, world["ended"].id, active=False)

    assert error.value.message == "partner not found"
    assert view.status == "ENDED"


def test_partner_account_fields_by_level(engine, world):
    view = _view(engine, world)
    theirs = world["theirs"]

    overlapping = partner_account_fields(view, theirs["a.com"].id)
    greenfield = partner_account_fields(view, theirs["z.com"].id)
    keyless = partner_account_fields(view, theirs[None].id)

    # The Small population contains a.com at ALL with "owner", but is too small.
    assert overlapping == frozenset({"name", "website"})
    assert greenfield == frozenset({"name"})
    assert keyless == frozenset({"name"})


def test_overlaps_column_alone_hides_greenfield(engine, session):
    viewer = make_org(session, "viewer")
    partner = make_org(session, "partner")
    mine = [add_account(session, viewer, key) for key in ("a.com", "b.com")]
    add_population(session, viewer, "Mine", mine, level="COUNTS")
    overlapping = add_account(session, partner, "a.com")
    greenfield = add_account(session, partner, "z.com")
    add_population(
        session, partner, "Theirs", [overlapping, greenfield], level="OVERLAPS"
    )
    partnership = add_partnership(session, viewer, partner)
    save(session)

    _, view = view_for(engine, viewer, partnership)

    assert partner_account_fields(view, overlapping.id) == frozenset(
        {"name", "website"}
    )
    assert partner_account_fields(view, greenfield.id) is None
    with pytest.raises(NotFoundError) as error:
        require_partner_account(view, greenfield.id)
    assert error.value.message == "partner account not found"


def test_accounts_outside_the_partner_are_hidden(engine, world):
    view = _view(engine, world)

    assert partner_account_fields(view, world["mine"][0].id) is None
    assert partner_account_fields(view, 999_999) is None


def test_overlapping_columns_skip_counts(engine, world):
    ecosystem = get_ecosystem(engine)
    view = _view(engine, world)

    columns = overlapping_columns(view, ecosystem.key_id("a.com"))

    assert [column.name for column in columns] == ["All", "Overlaps"]


def test_free_plan_is_refused_paid_features(engine, session):
    viewer = make_org(session, "viewer", plan="free")
    partner = make_org(session, "partner")
    partnership = add_partnership(session, viewer, partner)
    save(session)

    _, view = view_for(engine, viewer, partnership)

    with pytest.raises(PlanRequiredError) as error:
        require_paid_plan(view)
    assert "paid plan" in error.value.message
