"""The `partnergraph` command over a real database, in a subprocess."""

from __future__ import annotations

from sqlmodel import Session, select

from app.storage.models import ApiToken, Organization, Population, User
from tests.helpers import run_cli


def test_org_create_prints_key(database_url: str, session: Session) -> None:
    result = run_cli(
        "org",
        "create",
        "acme",
        "--name",
        "Acme Inc",
        "--domain",
        "https://www.acme.co.uk/about",
    )

    assert result.returncode == 0, result.stderr
    assert "domain key acme.co.uk" in result.stdout
    organization = session.exec(select(Organization)).one()
    assert organization.plan == "FREE"
    assert organization.currency == "USD"


def test_org_create_makes_standard_populations(
    database_url: str, session: Session
) -> None:
    run_cli("org", "create", "acme", "--name", "Acme", "--domain", "acme.com")

    types = sorted(session.exec(select(Population.standard_type)).all())

    assert types == ["CUSTOMERS", "OPEN_OPPORTUNITIES", "PROSPECTS"]


def test_org_create_rejects_taken_key(database_url: str) -> None:
    run_cli("org", "create", "acme", "--name", "Acme", "--domain", "acme.com")

    result = run_cli(
        "org", "create", "acme2", "--name", "Acme 2", "--domain", "shop.acme.com"
    )

    assert result.returncode == 1
    error_lines = [
        line for line in result.stderr.splitlines() if "error" in line.lower()
    ]
    assert len(error_lines) == 1
    assert error_lines[0].startswith("error: ")
    assert "'acme.com', which another organization already uses" in result.stderr


def test_org_create_rejects_free_mail_domain(database_url: str) -> None:
    result = run_cli("org", "create", "acme", "--name", "Acme", "--domain", "gmail.com")

    assert result.returncode == 1
    assert "invalid domain 'gmail.com'" in result.stderr


def test_org_create_rejects_bad_currency(database_url: str) -> None:
    result = run_cli(
        "org",
        "create",
        "acme",
        "--name",
        "Acme",
        "--domain",
        "acme.com",
        "--currency",
        "dollars",
    )

    assert result.returncode == 1
    assert "invalid currency 'dollars'" in result.stderr


def test_set_plan_changes_plan_and_stamp(database_url: str, session: Session) -> None:
    run_cli("org", "create", "acme", "--name", "Acme", "--domain", "acme.com")
    before = session.exec(select(Organization)).one().data_version

    result = run_cli("org", "set-plan", "acme", "supernode")

    session.expire_all()
    organization = session.exec(select(Organization)).one()
    assert result.returncode == 0, result.stderr
    assert organization.plan == "SUPERNODE"
    assert organization.data_version == before + 1


def test_set_plan_rejects_unknown_plan(database_url: str) -> None:
    run_cli("org", "create", "acme", "--name", "Acme", "--domain", "acme.com")

    result = run_cli("org", "set-plan", "acme", "platinum")

    assert result.returncode == 1
    assert "invalid plan 'platinum': expected one of free, connector" in result.stderr


def test_token_create_first_user_is_admin(database_url: str, session: Session) -> None:
    run_cli("org", "create", "acme", "--name", "Acme", "--domain", "acme.com")

    first = run_cli(
        "token",
        "create",
        "--org",
        "acme",
        "--email",
        "ann@acme.com",
        "--role",
        "member",
    )
    second = run_cli("token", "create", "--org", "acme", "--email", "bob@acme.com")

    roles = dict(session.exec(select(User.email, User.role)).all())
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    assert roles == {"ann@acme.com": "ADMIN", "bob@acme.com": "MEMBER"}
    assert first.stdout.startswith("pgt_")


def test_token_is_stored_only_as_hash(database_url: str, session: Session) -> None:
    run_cli("org", "create", "acme", "--name", "Acme", "--domain", "acme.com")

    token = run_cli(
        "token", "create", "--org", "acme", "--email", "ann@acme.com"
    ).stdout.strip()

    stored = session.exec(select(ApiToken)).one()
    secret = token.rsplit("_", 1)[1]
    assert secret not in stored.secret_hash
    assert stored.public_id in token


def test_token_revoke_marks_revoked(database_url: str, session: Session) -> None:
    run_cli("org", "create", "acme", "--name", "Acme", "--domain", "acme.com")
    run_cli("token", "create", "--org", "acme", "--email", "ann@acme.com")
    public_id = session.exec(select(ApiToken.public_id)).one()

    result = run_cli("token", "revoke", public_id)

    session.expire_all()
    assert result.returncode == 0, result.stderr
    assert session.exec(select(ApiToken)).one().revoked_at is not None


def test_token_for_unknown_org_fails(database_url: str) -> None:
    result = run_cli("token", "create", "--org", "nobody", "--email", "ann@nobody.com")

    assert result.returncode == 1
    assert "organization 'nobody' not found" in result.stderr


def test_usage_error_prints_one_line(database_url: str) -> None:
    result = run_cli("org", "create")

    assert result.returncode == 2
    assert result.stderr.strip() == "error: Missing argument 'slug'."


def test_unknown_command_prints_one_line(database_url: str) -> None:
    result = run_cli("bogus")

    assert result.returncode == 2
    assert result.stderr.strip() == "error: No such command 'bogus'."
