"""Measure CSV account imports: rows per second and peak memory.

Usage:
    .venv/bin/python scripts/bench_import.py [--rows 10000,100000] [POSTGRES_URL]

Each size is imported twice into a fresh organization: a first import that
inserts every account, then the same file again, which changes nothing. The
CSV is generated in a temporary folder with unique company domains, ten
percent customers and three custom columns. Every run happens in a child
process, so the peak resident memory (ru_maxrss) is that run's alone. The
table shows wall-clock seconds and the CPU seconds of the importing process,
which other load on the machine disturbs less. For PostgreSQL the server's
own CPU time is not included. SQLite uses a temporary file. With a
PostgreSQL URL, which must name a disposable database, the same runs happen
there too, in an organization that is deleted afterwards.
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing
import platform
import resource
import tempfile
import time
import uuid
from pathlib import Path

HEADER = [
    "name",
    "website",
    "type",
    "industry",
    "country",
    "employees",
    "founded",
    "revenue",
    "notes",
]
INDUSTRIES = ("Retailing", "Energy", "Technology", "Financials", "Health Care")
COUNTRIES = ("United States", "Germany", "Japan", "France", "Brazil")


def write_accounts_csv(path: Path, rows: int) -> None:
    """Write `rows` accounts with unique names and domains."""
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(HEADER)
        for index in range(rows):
            writer.writerow(
                [
                    f"Company {index}",
                    f"https://www.company{index}.com/about",
                    "Customer" if index % 10 == 0 else "Prospect",
                    INDUSTRIES[index % len(INDUSTRIES)],
                    COUNTRIES[index % len(COUNTRIES)],
                    str(10 + index % 5000),
                    f"{1950 + index % 70}-01-15",
                    f"{index * 37 % 100000}.50",
                    f"note {index}",
                ]
            )


def run_once(database_url: str, csv_path: str, slug: str, queue) -> None:
    """Import the file twice in this process and report times and peak memory."""
    from app.ingest import import_csv_accounts
    from app.operations.organizations import create_organization
    from app.storage.db import create_db_engine, session_scope, upgrade_database

    upgrade_database(database_url)
    engine = create_db_engine(database_url)
    with session_scope(engine) as session:
        organization = create_organization(
            session, slug=slug, name=slug, domain=f"{slug}.com"
        )
        organization_id = organization.id

    timings = []
    for _ in range(2):
        started, cpu_started = time.perf_counter(), time.process_time()
        with session_scope(engine) as session:
            import_csv_accounts(session, organization_id=organization_id, path=csv_path)
        timings.append(
            (time.perf_counter() - started, time.process_time() - cpu_started)
        )
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    engine.dispose()
    queue.put((timings, peak_kib))


def delete_organization(database_url: str, slug: str) -> None:
    from sqlmodel import delete

    from app.storage.db import create_db_engine, session_scope
    from app.storage.models import Organization

    engine = create_db_engine(database_url)
    with session_scope(engine) as session:
        session.exec(delete(Organization).where(Organization.slug == slug))
    engine.dispose()


def measure(database_url: str, csv_path: Path) -> tuple[list[tuple[float, float]], int]:
    """Run both imports in a child process; return (wall, CPU) seconds and KiB."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    slug = f"bench-{uuid.uuid4().hex[:8]}"
    process = context.Process(
        target=run_once, args=(database_url, str(csv_path), slug, queue)
    )
    process.start()
    process.join()
    if process.exitcode != 0:
        raise SystemExit(f"benchmark run on {database_url} failed; see its traceback")
    timings, peak_kib = queue.get(timeout=10)
    if not database_url.startswith("sqlite"):
        delete_organization(database_url, slug)
    return timings, peak_kib


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rows", default="10000,100000", help="comma-separated row counts"
    )
    parser.add_argument(
        "postgres_url", nargs="?", help="a disposable PostgreSQL database, optional"
    )
    arguments = parser.parse_args()
    sizes = [int(value) for value in arguments.rows.split(",")]

    print(f"python {platform.python_version()}, {platform.machine()}")
    print(
        f"{'database':<10} {'rows':>8} {'run':<7} {'seconds':>8} {'CPU s':>6} "
        f"{'rows/s':>8} {'peak MiB':>9}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for rows in sizes:
            csv_path = Path(folder) / f"accounts_{rows}.csv"
            write_accounts_csv(csv_path, rows)
            targets = [("sqlite", f"sqlite:///{Path(folder) / f'bench_{rows}.db'}")]
            if arguments.postgres_url:
                targets.append(("postgresql", arguments.postgres_url))
            for label, url in targets:
                timings, peak_kib = measure(url, csv_path)
                for run, (seconds, cpu) in zip(
                    ("first", "repeat"), timings, strict=True
                ):
                    print(
                        f"{label:<10} {rows:>8} {run:<7} {seconds:>8.2f} {cpu:>6.2f} "
                        f"{rows / seconds:>8,.0f} {peak_kib / 1024:>9.0f}"
                    )


if __name__ == "__main__":
    main()
