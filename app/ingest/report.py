"""The outcome of an import, as the CLI, the API and the demo show it."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.ingest.reconcile import ObjectCounts

ACCOUNTS = "accounts"
OPPORTUNITIES = "opportunities"


@dataclass(frozen=True, slots=True)
class ImportReport:
    """Summary of the changes one import made to its data source.

    `counts` has an entry per object type whose file was imported.
    `accounts_without_key` counts the source's accounts that have no match key
    after the import. `changed` is false when the files matched the data
    already stored, in which case nothing was written.
    """

    data_source_id: int
    data_source_name: str
    data_source_kind: str
    counts: dict[str, ObjectCounts]
    accounts_without_key: int
    changed: bool
    duration_seconds: float
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """Describe the counts in one line, e.g. for a log record."""
        parts = [
            f"{object_type}: {counts.inserted} inserted, {counts.updated} updated, "
            f"{counts.deleted} deleted, {counts.unchanged} unchanged"
            for object_type, counts in self.counts.items()
        ]
        parts.append(f"{self.accounts_without_key} accounts without a match key")
        return "; ".join(parts)
