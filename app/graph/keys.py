"""Interning of match keys as small integers, so key sets are roaring bitmaps."""

from __future__ import annotations

import threading


class KeyInterner:
    """An append-only table that gives each match key a stable integer id.

    Ids are never reused or reassigned, so every snapshot built with one
    interner compares keys of different organizations by id, and an older
    snapshot keeps decoding its own ids while a newer one adds keys.
    NOTE: keys of deleted accounts stay in the table until the process ends.

    >>> keys = KeyInterner()
    >>> keys.intern("acme.com"), keys.intern("globex.com"), keys.intern("acme.com")
    (0, 1, 0)
    >>> keys.key(1)
    'globex.com'
    """

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self._keys: list[str] = []
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._keys)

    def intern(self, key: str) -> int:
        """Return the id of a key, adding the key when it is new."""
        key_id = self._ids.get(key)
        if key_id is not None:
            return key_id
        with self._lock:
            key_id = self._ids.get(key)
            if key_id is None:
                key_id = len(self._keys)
                self._keys.append(key)
                self._ids[key] = key_id
        return key_id

    def id_of(self, key: str) -> int | None:
        """Return the id of a key, or None when no organization has it."""
        return self._ids.get(key)

    def key(self, key_id: int) -> str:
        """Return the match key of an id."""
        return self._keys[key_id]
