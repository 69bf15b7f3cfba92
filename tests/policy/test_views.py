"""Rows, columns and excluded populations of a partnership, per viewer."""

from __future__ import annotations

import pytest

from app.graph import get_ecosystem
from app.policy import sharing_toward, view_partnership
from tests.graph.builders import (
    add_account,
    add_members,
    add_partnership,
    add_population,
    make_org,
    save,
    set_override,
    standard_population,
    view_for,
)


def _accounts(session, organization, count, prefix="k"):
    return [
        add_account(session, organization, f"{prefix}{n}.com") for n in range(count)
    ]


def test_rows_and_columns_follow_levels(engine, session):
    viewer = make_org(session, "viewer")
    partner = make_org(session, "partner")
    counted = add_population(
        session, viewer, "Counted", _accounts(session, viewer, 2), level="COUNTS"
    )
    add_population(session, viewer, "Hidden", _accounts(session, viewer, 2))
    listed = add_population(
        session,
        partner,
        "Listed",
        _accounts(session, partner, 2),
        level="ALL",
        fields=["name", "industry"],
    )
    partnership = add_partnership(session, viewer, partner)
    save(session)

    _, view = view_for(engine, viewer, partnership)

    assert [row.id for row in view.rows] == [counted.id]
    assert [column.id for column in view.columns] == [listed.id]
    assert view.columns[0].level == "ALL"
    assert view.columns[0].fields == ("name", "industry")
    assert view.partner.id == partner.id
    assert view.partner_name == "Partner"


def test_override_replaces_default(engine, session):
    viewer = make_org(session, "viewer")
    partner = make_org(session, "partner")
    withdrawn = add_population(
        session, viewer, "Withdrawn", _accounts(session, viewer, 2), level="ALL"
    )
    granted = add_population(
        session, partner, "Granted", _accounts(session, partner, 2)
    )
    partnership = add_partnership(session, viewer, partner)
    set_override(session, partnership, withdrawn, "HIDDEN")
    set_override(session, partnership, granted, "OVERLAPS", ["website"])
    save(session)

    _, view = view_for(engine, viewer, partnership)

    assert view.rows == ()
    assert [column.id for column in view.columns] == [granted.id]
    assert view.columns[0].fields == ("website",)
    assert view.columns[0].from_override is True


def test_override_belongs_to_its_partnership(engine, session):
    viewer = make_org(session, "viewer")
    partner = make_org(session, "partner")
    other = make_org(session, "other")
    population = add_population(
        session, partner, "Theirs", _accounts(session, partner, 2), level="COUNTS"
    )
    first = add_partnership(session, viewer, partner)
    second = add_partnership(session, other, partner)
    set_override(session, first, population, "HIDDEN")
    save(session)

    _, first_view = view_for(engine, viewer, first)
    _, second_view = view_for(engine, other, second)

    assert first_view.columns == ()
    assert [column.id for column in second_view.columns] == [population.id]


def test_small_populations_are_excluded_on_both_sides(engine, session):
    viewer = make_org(session, "viewer")
    partner = make_org(session, "partner")
    small = add_population(
        session, viewer, "Small", _accounts(session, viewer, 1), level="COUNTS"
    )
    add_population(session, viewer, "Hidden small", _accounts(session, viewer, 1))
    duplicates = [add_account(session, partner, "same.com") for _ in range(3)]
    tiny = add_population(session, partner, "Tiny", duplicates, level="ALL")
    large = add_population(
        session, partner, "Large", _accounts(session, partner, 3), level="ALL"
    )
    partnership = add_partnership(session, viewer, partner)
    save(session)

    _, view = view_for(engine, viewer, partnership, min_size=2)
    excluded = [
        (item.side, item.name, item.reason) for item in view.excluded_populations
    ]

    assert view.rows == ()
    assert [column.id for column in view.columns] == [large.id]
    assert excluded == [
        ("VIEWER", "Small", "POPULATION_TOO_SMALL"),
        ("PARTNER", "Tiny", "POPULATION_TOO_SMALL"),
    ]
    assert small.id != tiny.id


def test_minimum_size_comes_from_settings(engine, session, monkeypatch):
    monkeypatch.setenv("PARTNERGRAPH_MIN_COMPARISON_SIZE", "3")
    viewer = make_org(session, "viewer")
    partner = make_org(session, "partner")
    add_population(session, viewer, "Two", _accounts(session, viewer, 2), level="ALL")
    three = add_population(
        session, partner, "Three", _accounts(session, partner, 3), level="ALL"
    )
    partnership = add_partnership(session, viewer, partner)
    save(session)

    view = view_partnership(get_ecosystem(engine), viewer.id, partnership.id)

    assert view.min_comparison_size == 3
    assert view.rows == ()
    assert [column.id for column in view.columns] == [three.id]


def test_default_minimum_is_five(engine, session):
    viewer = make_org(session, "viewer")
    partner = make_org(session, "partner")
    four = add_population(
        session, viewer, "Four", _accounts(session, viewer, 4), level="ALL"
    )
    five = add_population(
        session, partner, "Five", _accounts(session, partner, 5), level="ALL"
    )
    partnership = add_partnership(session, viewer, partner)
    save(session)

    view = view_partnership(get_ecosystem(engine), viewer.id, partnership.id)

    assert view.rows == ()
    assert [column.id for column in view.columns] == [five.id]
    assert [item.population.id for item in view.excluded_populations] == [four.id]


def test_standard_populations_share_counts_by_default(engine, session):
    viewer = make_org(session, "viewer", hide_standard=False)
    partner = make_org(session, "partner")
    prospects = standard_population(session, viewer, "PROSPECTS")
    add_members(session, prospects, _accounts(session, viewer, 2))
    partnership = add_partnership(session, viewer, partner)
    save(session)

    _, view = view_for(engine, viewer, partnership)

    assert [row.id for row in view.rows] == [prospects.id]
    assert view.rows[0].level == "COUNTS"
    assert [item.name for item in view.excluded_populations] == [
        "Customers",
        "Open Opportunities",
    ]


def test_outsider_gets_no_view(engine, session):
    viewer = make_org(session, "viewer")
    partner = make_org(session, "partner")
    outsider = make_org(session, "outsider")
    partnership = add_partnership(session, viewer, partner)
    save(session)

    ecosystem = get_ecosystem(engine)

    assert view_partnership(ecosystem, outsider.id, partnership.id) is None
    assert view_partnership(ecosystem, viewer.id, partnership.id + 100) is None


@pytest.mark.parametrize(
    ("status", "was_active", "name"),
    [
        ("PENDING", False, None),
        ("DECLINED", False, None),
        ("ENDED", True, "Partner"),
    ],
)
def test_inactive_partnership_is_reduced(engine, session, status, was_active, name):
    viewer = make_org(session, "viewer")
    partner = make_org(session, "partner")
    add_population(session, viewer, "Mine", _accounts(session, viewer, 2), level="ALL")
    add_population(
        session, partner, "Theirs", _accounts(session, partner, 2), level="ALL"
    )
    partnership = add_partnership(
        session, viewer, partner, status=status, was_active=was_active
    )
    save(session)

    _, view = view_for(engine, viewer, partnership)

    assert view.status == status
    assert view.partner is None
    assert view.partner_name == name
    assert view.rows == ()
    assert view.columns == ()
    assert view.excluded_populations == ()


def test_invitation_to_unknown_domain(engine, session):
    viewer = make_org(session, "viewer")
    add_population(session, viewer, "Mine", _accounts(session, viewer, 2), level="ALL")
    partnership = add_partnership(session, viewer, None, status="PENDING")
    save(session)

    ecosystem, view = view_for(engine, viewer, partnership)
    sharing = sharing_toward(ecosystem, viewer.id, partnership.id)

    assert view.partner is None
    assert view.partner_name is None
    assert [item.name for item in sharing][-1] == "Mine"
    assert sharing[-1].level == "ALL"


def test_sharing_toward_lists_every_own_population(engine, session):
    viewer = make_org(session, "viewer")
    partner = make_org(session, "partner")
    hidden = add_population(session, viewer, "Hidden", _accounts(session, viewer, 1))
    counted = add_population(
        session, viewer, "Counted", _accounts(session, viewer, 1), level="COUNTS"
    )
    partnership = add_partnership(session, viewer, partner)
    set_override(session, partnership, counted, "OVERLAPS", ["name"])
    save(session)

    ecosystem = get_ecosystem(engine)
    sharing = {
        item.name: (item.level, item.fields, item.from_override)
        for item in sharing_toward(ecosystem, viewer.id, partnership.id)
    }

    assert sharing == {
        "Customers": ("HIDDEN", (), False),
        "Open Opportunities": ("HIDDEN", (), False),
        "Prospects": ("HIDDEN", (), False),
        "Hidden": ("HIDDEN", (), False),
        "Counted": ("OVERLAPS", ("name",), True),
    }
    assert hidden.id < counted.id
    assert sharing_toward(ecosystem, partner.id + 100, partnership.id) == ()
