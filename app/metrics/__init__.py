"""Overlaps, matrix cells and potential influence: pure functions on the graph.

Every function takes the `Ecosystem` first and a `PartnershipView` from
`app.policy` second, changes neither, and re-checks visibility through the
policy layer before it computes anything about a cell or column.
"""

from app.metrics.influence import (
    InfluenceMetric,
    UnavailableReason,
    cell_influence,
    influence_reasons,
    potential_influence,
)
from app.metrics.matrix import (
    MatrixCell,
    PartnerSummary,
    matrix_cells,
    partner_summary,
)
from app.metrics.money import (
    ConvertedTotal,
    OpenTotals,
    convert_totals,
    sum_open_amounts,
)
from app.metrics.overlaps import (
    Overlap,
    cell_account_ids,
    cell_overlap_count,
    cell_overlap_keys,
    cell_overlaps,
    greenfield_account_ids,
    total_overlaps,
)

__all__ = [
    "ConvertedTotal",
    "InfluenceMetric",
    "MatrixCell",
    "OpenTotals",
    "Overlap",
    "PartnerSummary",
    "UnavailableReason",
    "cell_account_ids",
    "cell_influence",
    "cell_overlap_count",
    "cell_overlap_keys",
    "cell_overlaps",
    "convert_totals",
    "greenfield_account_ids",
    "influence_reasons",
    "matrix_cells",
    "partner_summary",
    "potential_influence",
    "sum_open_amounts",
    "total_overlaps",
]
