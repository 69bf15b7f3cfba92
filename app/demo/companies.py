"""Made-up companies with real-looking names, domains and CRM websites."""

from __future__ import annotations

import functools
import itertools
import random
import re
from dataclasses import dataclass
from typing import Any, TypeVar

from app.demo.words import (
    LEGAL_FORMS,
    NAME_ADJECTIVES,
    NAME_NOUNS,
    NAME_SUFFIXES,
    SURNAMES,
    TOP_LEVEL_DOMAINS,
)

_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")

_FRESH_DRAWS = 4

T = TypeVar("T")


@dataclass(frozen=True)
class Company:
    """A company of the demo market; `domain` is its registrable domain."""

    name: str
    domain: str


def pick_weighted(rng: random.Random, choices: tuple[tuple[T, int], ...]) -> T:
    """Return one value of (value, weight) pairs, drawn with `rng`."""
    values, cumulative = _cumulative_weights(choices)
    return rng.choices(values, cum_weights=cumulative)[0]


@functools.lru_cache(maxsize=64)
def _cumulative_weights(
    choices: tuple[tuple[Any, int], ...],
) -> tuple[tuple[Any, ...], tuple[int, ...]]:
    values = tuple(value for value, _ in choices)
    return values, tuple(itertools.accumulate(weight for _, weight in choices))


def make_companies(rng: random.Random, count: int) -> list[Company]:
    """Return `count` companies with distinct names and domains."""
    namer = _CompanyNamer(rng)
    return [namer.fresh_company() for _ in range(count)]


class _CompanyNamer:
    """Generator of companies whose names and domains are unique in one market."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._names: set[str] = set()
        self._domains: set[str] = set()
        self._next_branch: dict[str, int] = {}

    def fresh_company(self) -> Company:
        name, domain = self._draw()
        self._names.add(name)
        self._domains.add(domain)
        return Company(name=name, domain=domain)

    def _draw(self) -> tuple[str, str]:
        for _ in range(_FRESH_DRAWS):
            base = _company_base_name(self._rng)
            domain = _domain_for(self._rng, base)
            if base not in self._names and domain not in self._domains:
                return base, domain
        # Large markets run out of word combinations; a numbered branch keeps
        # names and domains unique.
        label, _, suffix = domain.partition(".")
        branch = self._next_branch.get(base, 2)
        while (
            f"{base} {branch}" in self._names
            or f"{label}{branch}.{suffix}" in self._domains
        ):
            branch += 1
        self._next_branch[base] = branch + 1
        return f"{base} {branch}", f"{label}{branch}.{suffix}"


def _company_base_name(rng: random.Random) -> str:
    style = rng.random()
    if style < 0.55:
        name = f"{rng.choice(NAME_ADJECTIVES)} {rng.choice(NAME_NOUNS)}"
        name = f"{name} {rng.choice(NAME_SUFFIXES)}"
    elif style < 0.75:
        name = f"{rng.choice(SURNAMES)} & {rng.choice(SURNAMES)}"
    elif style < 0.9:
        name = f"{rng.choice(NAME_NOUNS)}{rng.choice(NAME_NOUNS).lower()}"
    else:
        name = f"{rng.choice(SURNAMES)} {rng.choice(NAME_SUFFIXES)}"
    return name


def _domain_for(rng: random.Random, name: str) -> str:
    words = [_NOT_ALPHANUMERIC.sub("", word.lower()) for word in name.split()]
    words = [word for word in words if word]
    if len(words) > 2 and rng.random() < 0.5:
        words = words[:2]
    joiner = "-" if rng.random() < 0.25 else ""
    suffix = pick_weighted(rng, TOP_LEVEL_DOMAINS)
    return f"{joiner.join(words)}.{suffix}"


def account_name(rng: random.Random, company: Company) -> str:
    """Return the company's name as one CRM might spell it."""
    return company.name + rng.choice(LEGAL_FORMS)


def account_website(rng: random.Random, company: Company) -> str | None:
    """Return a website as CRM users type it, or None for a missing one.

    About 6% of accounts have no website, written as blank or as a placeholder.
    The others vary the scheme, a `www.` or regional subdomain and the path,
    and each variant gives the company's domain as match key.
    """
    roll = rng.random()
    if roll < 0.04:
        return None
    if roll < 0.06:
        return rng.choice(("n/a", "-", "none", "www."))
    variant = rng.random()
    if variant < 0.35:
        return f"https://www.{company.domain}"
    if variant < 0.6:
        return company.domain
    if variant < 0.75:
        return f"www.{company.domain}"
    if variant < 0.85:
        return f"http://{company.domain}/about-us"
    if variant < 0.93:
        return f"https://investors.{company.domain}/"
    return f"HTTPS://WWW.{company.domain.upper()}"
