"""Error shaping at the GraphQL edge.

Known application errors keep their message and get `extensions.code`;
anything else is logged in full with the request id and masked for the client.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import strawberry
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from app.core.errors import ErrorCode, PartnergraphError, SharingLevelInsufficientError

logger = logging.getLogger(__name__)
unexpected_logger = logging.getLogger("app.api.unexpected")

# Phrases of the depth, alias and token limiters of strawberry and graphql-core.
_LIMIT_MESSAGES = (
    "exceeds maximum operation depth",
    "aliases found. Allowed",
    "Document contains more than",
)
NOT_FOUND_MESSAGE = "not found: no object with this id is visible to you"
MASKED_MESSAGE = "Internal server error. Quote the request id when you report it."


@strawberry.type(description="An expected failure of a mutation, part of its payload.")
class UserError:
    code: str = strawberry.field(
        description="BAD_USER_INPUT, NOT_FOUND or PLAN_REQUIRED."
    )
    field: str | None = strawberry.field(
        description="The input field at fault, when one is."
    )
    message: str = strawberry.field(description="What failed and how to fix it.")


def _camel_case(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def user_error(error: PartnergraphError) -> UserError:
    """Return a payload error naming the GraphQL input field; every NOT_FOUND
    reads the same."""
    message = NOT_FOUND_MESSAGE if error.code is ErrorCode.NOT_FOUND else error.message
    field = _camel_case(error.field) if error.field else None
    return UserError(code=str(error.code), field=field, message=message)


def shape_error(error: GraphQLError, request_id: str | None) -> GraphQLError:
    original = error.original_error
    if original is None:
        # Parse and validation errors get a code in place, because a failed
        # parse returns a result that contains these very objects.
        code = (error.extensions or {}).get("code")
        if code is None:
            limit_hit = any(text in error.message for text in _LIMIT_MESSAGES)
            code = "LIMIT_EXCEEDED" if limit_hit else "GRAPHQL_VALIDATION_FAILED"
        error.extensions = {**(error.extensions or {}), "code": code}
        return error
    if isinstance(original, GraphQLError) or not error.path:
        # A variable that fails coercion, raised before any resolver ran: its
        # message names the variable and contains no internal detail.
        error.extensions = {**(error.extensions or {}), "code": "BAD_USER_INPUT"}
        error.original_error = None
        return error
    if isinstance(original, PartnergraphError):
        extensions: dict[str, object] = {"code": str(original.code)}
        message = original.message
        if original.code is ErrorCode.NOT_FOUND:
            # One response for missing and hidden objects, whatever the path.
            message = NOT_FOUND_MESSAGE
        if isinstance(original, SharingLevelInsufficientError):
            extensions["requiredLevel"] = original.required_level
            extensions["actualLevel"] = original.actual_level
        if original.field:
            extensions["field"] = original.field
        return GraphQLError(
            message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions=extensions,
        )
    unexpected_logger.error(
        "unexpected error at %s (request %s)",
        ".".join(str(part) for part in error.path or []),
        request_id,
        exc_info=(type(original), original, original.__traceback__),
        extra={"request_id": request_id},
    )
    return GraphQLError(
        MASKED_MESSAGE,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions={"code": "INTERNAL_SERVER_ERROR", "requestId": request_id},
    )


class ErrorShaping(SchemaExtension):
    """Give every error a code and mask the unexpected ones."""

    def on_operation(self) -> Iterator[None]:
        yield
        context = self.execution_context.context
        request_id = getattr(context, "request_id", None)
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = [shape_error(error, request_id) for error in result.errors]
        for error in self.execution_context.pre_execution_errors or ():
            shape_error(error, request_id)
