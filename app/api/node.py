"""The `Node` interface and the `node(id)` query.

Every object with a global id implements `Node`. `node(id)` returns the
viewer's own rows and the partner objects the policy lets it see; anything
else, including a malformed id, gets the same NOT_FOUND error.
"""

from __future__ import annotations

import strawberry

from app.api.errors import NOT_FOUND_MESSAGE
from app.core.errors import NotFoundError


@strawberry.interface(description="An object with an opaque global id.")
class Node:
    id: strawberry.ID


def uniform_not_found() -> NotFoundError:
    """Return the one NOT_FOUND error every hidden or missing object gets."""
    return NotFoundError(NOT_FOUND_MESSAGE)
