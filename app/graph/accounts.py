"""One organization's accounts as compact arrays indexed by position."""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import NamedTuple

from pyroaring import FrozenBitMap

NO_KEY = -1
"""Key id of an account without a match key."""


class OpenAmount(NamedTuple):
    """The OPEN opportunities with an amount of one account in one currency.

    `units` is the exact sum in 1/10,000 of `currency`; `count` is how many
    opportunities it adds up. Unmapped stages count as OPEN.
    """

    currency: str
    units: int
    count: int


def _frozen(values: array) -> memoryview:
    return memoryview(values).toreadonly()


class AccountIndex:
    """Parallel read-only arrays over one organization's accounts.

    Position `i` stands for the account `account_ids[i]`; positions follow
    ascending account id, so `position()` is a binary search. `key_ids[i]` is
    the interned match key or `NO_KEY`. Populations store their members as
    bitmaps of positions, and key sets are derived from these arrays.

    >>> index = AccountIndex(
    ...     account_ids=[10, 11, 12],
    ...     key_ids=[0, NO_KEY, 0],
    ...     external_ids=["a", "b", "c"],
    ...     data_source_ids=[1, 1, 1],
    ... )
    >>> index.position(12), list(index.positions_with_key(0))
    (2, [0, 2])
    >>> sorted(index.keys_of([0, 1, 2]))
    [0]
    """

    __slots__ = (
        "_key_order_keys",
        "_key_order_positions",
        "account_ids",
        "data_source_ids",
        "external_ids",
        "key_ids",
        "open_amounts",
        "unmapped_counts",
        "with_opportunities",
    )

    def __init__(
        self,
        *,
        account_ids: Iterable[int],
        key_ids: Iterable[int],
        external_ids: Iterable[str],
        data_source_ids: Iterable[int],
        open_amounts: Mapping[int, tuple[OpenAmount, ...]] | None = None,
        unmapped_counts: Mapping[int, int] | None = None,
    ) -> None:
        self.account_ids = _frozen(array("q", account_ids))
        self.key_ids = _frozen(array("q", key_ids))
        self.external_ids = tuple(external_ids)
        self.data_source_ids = _frozen(array("q", data_source_ids))
        self.open_amounts = MappingProxyType(dict(open_amounts or {}))
        self.unmapped_counts = MappingProxyType(dict(unmapped_counts or {}))
        self.with_opportunities = FrozenBitMap(
            set(self.open_amounts) | set(self.unmapped_counts)
        )
        # Positions ordered by key; NO_KEY is -1, so keyless accounts come first.
        order = sorted(range(len(self.key_ids)), key=self.key_ids.__getitem__)
        first_keyed = bisect_left(order, 0, key=self.key_ids.__getitem__)
        keyed = order[first_keyed:]
        self._key_order_keys = _frozen(array("q", map(self.key_ids.__getitem__, keyed)))
        self._key_order_positions = _frozen(array("q", keyed))

    def __len__(self) -> int:
        return len(self.account_ids)

    def position_map(self) -> dict[int, int]:
        """Return a new dict from account id to position, for bulk lookups."""
        return dict(zip(self.account_ids, range(len(self.account_ids)), strict=True))

    def position(self, account_id: int) -> int | None:
        """Return the position of an account id, or None when it is not here."""
        position = bisect_left(self.account_ids, account_id)
        if (
            position < len(self.account_ids)
            and self.account_ids[position] == account_id
        ):
            return position
        return None

    def positions_with_key(self, key_id: int) -> memoryview:
        """Return the positions of the accounts whose match key is `key_id`."""
        start = bisect_left(self._key_order_keys, key_id)
        stop = bisect_right(self._key_order_keys, key_id, lo=start)
        return self._key_order_positions[start:stop]

    def keys_of(self, positions: Iterable[int]) -> FrozenBitMap:
        """Return the distinct key ids of the accounts at `positions`."""
        key_ids = self.key_ids
        return FrozenBitMap(
            key_id
            for key_id in (key_ids[position] for position in positions)
            if key_id != NO_KEY
        )
