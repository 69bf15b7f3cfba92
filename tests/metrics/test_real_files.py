"""The Salesforce export against the Fortune list: metrics equal the reference."""

from __future__ import annotations

import pytest

from app.graph import get_ecosystem
from app.ingest import import_csv_accounts, import_salesforce
from app.metrics import matrix_cells, potential_influence, total_overlaps
from app.policy import view_partnership
from app.storage.versions import bump_partnership
from tests.graph.builders import add_partnership, set_override, standard_population
from tests.helpers import make_organization
from tests.metrics.reference import expected_partner, read_world


@pytest.fixture
def real_partnership(session, data_dir):
    salesforce = make_organization(session, "devorg", domain="devorg-partnergraph.com")
    fortune = make_organization(
        session, "fortune", domain="fortune-list-partnergraph.com"
    )
    import_salesforce(
        session,
        organization_id=salesforce.id,
        accounts_path=data_dir / "sfdc_devorg_export" / "Account.csv",
        opportunities_path=data_dir / "sfdc_devorg_export" / "Opportunity.csv",
    )
    import_csv_accounts(
        session,
        organization_id=fortune.id,
        path=data_dir / "fortune1000_2021" / "Fortune_1000.csv",
    )
    partnership = add_partnership(session, salesforce, fortune)
    prospects = standard_population(session, fortune, "PROSPECTS")
    set_override(session, partnership, prospects, "OVERLAPS", ["name", "website"])
    bump_partnership(session, partnership.id)
    session.commit()
    return salesforce, fortune, partnership


def _as_tuple(metric):
    return (
        metric.available,
        metric.unavailable_reasons,
        metric.amount,
        metric.currency,
        metric.opportunity_count,
        metric.excluded_opportunity_count,
        metric.unmapped_stage_count,
    )


@pytest.mark.parametrize("min_size", [1, 5])
def test_real_files_match_reference(engine, real_partnership, min_size):
    salesforce, fortune, partnership = real_partnership
    ecosystem = get_ecosystem(engine)
    with engine.connect() as connection:
        world = read_world(connection)

    for viewer in (salesforce, fortune):
        view = view_partnership(
            ecosystem, viewer.id, partnership.id, min_comparison_size=min_size
        )
        expected = expected_partner(world, viewer.id, partnership.id, min_size)
        cells = {
            (cell.row.id, cell.column.id): (
                cell.overlap_count,
                _as_tuple(cell.potential_influence),
            )
            for cell in matrix_cells(ecosystem, view)
        }
        influence = potential_influence(ecosystem, view)

        assert cells == expected["cells"]
        assert total_overlaps(ecosystem, view) == expected["total_overlaps"]
        assert _as_tuple(influence) == expected["influence"]


def test_real_files_overlap(engine, real_partnership):
    salesforce, _, partnership = real_partnership

    ecosystem = get_ecosystem(engine)
    view = view_partnership(ecosystem, salesforce.id, partnership.id)
    influence = potential_influence(ecosystem, view)

    # About two dozen companies are in both files, by registrable domain.
    assert 15 <= total_overlaps(ecosystem, view) <= 30
    assert influence.available is True
    assert influence.opportunity_count > 0
