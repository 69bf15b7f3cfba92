"""Versioned blocklist of domains and hosts that never become a match key.

The list ships as package data in ``blocklist.txt``. That file's header
describes the format and what each category compares.
"""

import re
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources


class BlocklistCategory(StrEnum):
    """Section of the blocklist file. The section decides how an entry matches."""

    FREE_EMAIL = "free_email"
    IR_HOSTING = "ir_hosting"
    SOCIAL_WITH_PATH = "social_with_path"
    SITE_HOSTING = "site_hosting"
    URL_SHORTENER = "url_shortener"


# Entries in these categories are compared with the host and its parent hosts.
# Entries in all other categories are compared with the registrable domain.
HOST_CATEGORIES = frozenset(
    {BlocklistCategory.SITE_HOSTING, BlocklistCategory.URL_SHORTENER}
)

_VERSION_COMMENT = re.compile(r"#\s*version:\s*(\S+)\s*")
_SECTION = re.compile(r"\[([a-z_]+)\]")
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_DOMAIN_ENTRY = re.compile(rf"{_LABEL}(?:\.{_LABEL})+")
_WILDCARD_ENTRY = re.compile(rf"({_LABEL})\.\*")


@dataclass(frozen=True)
class Blocklist:
    """Parsed blocklist, indexed for lookups by registrable domain and by host."""

    version: str
    entries: dict[BlocklistCategory, frozenset[str]]
    registrable_domains: dict[str, BlocklistCategory]
    wildcard_labels: dict[str, BlocklistCategory]
    hosts: dict[str, BlocklistCategory]

    def find_category(
        self,
        host: str,
        registrable_domain: str,
        domain_label: str,
        is_private_suffix: bool,
        has_path: bool,
    ) -> BlocklistCategory | None:
        """Return the category that blocks this host, or None if none does.

        ``domain_label`` is the leftmost label of ``registrable_domain``.
        ``is_private_suffix`` is true when the rest of it is a suffix from the
        private section of the Public Suffix List. ``has_path`` is true
        when the URL had a path, query or fragment after the host.
        """
        category = self.registrable_domains.get(registrable_domain)
        if category is None and not is_private_suffix:
            category = self.wildcard_labels.get(domain_label)
        if category == BlocklistCategory.SOCIAL_WITH_PATH and not has_path:
            category = None
        if category is not None:
            return category

        return self._find_host_category(host, registrable_domain, has_path)

    def _find_host_category(
        self, host: str, registrable_domain: str, has_path: bool
    ) -> BlocklistCategory | None:
        labels = host.split(".")
        registrable_index = len(labels) - registrable_domain.count(".") - 1
        for index in range(registrable_index + 1):
            category = self.hosts.get(".".join(labels[index:]))
            if category is None:
                continue
            # The entry itself, or its "www." host, is the platform's own
            # site unless the URL points at a page on it.
            is_platform_site = index == 0 or (index == 1 and labels[0] == "www")
            if is_platform_site and not has_path:
                continue
            return category
        return None


def parse_blocklist(text: str, source: str = "blocklist") -> Blocklist:
    """Parse blocklist text in the format described in ``blocklist.txt``.

    Raises ValueError, naming ``source`` and the line number, for a missing
    version comment, an unknown section, an entry outside a section, an
    invalid or wildcard-in-host-section entry, or an entry listed twice.
    """
    version: str | None = None
    category: BlocklistCategory | None = None
    entries: dict[BlocklistCategory, set[str]] = {
        member: set() for member in BlocklistCategory
    }
    seen: dict[str, BlocklistCategory] = {}

    for line_number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        version_match = _VERSION_COMMENT.fullmatch(stripped)
        if version_match is not None and version is None:
            version = version_match.group(1)
            continue

        content = stripped.partition("#")[0].strip()
        if not content:
            continue

        where = f"{source} line {line_number}"
        section_match = _SECTION.fullmatch(content)
        if section_match is not None:
            name = section_match.group(1)
            try:
                category = BlocklistCategory(name)
            except ValueError:
                expected = ", ".join(member.value for member in BlocklistCategory)
                raise ValueError(
                    f"{where}: unknown category [{name}]. Expected one of {expected}."
                ) from None
            continue

        if category is None:
            raise ValueError(
                f"{where}: entry {content!r} comes before the first [category] line"
            )
        _check_entry(content, category, where)
        if content in seen:
            raise ValueError(
                f"{where}: entry {content!r} is already listed in [{seen[content]}]"
            )
        seen[content] = category
        entries[category].add(content)

    if version is None:
        raise ValueError(f"{source}: missing '# version: ...' comment")

    return _index_entries(version, entries)


def _check_entry(entry: str, category: BlocklistCategory, where: str) -> None:
    if _WILDCARD_ENTRY.fullmatch(entry) is not None:
        if category in HOST_CATEGORIES:
            raise ValueError(
                f"{where}: wildcard entry {entry!r} is not allowed in [{category}], "
                "which compares host names"
            )
        return
    if _DOMAIN_ENTRY.fullmatch(entry) is None:
        raise ValueError(
            f"{where}: invalid entry {entry!r}. Expected a lower-case ASCII domain "
            "such as example.com or a wildcard such as example.*."
        )


def _index_entries(
    version: str, entries: dict[BlocklistCategory, set[str]]
) -> Blocklist:
    registrable_domains: dict[str, BlocklistCategory] = {}
    wildcard_labels: dict[str, BlocklistCategory] = {}
    hosts: dict[str, BlocklistCategory] = {}
    for category, category_entries in entries.items():
        for entry in category_entries:
            wildcard_match = _WILDCARD_ENTRY.fullmatch(entry)
            if wildcard_match is not None:
                wildcard_labels[wildcard_match.group(1)] = category
            elif category in HOST_CATEGORIES:
                hosts[entry] = category
            else:
                registrable_domains[entry] = category

    return Blocklist(
        version=version,
        entries={category: frozenset(values) for category, values in entries.items()},
        registrable_domains=registrable_domains,
        wildcard_labels=wildcard_labels,
        hosts=hosts,
    )


def load_blocklist() -> Blocklist:
    """Load the blocklist shipped with this package."""
    text = (
        resources.files(__package__)
        .joinpath("blocklist.txt")
        .read_text(encoding="utf-8")
    )
    return parse_blocklist(text, source="blocklist.txt")


BLOCKLIST = load_blocklist()
BLOCKLIST_VERSION: str = BLOCKLIST.version
