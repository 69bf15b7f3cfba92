"""Regenerate the baseline migration from the models.

Only for schema work before the first release: once a database in use has
the baseline, schema changes get a new revision instead
(`alembic revision --autogenerate`).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from alembic import command

from app.storage.db import MIGRATIONS_DIR, alembic_config

BASELINE = MIGRATIONS_DIR / "versions" / "0001_baseline.py"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        BASELINE.unlink(missing_ok=True)
        url = f"sqlite:///{Path(folder) / 'empty.db'}"
        command.revision(
            alembic_config(url),
            message="baseline schema",
            autogenerate=True,
            rev_id="0001_baseline",
        )
    generated = next((MIGRATIONS_DIR / "versions").glob("0001_baseline_*.py"))
    generated.rename(BASELINE)
    print(f"wrote {BASELINE}")


if __name__ == "__main__":
    main()
