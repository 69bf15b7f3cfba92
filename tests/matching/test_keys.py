"""Tests for match keys: URL parsing, suffix list reduction, blocklist and reasons."""

import csv
import os
import socket
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.matching import (
    BLOCKLIST_VERSION,
    KeyResult,
    NoKeyReason,
    compute_key,
    is_placeholder,
    match_key,
)
from app.matching import keys as keys_module
from app.matching.blocklist import (
    BLOCKLIST,
    HOST_CATEGORIES,
    BlocklistCategory,
    parse_blocklist,
)

DATA_DIR_VARIABLE = "PARTNERGRAPH_DATA_DIR"
MISSING_DATA_DIR_MESSAGE = (
    "set PARTNERGRAPH_DATA_DIR to the folder with the real data sets"
)
IN_CI = os.environ.get("CI", "").lower() == "true"


def load_domain_cases() -> list:
    """Read domain_cases.csv from the data folder at collection time.

    Without the folder this returns one stand-in case, which the test skips,
    or fails when CI=true.
    """
    data_dir = os.environ.get(DATA_DIR_VARIABLE)
    if not data_dir:
        return [pytest.param(None, None, id="data-dir-unset")]

    path = Path(data_dir) / "domain_cases.csv"
    with path.open(newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    return [
        pytest.param(row["raw"], row["expected_key"] or None, id=row["raw"])
        for row in rows
    ]


@pytest.mark.parametrize(("raw", "expected_key"), load_domain_cases())
def test_domain_case_key(raw: str | None, expected_key: str | None) -> None:
    if raw is None:
        if IN_CI:
            pytest.fail(f"{MISSING_DATA_DIR_MESSAGE} (required when CI=true)")
        pytest.skip(MISSING_DATA_DIR_MESSAGE)

    assert match_key(raw) == expected_key


# Normalization of the raw value.


def test_key_lowercases_and_trims() -> None:
    assert match_key("  WWW.Acme.COM  ") == "acme.com"


def test_key_strips_byte_order_mark() -> None:
    assert match_key("\ufeffhttps://acme.com") == "acme.com"


def test_key_drops_scheme() -> None:
    assert match_key("https://acme.com") == "acme.com"


def test_key_drops_unusual_scheme() -> None:
    assert match_key("git+ssh://git@acme.com/repo.git") == "acme.com"


def test_key_drops_scheme_relative_slashes() -> None:
    assert match_key("//www.acme.com/about") == "acme.com"


@pytest.mark.parametrize(
    "raw", ["http//www.acme.com", "https//acme.com/about", "http:/acme.com"]
)
def test_key_repairs_scheme_typo(raw: str) -> None:
    assert match_key(raw) == "acme.com"


def test_key_drops_port() -> None:
    assert match_key("acme.com:8443") == "acme.com"


def test_key_drops_port_after_scheme() -> None:
    assert match_key("http://www.acme.com:8080/login") == "acme.com"


def test_key_drops_userinfo() -> None:
    assert match_key("https://user:secret@www.acme.com/") == "acme.com"


def test_key_drops_path_query_and_fragment() -> None:
    assert match_key("https://acme.com/a/b?q=1&r=2#top") == "acme.com"


def test_key_drops_backslash_path() -> None:
    assert match_key("acme.com\\about") == "acme.com"


def test_key_drops_trailing_dot() -> None:
    assert match_key("http://www.acme.com./") == "acme.com"


@pytest.mark.parametrize("dot", ["\u3002", "\uff0e", "\uff61"])
def test_key_treats_full_stop_variants_as_dot(dot: str) -> None:
    assert match_key(f"www{dot}acme{dot}com") == "acme.com"


def test_key_from_email_address() -> None:
    assert match_key("Someone@Acme.com") == "acme.com"


def test_key_from_mailto_link() -> None:
    assert match_key("mailto:someone@sales.acme.com?subject=Hello") == "acme.com"


# Reduction to the registrable domain.


def test_key_reduces_to_registrable_domain() -> None:
    assert match_key("shop.acme.co.uk") == "acme.co.uk"


def test_key_keeps_github_pages_site() -> None:
    assert match_key("https://acme.github.io/docs") == "acme.github.io"


def test_key_keeps_blogspot_site() -> None:
    assert match_key("blog.blogspot.com") == "blog.blogspot.com"


def test_key_separates_blogspot_sites() -> None:
    assert match_key("acme.blogspot.com") != match_key("other.blogspot.com")


def test_key_keeps_www_com() -> None:
    assert match_key("www.www.com") == "www.com"


def test_key_keeps_longer_name_apart() -> None:
    assert match_key("notacme.com") == "notacme.com"
    assert match_key("notacme.com") != match_key("acme.com")


@pytest.mark.parametrize(
    "raw", ["münchen.de", "MÜNCHEN.DE", "https://www.münchen.de/", "xn--mnchen-3ya.de"]
)
def test_key_encodes_idn_as_punycode(raw: str) -> None:
    assert match_key(raw) == "xn--mnchen-3ya.de"


def test_key_maps_fullwidth_letters() -> None:
    assert match_key("\uff41\uff43\uff4d\uff45.com") == "acme.com"


# Reasons for values without a key.


@pytest.mark.parametrize("raw", [None, "", "   ", "\t\n", "\ufeff"])
def test_no_key_for_empty_value(raw: str | None) -> None:
    assert compute_key(raw) == KeyResult(None, NoKeyReason.EMPTY)


@pytest.mark.parametrize("raw", ["n/a", "N/A", "-", "—", "unknown", "http://"])
def test_no_key_for_placeholder(raw: str) -> None:
    assert compute_key(raw) == KeyResult(None, NoKeyReason.PLACEHOLDER)


@pytest.mark.parametrize(
    "raw",
    [
        "acme .com",
        "www.acme.com (main site)",
        "acme_corp.com",
        "acme..com",
        ".acme.com",
        "-acme.com",
        "acme.com:80x",
        "https:///acme.com",
        "[acme.com]",
        "xn--zz.com",
        "a" * 64 + ".com",
        "someone@",
    ],
)
def test_no_key_for_invalid_host(raw: str) -> None:
    assert compute_key(raw) == KeyResult(None, NoKeyReason.INVALID)


@pytest.mark.parametrize(
    "raw",
    [
        "192.168.0.1",
        "http://10.0.0.1:8080/admin",
        "[::1]:8080",
        "http://[2001:db8::1]/",
        "2001:db8::1",
        "someone@[::1]",
    ],
)
def test_no_key_for_ip_address(raw: str) -> None:
    assert compute_key(raw) == KeyResult(None, NoKeyReason.IP_ADDRESS)


@pytest.mark.parametrize(
    "raw", ["internalunlikelyhostname", "http://localhost:3000", "acme.notatld"]
)
def test_no_key_without_public_suffix(raw: str) -> None:
    assert compute_key(raw) == KeyResult(None, NoKeyReason.NO_PUBLIC_SUFFIX)


@pytest.mark.parametrize(
    "raw", ["co.uk", "com", "github.io", "s3.ap-south-1.amazonaws.com", "foo.kobe.jp"]
)
def test_no_key_for_public_suffix(raw: str) -> None:
    assert compute_key(raw) == KeyResult(None, NoKeyReason.PUBLIC_SUFFIX)


@pytest.mark.parametrize(
    "raw",
    [
        "someone@gmail.com",
        "mailto:someone@outlook.com",
        "gmx.de",
        "gmx.co.uk",
        "yahoo.co.jp",
        "http://phx.corporate-ir.net/phoenix.zhtml?c=1",
        "https://s2.q4cdn.com/annual-report.pdf",
    ],
)
def test_no_key_for_blocklisted_domain(raw: str) -> None:
    assert compute_key(raw) == KeyResult(None, NoKeyReason.BLOCKLISTED)


def test_wildcard_entry_skips_private_suffix() -> None:
    assert match_key("gmx.blogspot.com") == "gmx.blogspot.com"


def test_free_email_lookalike_keeps_key() -> None:
    assert match_key("notgmail.com") == "notgmail.com"


# Platforms that give a key only to their own site.


@pytest.mark.parametrize(
    "raw",
    [
        "facebook.com/acme",
        "https://www.linkedin.com/company/acme",
        "https://uk.linkedin.com/in/someone",
        "twitter.com/x",
        "https://x.com/x",
        "http://twitter.com/#!/acme",
        "instagram.com/acme/",
        "https://www.youtube.com/@acme",
        "https://www.crunchbase.com/organization/acme",
        "https://github.com/acme",
        "https://www.facebook.com/profile.php?id=100",
    ],
)
def test_no_key_for_social_profile(raw: str) -> None:
    assert compute_key(raw) == KeyResult(None, NoKeyReason.BLOCKLISTED)


@pytest.mark.parametrize(
    ("raw", "expected_key"),
    [
        ("facebook.com", "facebook.com"),
        ("https://www.facebook.com/", "facebook.com"),
        ("https://www.linkedin.com", "linkedin.com"),
        ("x.com", "x.com"),
        ("https://github.com/?", "github.com"),
        ("someone@facebook.com", "facebook.com"),
    ],
)
def test_key_for_bare_social_domain(raw: str, expected_key: str) -> None:
    assert match_key(raw) == expected_key


@pytest.mark.parametrize(
    "raw",
    [
        "acme.wordpress.com",
        "https://www.acme.squarespace.com/",
        "https://medium.com/@acme",
        "acme.medium.com",
        "https://sites.google.com/view/acme",
        "https://play.google.com/store/apps/details?id=com.acme",
        "https://bit.ly/3xYz",
    ],
)
def test_no_key_for_hosted_site(raw: str) -> None:
    assert compute_key(raw) == KeyResult(None, NoKeyReason.BLOCKLISTED)


@pytest.mark.parametrize(
    ("raw", "expected_key"),
    [
        ("wordpress.com", "wordpress.com"),
        ("https://www.squarespace.com/", "squarespace.com"),
        ("bit.ly", "bit.ly"),
        ("https://www.google.com/", "google.com"),
        ("https://mail.google.com/mail", "google.com"),
        ("https://www.apple.com/iphone", "apple.com"),
    ],
)
def test_key_for_hosting_platform_site(raw: str, expected_key: str) -> None:
    assert match_key(raw) == expected_key


# Placeholders.


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "  ",
        "n/a",
        " N/A ",
        "na",
        "none",
        "NULL",
        "-",
        "--",
        "---",
        "—",
        "?",
        "...",
        "unknown",
        "TBD",
        "#N/A",
        "Not  Available",
        "not applicable",
        "www.",
        "https://",
    ],
)
def test_is_placeholder_true(value: str | None) -> None:
    assert is_placeholder(value) is True


@pytest.mark.parametrize(
    "value", ["acme.com", "na.com", "none.org", "n/a.com", "unknown.com", "x.com"]
)
def test_is_placeholder_false(value: str) -> None:
    assert is_placeholder(value) is False


# Result type and public contract.


def test_key_result_rejects_key_and_reason() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        KeyResult("acme.com", NoKeyReason.INVALID)


def test_key_result_rejects_neither() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        KeyResult(None, None)


def test_compute_key_returns_key_without_reason() -> None:
    assert compute_key("https://acme.com") == KeyResult("acme.com", None)


def test_compute_key_rejects_non_string() -> None:
    with pytest.raises(TypeError, match="float"):
        compute_key(float("nan"))  # type: ignore[arg-type]


def test_no_key_reason_values() -> None:
    assert [reason.value for reason in NoKeyReason] == [
        "empty",
        "placeholder",
        "invalid",
        "ip_address",
        "no_public_suffix",
        "public_suffix",
        "blocklisted",
    ]


@pytest.mark.parametrize(
    "raw",
    [
        "https://WWW.Acme.COM:8080/x",
        "münchen.de",
        "acme.github.io",
        "a.b.example.uk.com",
        "www.xn--85x722f.xn--fiqs8s",
        "someone@acme.co.uk",
        "www.www.com",
    ],
)
def test_match_key_is_idempotent(raw: str) -> None:
    key = match_key(raw)
    assert key is not None
    assert match_key(key) == key


# Properties over generated input.


@given(st.text())
def test_key_of_arbitrary_text_is_ascii_or_none(raw: str) -> None:
    key = match_key(raw)
    if key is not None:
        assert key.isascii()
        assert key == key.lower()
        assert match_key(key) == key


_LABELS = st.text(
    alphabet=st.sampled_from("abcxyz019-äöüéßж中"), min_size=1, max_size=12
)
_SUFFIXES = st.sampled_from(["com", "co.uk", "de", "jp", "blogspot.com", "github.io"])
_PREFIXES = st.sampled_from(["", "http://", "https://", "HTTPS://www.", "user@"])
_ENDINGS = st.sampled_from(["", "/", ":8080", "/about?q=1", "#top", "."])


@given(
    prefix=_PREFIXES,
    labels=st.lists(_LABELS, min_size=1, max_size=3),
    suffix=_SUFFIXES,
    ending=_ENDINGS,
)
def test_key_of_generated_url_is_idempotent(
    prefix: str, labels: list[str], suffix: str, ending: str
) -> None:
    raw = prefix + ".".join([*labels, suffix]) + ending
    result = compute_key(raw)
    if result.key is not None:
        assert result.key.endswith("." + suffix)
        assert match_key(result.key) == result.key
    else:
        # Generated names can be invalid ("a-"), a public suffix ("ac.jp") or a
        # blocklisted profile URL ("x.com/about").
        assert result.reason in {
            NoKeyReason.INVALID,
            NoKeyReason.PUBLIC_SUFFIX,
            NoKeyReason.BLOCKLISTED,
        }


# No network access.


@pytest.fixture
def fresh_key_caches(monkeypatch: pytest.MonkeyPatch):
    """Replace the module's extractor with one that has not loaded a suffix list."""
    keys_module._key_for_host.cache_clear()
    monkeypatch.setattr(keys_module, "_EXTRACTOR", keys_module._new_extractor())
    yield
    keys_module._key_for_host.cache_clear()


def _raise_network_used(*args: object, **kwargs: object) -> None:
    raise AssertionError("match keys must not use the network")


def test_compute_key_makes_no_network_calls(
    monkeypatch: pytest.MonkeyPatch, fresh_key_caches: None
) -> None:
    monkeypatch.setattr(socket.socket, "connect", _raise_network_used)
    monkeypatch.setattr(socket, "create_connection", _raise_network_used)
    monkeypatch.setattr(socket, "getaddrinfo", _raise_network_used)
    with pytest.raises(AssertionError, match="network"):
        socket.getaddrinfo("127.0.0.1", 80)

    expected = {
        "https://shop.acme.co.uk/": "acme.co.uk",
        "waiterrant.blogspot.com": "waiterrant.blogspot.com",
        "münchen.de": "xn--mnchen-3ya.de",
        "www.city.kobe.jp": "city.kobe.jp",
        "someone@gmail.com": None,
        "s3.ap-south-1.amazonaws.com": None,
    }
    assert {raw: match_key(raw) for raw in expected} == expected


# Blocklist file.


def test_blocklist_version_format() -> None:
    year, month, serial = BLOCKLIST_VERSION.split(".")
    assert len(year) == 4
    assert 1 <= int(month) <= 12
    assert int(serial) >= 1


def test_blocklist_has_every_category() -> None:
    assert all(BLOCKLIST.entries[category] for category in BlocklistCategory)


def _example_host(entry: str) -> str:
    return entry.replace("*", "de")


@pytest.mark.parametrize(
    "category", [BlocklistCategory.FREE_EMAIL, BlocklistCategory.IR_HOSTING]
)
def test_blocklist_entries_always_block(category: BlocklistCategory) -> None:
    results = {
        entry: compute_key(_example_host(entry)).reason
        for entry in BLOCKLIST.entries[category]
    }
    assert results == dict.fromkeys(results, NoKeyReason.BLOCKLISTED)


def test_social_entries_block_only_with_path() -> None:
    entries = BLOCKLIST.entries[BlocklistCategory.SOCIAL_WITH_PATH]
    bare_keys = {entry: match_key(f"https://{entry}/") for entry in entries}
    profile_reasons = {
        entry: compute_key(f"https://{entry}/acme").reason for entry in entries
    }
    assert bare_keys == {entry: entry for entry in entries}
    assert profile_reasons == dict.fromkeys(entries, NoKeyReason.BLOCKLISTED)


@pytest.mark.parametrize("category", sorted(HOST_CATEGORIES))
def test_host_entries_block_subdomains_and_paths(
    category: BlocklistCategory,
) -> None:
    entries = BLOCKLIST.entries[category]
    subdomain_reasons = {
        entry: compute_key(f"acme.{entry}").reason for entry in entries
    }
    path_reasons = {entry: compute_key(f"{entry}/acme").reason for entry in entries}
    bare_keys = {entry: match_key(entry) for entry in entries}
    expected = dict.fromkeys(entries, NoKeyReason.BLOCKLISTED)
    assert subdomain_reasons == expected
    assert path_reasons == expected
    assert None not in bare_keys.values()


def test_parse_blocklist_reads_version() -> None:
    blocklist = parse_blocklist("# version: 2030.1.2\n[free_email]\nexample.com\n")
    assert blocklist.version == "2030.1.2"
    assert blocklist.entries[BlocklistCategory.FREE_EMAIL] == {"example.com"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[free_email]\nexample.com\n", "missing '# version"),
        ("# version: 1\n[unknown]\n", "unknown category"),
        ("# version: 1\nexample.com\n", "before the first"),
        ("# version: 1\n[free_email]\nExample.com\n", "invalid entry"),
        ("# version: 1\n[site_hosting]\nexample.*\n", "wildcard"),
        ("# version: 1\n[free_email]\na.com\n[ir_hosting]\na.com\n", "already"),
    ],
)
def test_parse_blocklist_rejects_bad_text(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_blocklist(text)
