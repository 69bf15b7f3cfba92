"""The per-request context: the caller, one read session and the loaders.

Nothing here outlives a request; loaders and the read session are created
for each one.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from app.core.errors import UnauthenticatedError
from app.core.settings import Settings
from app.operations.tokens import (
    LAST_USE_RESOLUTION,
    Principal,
    authenticate,
    record_token_use,
)
from app.storage.db import session_scope
from app.storage.types import utc_now

logger = logging.getLogger(__name__)


@dataclass
class Context:
    engine: Engine
    settings: Settings
    authorization: str | None
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex[:16])
    request: Any = None
    response: Any = None
    _session: Session | None = None
    _principal: Principal | None = None
    _auth_error: UnauthenticatedError | None = None
    loaders: dict[str, Any] = field(default_factory=dict)

    @property
    def session(self) -> Session:
        """The request's read session, opened on first use."""
        if self._session is None:
            self._session = Session(self.engine, expire_on_commit=False)
        return self._session

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None

    @property
    def principal(self) -> Principal:
        """The authenticated caller; raises UnauthenticatedError without one."""
        if self._principal is None:
            self._principal = self._authenticate()
        return self._principal

    def _authenticate(self) -> Principal:
        header = (self.authorization or "").strip()
        scheme, _, token = header.partition(" ")
        if not header or scheme.lower() != "bearer" or not token.strip():
            raise UnauthenticatedError(
                "authentication required: send Authorization: Bearer <token>; "
                "create a token with `partnergraph token create`"
            )
        principal = authenticate(self.session, token=token.strip())
        self._record_use(principal)
        return principal

    def _record_use(self, principal: Principal) -> None:
        now = utc_now()
        last = principal.token_last_used_at
        if last is not None and now - last < LAST_USE_RESOLUTION:
            return
        # A separate short transaction, so a failed request never loses it and a
        # slow one never locks the row for long.
        with session_scope(self.engine) as session:
            record_token_use(session, token_id=principal.token_id, now=now)

    @cached_property
    def ecosystem(self) -> Any:
        """One consistent ecosystem snapshot for the whole request."""
        from app.graph.cache import get_ecosystem

        return get_ecosystem(self.engine)
