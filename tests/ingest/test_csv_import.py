"""CSV imports of accounts: fields, identity, reconciliation and atomicity."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, update
from sqlmodel import Session, func, select

from app.core.errors import ImportRejectedError, InvalidInputError
from app.ingest import import_csv_accounts
from app.storage.models import Account, DataSource, Organization
from tests.ingest.support import (
    accounts_by_id,
    dump_database,
    standard_members,
    write_csv,
)

HEADER = ["id", "Company", "Website", "Type", "Employees", "Region", "Founded"]
ROWS = [
    [
        "a1",
        "Lowe&#8217;s",
        "https://www.lowes.com/about",
        "Customer",
        "2,200",
        "US",
        "1946-01-01",
    ],
    ["a2", '=HYPERLINK("x")', "@evil.com", "Prospect", "12", "EU", "n/a"],
    ["a3", "+Plus Corp", "-", "", "many", "", "2001-05-07"],
]


def _import(session: Session, organization: Organization, path: Path, **options):
    report = import_csv_accounts(
        session, organization_id=organization.id, path=path, **options
    )
    session.commit()
    return report


def test_import_stores_fields(session: Session, acme: Organization, tmp_path: Path):
    path = write_csv(tmp_path / "crm.csv", HEADER, ROWS)

    report = _import(session, acme, path)

    accounts = accounts_by_id(session, report.data_source_id)
    assert sorted(accounts) == ["a1", "a2", "a3"]
    lowes = accounts["a1"]
    assert lowes.name == "Lowe\u2019s"
    assert lowes.website == "https://www.lowes.com/about"
    assert lowes.match_key == "lowes.com"
    assert lowes.type == "Customer"
    assert lowes.employees == 2200
    assert lowes.custom == {"Region": "US", "Founded": "1946-01-01"}


def test_import_never_evaluates_cells(
    session: Session, acme: Organization, tmp_path: Path
):
    path = write_csv(tmp_path / "crm.csv", HEADER, ROWS)

    report = _import(session, acme, path)

    accounts = accounts_by_id(session, report.data_source_id)
    assert accounts["a2"].name == '=HYPERLINK("x")'
    assert accounts["a2"].website == "@evil.com"
    assert accounts["a3"].name == "+Plus Corp"


def test_import_reports_counts_and_keys(
    session: Session, acme: Organization, tmp_path: Path
):
    path = write_csv(tmp_path / "crm.csv", HEADER, ROWS)

    report = _import(session, acme, path)

    assert report.data_source_name == "crm"
    assert report.data_source_kind == "CSV"
    assert report.counts["accounts"].inserted == 3
    # Only "-" gives no key; "@evil.com" reads as an e-mail address at evil.com.
    assert report.accounts_without_key == 1
    assert report.changed is True
    assert report.warnings == [
        "crm.csv: column Employees contains values that are not whole numbers; they "
        "were left empty (row 4)"
    ]


def test_import_records_source_description(
    session: Session, acme: Organization, tmp_path: Path
):
    path = write_csv(tmp_path / "crm.csv", HEADER, ROWS)

    report = _import(session, acme, path, source_name="Partner list")

    source = session.get(DataSource, report.data_source_id)
    assert source.name == "Partner list"
    assert source.synced_fields == ["ACCOUNTS"]
    assert source.customer_types == [
        "Customer",
        "Customer - Direct",
        "Customer - Channel",
    ]
    assert source.custom_field_types == {"Region": "text", "Founded": "date"}


def test_reimport_changes_nothing(
    session: Session, engine: Engine, acme: Organization, tmp_path: Path
):
    path = write_csv(tmp_path / "crm.csv", HEADER, ROWS)
    _import(session, acme, path)
    before = dump_database(engine)

    report = _import(session, acme, path)

    assert dump_database(engine) == before
    assert report.changed is False
    assert report.counts["accounts"].unchanged == 3


def test_edited_file_reconciles(session: Session, acme: Organization, tmp_path: Path):
    path = write_csv(tmp_path / "crm.csv", HEADER, ROWS)
    first = _import(session, acme, path)
    original_ids = {
        k: a.id for k, a in accounts_by_id(session, first.data_source_id).items()
    }
    edited = [
        ["a1", "Lowe's Companies", "lowes.com", "Customer", "2200", "US", "1946-01-01"],
        ["a2", *ROWS[1][1:]],
        ["a4", "Newco", "newco.io", "Prospect", "", "", ""],
    ]
    write_csv(path, HEADER, edited)

    report = _import(session, acme, path)

    counts = report.counts["accounts"]
    assert (counts.inserted, counts.updated, counts.deleted, counts.unchanged) == (
        1,
        1,
        1,
        1,
    )
    accounts = accounts_by_id(session, report.data_source_id)
    assert sorted(accounts) == ["a1", "a2", "a4"]
    assert accounts["a1"].name == "Lowe's Companies"
    assert accounts["a1"].id == original_ids["a1"]
    assert accounts["a2"].id == original_ids["a2"]
    assert accounts["a4"].match_key == "newco.io"


def test_domain_override_survives_reimport(
    session: Session, acme: Organization, tmp_path: Path
):
    path = write_csv(tmp_path / "crm.csv", HEADER, ROWS)
    first = _import(session, acme, path)
    session.execute(
        update(Account)
        .where(
            Account.data_source_id == first.data_source_id, Account.external_id == "a3"
        )
        .values(domain_override="plus.example.org", match_key="example.org")
    )
    session.commit()

    report = _import(session, acme, path)

    plus = accounts_by_id(session, report.data_source_id)["a3"]
    assert plus.domain_override == "plus.example.org"
    assert plus.match_key == "example.org"
    assert plus.no_key_reason is None
    assert report.accounts_without_key == 0


def test_hashed_ids_are_stable(session: Session, acme: Organization, tmp_path: Path):
    header = ["name", "website"]
    path = write_csv(
        tmp_path / "list.csv", header, [["Acme", "acme.com"], ["Beta", ""]]
    )
    first = _import(session, acme, path)
    ids = sorted(accounts_by_id(session, first.data_source_id))

    write_csv(path, header, [["Beta", ""], ["Acme", "acme.com"]])
    report = _import(session, acme, path)

    assert sorted(accounts_by_id(session, report.data_source_id)) == ids
    assert report.changed is False
    assert len(ids) == 2


def test_id_column_option(session: Session, acme: Organization, tmp_path: Path):
    path = write_csv(
        tmp_path / "list.csv", ["Ref", "name", "website"], [["R-1", "Acme", "acme.com"]]
    )

    report = _import(session, acme, path, id_column="ref")

    assert sorted(accounts_by_id(session, report.data_source_id)) == ["R-1"]


def test_external_id_column_recognized(
    session: Session, acme: Organization, tmp_path: Path
):
    path = write_csv(
        tmp_path / "list.csv",
        ["External_ID", "name", "url"],
        [["X9", "Acme", "acme.com"]],
    )

    report = _import(session, acme, path)

    assert sorted(accounts_by_id(session, report.data_source_id)) == ["X9"]


def test_column_overrides(session: Session, acme: Organization, tmp_path: Path):
    path = write_csv(
        tmp_path / "list.csv",
        ["Firm", "Homepage", "Segment"],
        [["Acme", "acme.com", "Customer"]],
    )

    report = _import(
        session,
        acme,
        path,
        column_overrides={"name": "Firm", "website": "Homepage", "type": "segment"},
    )

    account = next(iter(accounts_by_id(session, report.data_source_id).values()))
    assert (account.name, account.website, account.type) == (
        "Acme",
        "acme.com",
        "Customer",
    )
    assert account.custom == {}


def test_duplicate_id_rejected(
    session: Session, engine: Engine, acme: Organization, tmp_path: Path
):
    path = write_csv(
        tmp_path / "crm.csv", HEADER, [*ROWS, ["a2", "Dup", "dup.com", "", "", "", ""]]
    )
    before = dump_database(engine)

    with pytest.raises(ImportRejectedError) as caught:
        import_csv_accounts(session, organization_id=acme.id, path=path)
    session.rollback()

    assert caught.value.problems == [
        "rows 3 and 5, column id: duplicate id 'a2': expected each id once"
    ]
    assert dump_database(engine) == before


def test_duplicate_name_and_website_rejected(
    session: Session, acme: Organization, tmp_path: Path
):
    path = write_csv(
        tmp_path / "list.csv",
        ["name", "website"],
        [["Acme", "acme.com"], ["Acme", "acme.com"]],
    )

    with pytest.raises(ImportRejectedError) as caught:
        import_csv_accounts(session, organization_id=acme.id, path=path)

    assert caught.value.problems[0].startswith(
        "rows 2 and 3 have the same name and website"
    )


def test_every_problem_listed(session: Session, acme: Organization, tmp_path: Path):
    path = tmp_path / "list.csv"
    path.write_text("id,name,website\n1,Acme,acme.com\n2,Beta\n,Gamma,gamma.com\n3,,\n")

    with pytest.raises(ImportRejectedError) as caught:
        import_csv_accounts(session, organization_id=acme.id, path=path)

    assert caught.value.problems == [
        "row 3 (line 3): 2 fields, but the header has 3 columns; check the "
        "delimiter and the quoting",
        "row 4, column id: missing id; every row needs an id",
        "row 5: the account has neither a name nor a website",
    ]
    assert str(caught.value).startswith(
        "import of list.csv rejected, nothing was changed"
    )


def test_trailing_empty_fields_accepted(
    session: Session, acme: Organization, tmp_path: Path
):
    path = tmp_path / "list.csv"
    path.write_text("name,website\nAcme,acme.com,,\n")

    report = _import(session, acme, path)

    assert report.counts["accounts"].inserted == 1


def test_source_of_other_kind_rejected(
    session: Session, acme: Organization, tmp_path: Path
):
    session.add(DataSource(organization_id=acme.id, kind="SALESFORCE", name="crm"))
    session.commit()
    path = write_csv(tmp_path / "crm.csv", HEADER, ROWS)

    with pytest.raises(InvalidInputError) as caught:
        import_csv_accounts(session, organization_id=acme.id, path=path)

    assert "data source 'crm' is a SALESFORCE source" in caught.value.message


def test_invalid_decimal_separator_rejected(
    session: Session, acme: Organization, tmp_path: Path
):
    path = write_csv(tmp_path / "crm.csv", HEADER, ROWS)

    with pytest.raises(InvalidInputError) as caught:
        import_csv_accounts(
            session, organization_id=acme.id, path=path, decimal_separator=";"
        )

    assert caught.value.message == "invalid decimal separator ';': expected . or ,"


def test_csv_without_type_is_all_prospects(
    session: Session, acme: Organization, tmp_path: Path
):
    path = write_csv(
        tmp_path / "list.csv",
        ["name", "website"],
        [["Acme", "acme.com"], ["Beta", "n/a"]],
    )

    report = _import(session, acme, path)

    members = standard_members(session, acme.id)
    accounts = accounts_by_id(session, report.data_source_id)
    assert members["PROSPECTS"] == set(accounts)
    assert members["CUSTOMERS"] == set()
    assert members["OPEN_OPPORTUNITIES"] == set()


def test_import_bumps_version_only_on_change(
    session: Session, acme: Organization, tmp_path: Path
):
    path = write_csv(tmp_path / "crm.csv", HEADER, ROWS)
    start = acme.data_version

    _import(session, acme, path)
    after_first = session.exec(select(Organization.data_version)).one()
    _import(session, acme, path)
    after_second = session.exec(select(Organization.data_version)).one()

    assert after_first == start + 1
    assert after_second == after_first


def test_progress_reported_at_end(session: Session, acme: Organization, tmp_path: Path):
    path = write_csv(tmp_path / "crm.csv", HEADER, ROWS)
    calls = []

    _import(session, acme, path, progress=lambda *args: calls.append(args))

    assert calls == [("crm.csv", 3, True)]


def test_header_only_file_keeps_existing_accounts(session, tmp_path) -> None:
    from sqlmodel import select

    from app.core.errors import ImportRejectedError
    from app.ingest import import_csv_accounts
    from app.storage.models import Account
    from tests.helpers import make_organization

    organization = make_organization(session, "acme")
    full = tmp_path / "targets.csv"
    full.write_text("id,name,website\n1,Acme,acme.com\n2,Beta,beta.io\n")
    import_csv_accounts(session, organization_id=organization.id, path=full)
    session.commit()
    empty = tmp_path / "empty" / "targets.csv"
    empty.parent.mkdir()
    empty.write_text("id,name,website\n")

    with pytest.raises(ImportRejectedError, match="would delete all 2 accounts"):
        import_csv_accounts(session, organization_id=organization.id, path=empty)
    session.rollback()

    assert session.exec(select(func.count()).select_from(Account)).one() == 2
