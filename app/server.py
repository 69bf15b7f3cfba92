"""The Starlette application: /graphql (GraphiQL on GET) and /healthz."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import Engine, text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from strawberry.asgi import GraphQL

from app.api.context import Context
from app.api.schema import build_schema
from app.core.settings import Settings, get_settings
from app.storage.db import get_engine

logger = logging.getLogger(__name__)


class PartnergraphGraphQL(GraphQL):
    """strawberry's ASGI view with a per-request context."""

    def __init__(self, *, engine: Engine, settings: Settings, **kwargs: Any) -> None:
        super().__init__(build_schema(), **kwargs)
        self.engine = engine
        self.settings = settings

    async def get_context(self, request: Request, response: Response) -> Context:
        context = Context(
            engine=self.engine,
            settings=self.settings,
            authorization=request.headers.get("authorization"),
            request=request,
            response=response,
        )
        response.headers["X-Request-Id"] = context.request_id
        request.state.graphql_context = context
        return context


class ClosingEndpoint:
    """Run the GraphQL view, then close the request's read session.

    The session would otherwise stay checked out, idle in a transaction, until
    the garbage collector found it, holding locks on PostgreSQL.
    """

    def __init__(self, app: PartnergraphGraphQL) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        try:
            await self.app(scope, receive, send)
        finally:
            context = scope.get("state", {}).get("graphql_context")
            if context is not None:
                context.close()


def create_app(settings: Settings | None = None) -> Starlette:
    """Create the ASGI application for the configured database."""
    settings = settings or get_settings()
    engine = get_engine(settings.database_url)
    graphql = PartnergraphGraphQL(
        engine=engine,
        settings=settings,
        graphql_ide="graphiql",
        multipart_uploads_enabled=True,
    )

    async def healthz(request: Request) -> JSONResponse:  # noqa: ARG001
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception:
            logger.exception("health check failed: the database is unreachable")
            return JSONResponse({"status": "unavailable"}, status_code=503)
        return JSONResponse({"status": "ok"})

    @asynccontextmanager
    async def lifespan(app: Starlette):  # noqa: ARG001
        logger.info("partnergraph API starting")
        yield
        logger.info("partnergraph API stopping")
        engine.dispose()

    return Starlette(
        routes=[
            Route("/graphql", ClosingEndpoint(graphql), methods=["GET", "POST"]),
            Route("/healthz", healthz, methods=["GET"]),
        ],
        lifespan=lifespan,
    )
