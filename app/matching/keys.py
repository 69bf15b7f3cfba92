"""Match keys: the registrable domain that identifies a company's website.

Two accounts match when their websites give the same key. A false match shares
data with the wrong company, so every doubtful value gives no key and a reason.
"""

import functools
import ipaddress
import re
from dataclasses import dataclass
from enum import StrEnum

import idna
import tldextract

from app.matching.blocklist import BLOCKLIST
from app.matching.placeholders import is_placeholder


class NoKeyReason(StrEnum):
    """Reason why a raw website value gives no match key."""

    EMPTY = "empty"
    PLACEHOLDER = "placeholder"
    INVALID = "invalid"
    IP_ADDRESS = "ip_address"
    NO_PUBLIC_SUFFIX = "no_public_suffix"
    PUBLIC_SUFFIX = "public_suffix"
    BLOCKLISTED = "blocklisted"


@dataclass(frozen=True, slots=True)
class KeyResult:
    """Match key of a raw value, or the reason it has none. Exactly one is set."""

    key: str | None
    reason: NoKeyReason | None

    def __post_init__(self) -> None:
        if (self.key is None) == (self.reason is None):
            raise ValueError(
                "KeyResult needs exactly one of key and reason, "
                f"got key={self.key!r} and reason={self.reason!r}"
            )


def _new_extractor() -> tldextract.TLDExtract:
    """Build an extractor that reads only the suffix list bundled with tldextract.

    In tldextract 5.4, ``suffix_list_urls=()`` disables the HTTP fetch and
    ``cache_dir=None`` the disk cache, so the bundled snapshot is the only
    source. Suffixes from the private section (blogspot.com, github.io) count
    as public suffixes, so each site under them gets its own key.
    """
    return tldextract.TLDExtract(
        cache_dir=None,
        suffix_list_urls=(),
        fallback_to_snapshot=True,
        include_psl_private_domains=True,
    )


# The extractor loads the suffix list on its first call and keeps it.
_EXTRACTOR = _new_extractor()

# A full cache took about 22 MB in a tracemalloc measurement on Python 3.11 with
# hosts such as "www.company123.co.uk".
_HOST_CACHE_SIZE = 65_536

# Ideographic, fullwidth and halfwidth ideographic full stops, which IME users
# type in place of "." and which browsers accept as label separators.
_FULL_STOP_VARIANTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})
# Characters that a BOM-prefixed export or a copy from a web page leaves at the
# ends of a value and that str.strip() keeps.
_INVISIBLE_EDGE_CHARACTERS = "\ufeff\u200b"
_SCHEME_TYPO = re.compile(r"^(https?)(?://|:/)(?!/)")
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*://")
_MAILTO = "mailto:"
_AUTHORITY_END = re.compile(r"[/?#\\]")
_PORT = re.compile(r"[0-9]*")
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_ASCII_HOST = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")
_MAX_HOST_LENGTH = 253


def compute_key(raw: str | None) -> KeyResult:
    """Compute the match key of a website, URL or e-mail address.

    The key is the lower-case ASCII registrable domain under the Public Suffix
    List, private section included. Raises TypeError when raw is neither a
    string nor None.
    """
    if raw is None:
        return KeyResult(None, NoKeyReason.EMPTY)
    if not isinstance(raw, str):
        raise TypeError(f"raw must be a string or None, got {type(raw).__name__}")

    value = raw.strip().strip(_INVISIBLE_EDGE_CHARACTERS).strip()
    if not value:
        return KeyResult(None, NoKeyReason.EMPTY)
    if is_placeholder(value):
        return KeyResult(None, NoKeyReason.PLACEHOLDER)

    value = value.lower().translate(_FULL_STOP_VARIANTS)
    authority, has_path = _split_authority(value)
    return _key_for_authority(authority, has_path)


def match_key(raw: str | None) -> str | None:
    """Return the match key of raw, or None when it has none."""
    return compute_key(raw).key


def _split_authority(value: str) -> tuple[str, bool]:
    """Split a lower-cased URL into its authority and whether more follows.

    The second item is true when a path, query or fragment with any content
    besides "/", "?" and "#" follows the authority. A value without "//", such
    as "acme.com/about" or "someone@acme.com", starts with its authority.
    """
    value = _SCHEME_TYPO.sub(r"\1://", value, count=1)
    if value.startswith(_MAILTO):
        value = value[len(_MAILTO) :]
    elif value.startswith("//"):
        value = value[2:]
    else:
        scheme = _SCHEME.match(value)
        if scheme is not None:
            value = value[scheme.end() :]

    end = _AUTHORITY_END.search(value)
    if end is None:
        return value, False

    rest = value[end.start() :]
    return value[: end.start()], rest.strip("/?#\\") != ""


def _key_for_authority(authority: str, has_path: bool) -> KeyResult:
    """Drop user info and port from an authority, then key its host."""
    host_and_port = authority.rpartition("@")[2]

    if host_and_port.startswith("["):
        literal, bracket, _ = host_and_port[1:].partition("]")
        if bracket and _is_ip_address(literal):
            return KeyResult(None, NoKeyReason.IP_ADDRESS)
        return KeyResult(None, NoKeyReason.INVALID)
    # An IPv6 address without brackets has at least two colons.
    if host_and_port.count(":") >= 2 and _is_ip_address(host_and_port):
        return KeyResult(None, NoKeyReason.IP_ADDRESS)

    host, _, port = host_and_port.partition(":")
    if _PORT.fullmatch(port) is None:
        return KeyResult(None, NoKeyReason.INVALID)
    if host.endswith("."):
        host = host[:-1]
    return _key_for_host(host, has_path)


@functools.lru_cache(maxsize=_HOST_CACHE_SIZE)
def _key_for_host(host: str, has_path: bool) -> KeyResult:
    """Reduce a lower-case host to its registrable domain and check the blocklist."""
    if not host:
        return KeyResult(None, NoKeyReason.INVALID)
    if host[-1].isdigit() and _is_ip_address(host):
        return KeyResult(None, NoKeyReason.IP_ADDRESS)

    ascii_host = _to_ascii_host(host)
    if ascii_host is None:
        return KeyResult(None, NoKeyReason.INVALID)

    parts = _EXTRACTOR.extract_str(ascii_host)
    if not parts.suffix:
        return KeyResult(None, NoKeyReason.NO_PUBLIC_SUFFIX)
    if not parts.domain:
        return KeyResult(None, NoKeyReason.PUBLIC_SUFFIX)

    registrable_domain = f"{parts.domain}.{parts.suffix}"
    category = BLOCKLIST.find_category(
        host=ascii_host,
        registrable_domain=registrable_domain,
        domain_label=parts.domain,
        is_private_suffix=parts.is_private,
        has_path=has_path,
    )
    if category is not None:
        return KeyResult(None, NoKeyReason.BLOCKLISTED)
    return KeyResult(registrable_domain, None)


def _to_ascii_host(host: str) -> str | None:
    """Return the host in punycode form, or None if it is not a valid host name.

    Non-ASCII names are mapped with UTS #46 (non-transitional, STD3 rules) and
    encoded per IDNA 2008, so "MÜNCHEN.de" and "xn--mnchen-3ya.de" give the
    same result. Existing punycode labels are decoded and checked the same way.
    """
    if not host.isascii() or "xn--" in host:
        try:
            host = idna.encode(host, uts46=True, std3_rules=True).decode("ascii")
        except UnicodeError:
            # idna.IDNAError is a subclass of UnicodeError.
            return None

    if len(host) > _MAX_HOST_LENGTH or _ASCII_HOST.fullmatch(host) is None:
        return None
    return host


def _is_ip_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
