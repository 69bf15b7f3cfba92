"""Relay connections with keyset cursors.

A cursor is the URL-safe base64 of a JSON array of the sort key of the last
item seen, never an offset, so pages stay stable while rows are added.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

import strawberry

from app.core.errors import InvalidInputError
from app.core.settings import get_settings

NodeType = TypeVar("NodeType")
Item = TypeVar("Item")


@strawberry.type(description="Where a page sits in the whole list.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[NodeType]):
    cursor: str
    node: NodeType


@strawberry.type
class Connection(Generic[NodeType]):
    edges: list[Edge[NodeType]]
    page_info: PageInfo
    total_count: int = strawberry.field(description="Items in the whole list.")

    @strawberry.field(description="The nodes of `edges`, without cursors.")
    def nodes(self) -> list[NodeType]:
        return [edge.node for edge in self.edges]


def page_size(first: int | None) -> int:
    """Return the validated page size: the default when omitted, at most the cap."""
    settings = get_settings()
    if first is None:
        return settings.default_page_size
    if first < 0:
        raise InvalidInputError(
            f"invalid first {first}: pass a number from 0 to {settings.max_page_size}",
            field="first",
        )
    if first > settings.max_page_size:
        raise InvalidInputError(
            f"first {first} exceeds the maximum page size of "
            f"{settings.max_page_size}; page with `after` instead",
            field="first",
        )
    return first


def encode_cursor(key: Sequence[Any]) -> str:
    raw = json.dumps(list(key), separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        value = None
    if not isinstance(value, list):
        raise InvalidInputError(
            f"invalid cursor {cursor!r}: pass an endCursor from a previous page",
            field="after",
        )
    return value


def paginate(
    items: Sequence[Item],
    *,
    sort_key: Callable[[Item], Sequence[Any]],
    first: int | None,
    after: str | None,
    to_node: Callable[[Item], Any],
    order: Callable[[list[Any]], Any] | None = None,
) -> Connection[Any]:
    """Return one page of items already sorted by `sort_key`.

    `after` selects the items whose key sorts after the cursor's key, found by
    comparing keys, so a cursor stays valid when earlier items go away. `order`
    turns a cursor key into a value that sorts like the items; without it the
    key itself is compared.
    """
    size = page_size(first)
    rank = order or _comparable
    start = 0
    if after is not None:
        cursor_key = decode_cursor(after)
        try:
            cursor_rank = rank(cursor_key)
        except (TypeError, ValueError, IndexError):
            raise InvalidInputError(
                f"invalid cursor {after!r}: pass an endCursor from a previous page "
                "of the same list and order",
                field="after",
            ) from None
        start = len(items)
        for index, item in enumerate(items):
            if rank(_roundtrip(sort_key(item))) > cursor_rank:
                start = index
                break
    window = items[start : start + size]
    edges = [
        Edge(cursor=encode_cursor(sort_key(item)), node=to_node(item))
        for item in window
    ]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=start + size < len(items),
            has_previous_page=start > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=len(items),
    )


def _roundtrip(key: Sequence[Any]) -> list[Any]:
    """Return the key as a cursor would carry it (Decimals and dates as text)."""
    return json.loads(json.dumps(list(key), default=str))


def _comparable(key: Sequence[Any]) -> tuple[Any, ...]:
    return tuple(key)
