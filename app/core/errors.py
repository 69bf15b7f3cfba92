"""One error hierarchy for the whole application.

Each error carries a stable code that the GraphQL layer copies into
`extensions.code` or a payload's `UserError.code`, and a message that names the
bad value and the fix. Anything that is not a `PartnergraphError` is masked at
the edge.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    BAD_USER_INPUT = "BAD_USER_INPUT"
    NOT_FOUND = "NOT_FOUND"
    FORBIDDEN = "FORBIDDEN"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    PLAN_REQUIRED = "PLAN_REQUIRED"
    SHARING_LEVEL_INSUFFICIENT = "SHARING_LEVEL_INSUFFICIENT"
    LIMIT_EXCEEDED = "LIMIT_EXCEEDED"
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
    IMPORT_REJECTED = "IMPORT_REJECTED"


class PartnergraphError(Exception):
    """Base of every expected failure; its message is safe to show to clients."""

    code: ErrorCode = ErrorCode.BAD_USER_INPUT

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInputError(PartnergraphError):
    code = ErrorCode.BAD_USER_INPUT


class NotFoundError(PartnergraphError):
    code = ErrorCode.NOT_FOUND


class ForbiddenError(PartnergraphError):
    code = ErrorCode.FORBIDDEN


class UnauthenticatedError(PartnergraphError):
    code = ErrorCode.UNAUTHENTICATED


class PlanRequiredError(PartnergraphError):
    code = ErrorCode.PLAN_REQUIRED


class LimitExceededError(PartnergraphError):
    code = ErrorCode.LIMIT_EXCEEDED


class SharingLevelInsufficientError(PartnergraphError):
    code = ErrorCode.SHARING_LEVEL_INSUFFICIENT

    def __init__(self, message: str, *, required_level: str, actual_level: str):
        super().__init__(message)
        self.required_level = required_level
        self.actual_level = actual_level


class ImportRejectedError(PartnergraphError):
    """An import that changed nothing, with every problem found in the file."""

    code = ErrorCode.IMPORT_REJECTED

    def __init__(self, problems: list[str], *, source: str) -> None:
        shown = problems[:50]
        more = len(problems) - len(shown)
        details = "; ".join(shown)
        tail = f"; and {more} more problems" if more else ""
        count = f"{len(problems)} problem" + ("" if len(problems) == 1 else "s")
        super().__init__(
            f"import of {source} rejected, nothing was changed ({count}): "
            f"{details}{tail}"
        )
        self.problems = problems
