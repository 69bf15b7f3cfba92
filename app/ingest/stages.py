"""Stage mapping: which opportunity stages mean OPEN, WON or LOST.

A data source keeps its mapping. Mappings already in it, set by an admin or
by an earlier import, always win. A stage seen for the first time is mapped
from the file's IsClosed/IsWon flags when the file has them (not closed:
OPEN, closed and won: WON, closed and not won: LOST) and stays unmapped when
its rows disagree. Without flags, the importer's default names apply, and any
other stage stays unmapped; its opportunities count as OPEN until mapped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from app.core.enums import Outcome
from app.ingest.problems import describe_rows

# Closed stages as Salesforce and HubSpot name them by default, compared
# case-insensitively.
CLOSED_STAGE_DEFAULTS = {"closed won": Outcome.WON, "closed lost": Outcome.LOST}

# HubSpot's default sales pipeline, by internal stage id and by label.
HUBSPOT_STAGE_DEFAULTS = {
    "appointmentscheduled": Outcome.OPEN,
    "qualifiedtobuy": Outcome.OPEN,
    "presentationscheduled": Outcome.OPEN,
    "decisionmakerboughtin": Outcome.OPEN,
    "contractsent": Outcome.OPEN,
    "closedwon": Outcome.WON,
    "closedlost": Outcome.LOST,
    "appointment scheduled": Outcome.OPEN,
    "qualified to buy": Outcome.OPEN,
    "presentation scheduled": Outcome.OPEN,
    "decision maker bought-in": Outcome.OPEN,
    "contract sent": Outcome.OPEN,
    **CLOSED_STAGE_DEFAULTS,
}


def outcome_from_flags(is_closed: bool, is_won: bool) -> Outcome:
    if not is_closed:
        return Outcome.OPEN
    return Outcome.WON if is_won else Outcome.LOST


@dataclass(slots=True)
class StageEvidence:
    """The stages of one opportunity file, with the outcome flags of their rows."""

    has_flags: bool
    rows_by_stage: dict[str, dict[Outcome | None, list[int]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )

    def observe(self, stage: str, row: int, outcome: Outcome | None) -> None:
        self.rows_by_stage[stage][outcome].append(row)


@dataclass(frozen=True, slots=True)
class StageMappingResult:
    mapping: dict[str, str]
    warnings: list[str]


def infer_stage_mapping(
    existing: dict[str, str],
    evidence: StageEvidence,
    defaults: dict[str, Outcome],
    *,
    file_name: str,
) -> StageMappingResult:
    """Extend a source's mapping with the stages first seen in a file.

    Returns the new mapping and a warning for each stage of the file that
    stays unmapped.
    """
    mapping = dict(existing)
    warnings: list[str] = []
    for stage, rows_by_outcome in evidence.rows_by_stage.items():
        if stage in mapping:
            continue
        rows = sorted(row for rows in rows_by_outcome.values() for row in rows)
        if evidence.has_flags:
            outcomes = set(rows_by_outcome)
            if len(outcomes) == 1:
                mapping[stage] = str(outcomes.pop())
                continue
            warnings.append(
                f"{file_name}: stage {stage!r} stays unmapped because its rows "
                f"disagree: {_describe_disagreement(rows_by_outcome)}; its "
                "opportunities count as OPEN until an admin maps the stage"
            )
            continue
        default = defaults.get(stage.casefold())
        if default is not None:
            mapping[stage] = str(default)
            continue
        warnings.append(
            f"{file_name}: stage {stage!r} has no outcome mapping, so its "
            "opportunities count as OPEN until an admin maps it "
            f"({describe_rows(rows)})"
        )
    return StageMappingResult(mapping=mapping, warnings=warnings)


def _describe_disagreement(rows_by_outcome: dict[Outcome | None, list[int]]) -> str:
    parts = [
        f"{outcome!s} in {describe_rows(sorted(rows))}"
        for outcome, rows in sorted(rows_by_outcome.items(), key=lambda item: item[0])
    ]
    return ", ".join(parts)
