"""The per-process ecosystem cache reflects every stamped write, and only those."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading

import pytest
from sqlalchemy import delete

from app.graph import get_ecosystem
from app.graph.cache import read_stamps, snapshot_connection
from app.metrics import cell_influence, potential_influence
from app.operations.organizations import set_plan
from app.policy import view_partnership
from app.storage.models import Organization
from app.storage.versions import bump_organization, bump_partnership
from tests.graph.builders import (
    add_account,
    add_opportunity,
    add_partnership,
    add_population,
    make_org,
    save,
    set_override,
)


def _pair(session):
    """V with a.com (100 open) at COUNTS, X with a.com at OVERLAPS."""
    viewer = make_org(session, "viewer")
    partner = make_org(session, "partner")
    account = add_account(session, viewer, "a.com")
    add_opportunity(session, account, "100")
    row = add_population(session, viewer, "Mine", [account], level="COUNTS")
    column = add_population(
        session,
        partner,
        "Theirs",
        [add_account(session, partner, "a.com")],
        level="OVERLAPS",
    )
    partnership = add_partnership(session, viewer, partner)
    save(session)
    return viewer, partner, account, row, column, partnership


def _influence(engine, viewer, partnership):
    ecosystem = get_ecosystem(engine)
    view = view_partnership(ecosystem, viewer.id, partnership.id, min_comparison_size=1)
    return potential_influence(ecosystem, view)


def test_unchanged_stamps_reuse_snapshot(engine, session):
    _pair(session)

    first = get_ecosystem(engine)
    second = get_ecosystem(engine)

    assert second is first


def test_new_opportunity_is_seen_after_bump(engine, session):
    viewer, _, account, _, _, partnership = _pair(session)
    before = _influence(engine, viewer, partnership)

    add_opportunity(session, account, "23.50")
    bump_organization(session, viewer.id)
    session.commit()
    after = _influence(engine, viewer, partnership)

    assert before.amount == "100.00"
    assert after.amount == "123.50"
    assert after.opportunity_count == 2


def test_unstamped_write_is_not_seen(engine, session):
    viewer, _, account, _, _, partnership = _pair(session)
    _influence(engine, viewer, partnership)

    add_opportunity(session, account, "23.50")
    session.commit()
    after = _influence(engine, viewer, partnership)

    assert after.amount == "100.00"


def test_override_is_seen_after_bump(engine, session):
    viewer, partner, _, _, column, partnership = _pair(session)
    before = _influence(engine, viewer, partnership)

    set_override(session, partnership, column, "COUNTS")
    bump_partnership(session, partnership.id)
    session.commit()
    after = _influence(engine, viewer, partnership)

    assert before.available is True
    assert after.unavailable_reasons == ("PARTNER_NOT_SHARING",)
    assert partner.id != viewer.id


def test_plan_change_is_seen(engine, session):
    viewer, _, _, row, column, partnership = _pair(session)
    ecosystem = get_ecosystem(engine)
    view = view_partnership(ecosystem, viewer.id, partnership.id, min_comparison_size=1)
    before = cell_influence(ecosystem, view, row.id, column.id)

    set_plan(session, slug="viewer", plan="free")
    session.commit()
    ecosystem = get_ecosystem(engine)
    view = view_partnership(ecosystem, viewer.id, partnership.id, min_comparison_size=1)
    after = cell_influence(ecosystem, view, row.id, column.id)

    assert before.amount == "100.00"
    assert after.unavailable_reasons == ("PLAN_REQUIRED",)


def test_only_stale_organization_is_rebuilt(engine, session):
    viewer, partner, _, _, _, partnership = _pair(session)
    before = get_ecosystem(engine)

    bump_organization(session, viewer.id)
    session.commit()
    after = get_ecosystem(engine)

    assert after is not before
    assert after.organization(partner.id) is before.organization(partner.id)
    assert after.organization(viewer.id) is not before.organization(viewer.id)
    assert after.partnership(partnership.id) is before.partnership(partnership.id)


def test_created_and_deleted_organizations_are_seen(engine, session):
    viewer, partner, _, _, _, partnership = _pair(session)
    get_ecosystem(engine)

    newcomer = make_org(session, "newcomer")
    session.execute(delete(Organization).where(Organization.id == partner.id))
    session.commit()
    ecosystem = get_ecosystem(engine)

    assert ecosystem.organization(newcomer.id).slug == "newcomer"
    assert ecosystem.organization(partner.id) is None
    assert ecosystem.partnership(partnership.id) is None
    assert ecosystem.organization(viewer.id).slug == "viewer"


def test_concurrent_readers_share_one_refresh(engine, session):
    viewer, _, account, _, _, _ = _pair(session)
    get_ecosystem(engine)
    add_opportunity(session, account, "1")
    bump_organization(session, viewer.id)
    session.commit()

    results = []
    threads = [
        threading.Thread(target=lambda: results.append(get_ecosystem(engine)))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(results) == 8
    assert len({id(ecosystem) for ecosystem in results}) == 1


WRITER = textwrap.dedent(
    """
    import sys
    from sqlmodel import Session
    from app.storage.db import create_db_engine
    from app.storage.models import Opportunity
    from app.storage.versions import bump_organization

    url, organization_id, account_id, source_id = sys.argv[1:]
    engine = create_db_engine(url)
    with Session(engine) as session:
        session.add(
            Opportunity(
                organization_id=int(organization_id),
                data_source_id=int(source_id),
                external_id="FROM-ANOTHER-PROCESS",
                account_id=int(account_id),
                amount_units=4_200_000,
                outcome="OPEN",
            )
        )
        bump_organization(session, int(organization_id))
        session.commit()
    """
)


def test_write_from_another_process_is_seen(engine, session, database_url):
    viewer, _, account, _, _, partnership = _pair(session)
    before = _influence(engine, viewer, partnership)

    subprocess.run(
        [
            sys.executable,
            "-c",
            WRITER,
            database_url,
            str(viewer.id),
            str(account.id),
            str(account.data_source_id),
        ],
        check=True,
        timeout=60,
    )
    after = _influence(engine, viewer, partnership)

    assert before.amount == "100.00"
    assert after.amount == "520.00"


def test_snapshot_ignores_concurrent_commits(engine, session):
    viewer, *_ = _pair(session)

    with snapshot_connection(engine) as connection:
        before = read_stamps(connection)
        bump_organization(session, viewer.id)
        session.commit()
        during = read_stamps(connection)
    with engine.connect() as connection:
        after = read_stamps(connection)

    assert during == before
    assert after != before


def test_snapshot_is_read_only_on_postgresql(engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL isolation settings only")

    with snapshot_connection(engine) as connection:
        isolation = connection.exec_driver_sql("SHOW transaction_isolation").scalar()
        read_only = connection.exec_driver_sql("SHOW transaction_read_only").scalar()

    assert isolation == "repeatable read"
    assert read_only == "on"
