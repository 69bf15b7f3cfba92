"""The Account Mapping Matrix and the partners page, cell by cell."""

from __future__ import annotations

from dataclasses import dataclass

from app.graph import Ecosystem
from app.metrics.influence import InfluenceMetric, cell_influence, potential_influence
from app.metrics.overlaps import cell_overlap_count, total_overlaps
from app.policy import PartnershipView, SharedPopulation


@dataclass(frozen=True, slots=True)
class MatrixCell:
    """One cell (P, Q): V's row P against X's column Q."""

    row: SharedPopulation
    column: SharedPopulation
    overlap_count: int
    potential_influence: InfluenceMetric


@dataclass(frozen=True, slots=True)
class PartnerSummary:
    """The figures of one partner on the partners page."""

    population_count: int
    total_overlaps: int | None
    potential_influence: InfluenceMetric


def matrix_cells(ecosystem: Ecosystem, view: PartnershipView) -> list[MatrixCell]:
    """Return every cell of the matrix, row by row. Empty unless ACTIVE."""
    cells = []
    for row in view.rows:
        for column in view.columns:
            cells.append(
                MatrixCell(
                    row=row,
                    column=column,
                    overlap_count=cell_overlap_count(
                        ecosystem, view, row.id, column.id
                    ),
                    potential_influence=cell_influence(
                        ecosystem, view, row.id, column.id
                    ),
                )
            )
    return cells


def partner_summary(ecosystem: Ecosystem, view: PartnershipView) -> PartnerSummary:
    """Return the visible column count, total overlaps and potential influence."""
    return PartnerSummary(
        population_count=len(view.columns),
        total_overlaps=total_overlaps(ecosystem, view),
        potential_influence=potential_influence(ecosystem, view),
    )
