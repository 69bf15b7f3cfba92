"""The staging table: parsed rows of one import, written in bulk and then dropped."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import delete, insert, text
from sqlmodel import Session

from app.storage.models import ImportStaging

ACCOUNT = "account"
OPPORTUNITY = "opportunity"

# Rows per INSERT statement: large enough to amortize the round trip, small
# enough to keep the pending rows of one batch a few megabytes.
CHUNK_SIZE = 5_000


class StagingBatch:
    """Rows of one import in `import_staging`, under a batch id of their own.

    Rows are buffered and inserted in chunks with one executemany each, never
    as ORM objects. The batch lives inside the caller's transaction, and
    `discard()` removes it before the import returns or raises.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.batch_id = uuid.uuid4().hex
        self.row_counts: dict[str, int] = {}
        self._pending: list[dict[str, Any]] = []

    def add(
        self,
        object_type: str,
        row_number: int,
        external_id: str,
        payload: dict[str, Any],
    ) -> None:
        self._pending.append(
            {
                "batch_id": self.batch_id,
                "row_number": row_number,
                "object_type": object_type,
                "external_id": external_id,
                "payload": payload,
            }
        )
        self.row_counts[object_type] = self.row_counts.get(object_type, 0) + 1
        if len(self._pending) >= CHUNK_SIZE:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            # A Core insert on the session's connection skips the ORM's bulk
            # bookkeeping, which is most of the cost for plain rows.
            connection = self.session.connection()
            connection.execute(insert(ImportStaging.__table__), self._pending)
            self._pending = []

    def analyze(self) -> None:
        """Refresh PostgreSQL's statistics of the table after staging a batch.

        Without them the planner takes the freshly filled table for empty and
        reconciles with nested loops whose time grows with the square of the
        row count. SQLite plans these statements well without statistics.
        """
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(text("ANALYZE import_staging"))

    def discard(self) -> None:
        """Drop the pending rows and delete the batch's rows from the table."""
        self._pending = []
        self.session.execute(
            delete(ImportStaging).where(ImportStaging.batch_id == self.batch_id)
        )
