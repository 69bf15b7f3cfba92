"""Run one domain operation as the token's user, in one transaction.

Expected failures come back as payload errors and change nothing; FORBIDDEN
and UNAUTHENTICATED stay top-level errors. After a write, the request's
ecosystem snapshot is dropped so the payload reads the new state.

A payload error's `field` is the GraphQL argument or input field at fault.
Domain operations name their own parameters (`partnership_id`), so each
mutation passes the map from those names to its argument names (`partnerId`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlmodel import Session

from app.api.errors import UserError, user_error
from app.api.ids import IdType, decode_id_of
from app.core.errors import (
    ForbiddenError,
    ImportRejectedError,
    LimitExceededError,
    NotFoundError,
    PartnergraphError,
    UnauthenticatedError,
)
from app.storage.db import session_scope
from app.storage.models import User

logger = logging.getLogger(__name__)

Result = TypeVar("Result")


@dataclass
class Outcome(Generic[Result]):
    value: Result | None
    errors: list[UserError]


def decode_argument(
    global_id: str, id_type: IdType, *, field: str
) -> int | list[UserError]:
    """Return the database id behind a global id argument, or its NOT_FOUND error."""
    try:
        return decode_id_of(global_id, id_type)
    except NotFoundError as error:
        error.field = field
        return [user_error(error)]


def run_operation(
    context,
    operation: Callable[[Session, User], Result],
    *,
    name: str,
    fields: Mapping[str, str] | None = None,
) -> Outcome[Result]:
    """Run `operation(session, actor)` and commit, or return its errors.

    `fields` maps an operation's parameter names to the mutation's argument
    names; any other parameter name is reported in camelCase.
    """
    principal = context.principal
    try:
        with session_scope(context.engine) as session:
            actor = session.get(User, principal.user.id)
            value = operation(session, actor)
    except (ForbiddenError, UnauthenticatedError, LimitExceededError):
        raise
    except ImportRejectedError as error:
        logger.info("%s rejected for %s: %s", name, principal.user.email, error.message)
        return Outcome(
            value=None,
            errors=[
                UserError(code="BAD_USER_INPUT", field="file", message=problem)
                for problem in error.problems
            ],
        )
    except PartnergraphError as error:
        logger.info("%s rejected for %s: %s", name, principal.user.email, error.message)
        return Outcome(value=None, errors=[_payload_error(error, fields or {})])
    context.__dict__.pop("ecosystem", None)
    context.loaders.clear()
    context.close()
    return Outcome(value=value, errors=[])


def _payload_error(error: PartnergraphError, fields: Mapping[str, str]) -> UserError:
    shaped = user_error(error)
    if error.field in fields:
        shaped.field = fields[error.field]
    return shaped
