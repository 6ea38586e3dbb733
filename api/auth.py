"""API-key authentication: `Authorization: Bearer <key>` or `X-API-Key: <key>`.

Use `Depends(require_scope("results:read"))` on a route; it answers 401 without a valid
key, 403 without the scope (`admin` allows everything), and returns the `Principal`.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from api.context import ServiceContext, get_context
from api.problems import Problem
from voc.store.keys import SCOPES, Principal, authenticate

bearer = HTTPBearer(auto_error=False, description="an API key from `voc keys create`")
api_key_header = APIKeyHeader(
    name="X-API-Key", auto_error=False, description="an API key from `voc keys create`"
)


def _lookup(context: ServiceContext, secret: str) -> Principal | None:
    with context.database.read() as session:
        return authenticate(session, secret)


def require_scope(scope: str) -> Callable[..., Coroutine[Any, Any, Principal]]:
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope}")

    async def dependency(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
        header_key: Annotated[str | None, Depends(api_key_header)],
        context: Annotated[ServiceContext, Depends(get_context)],
    ) -> Principal:
        secret = header_key or (credentials.credentials if credentials else None)
        if not secret:
            raise Problem(401, "unauthorized", "an API key is required (Authorization: Bearer <key>)")
        principal = await run_in_threadpool(_lookup, context, secret)
        if principal is None:
            raise Problem(401, "unauthorized", "the API key is unknown or revoked")
        if not principal.allows(scope):
            raise Problem(403, "forbidden", f"this key lacks the {scope!r} scope")
        request.state.principal = principal
        return principal

    return dependency


CallsWriter = Annotated[Principal, Depends(require_scope("calls:write"))]
ResultsReader = Annotated[Principal, Depends(require_scope("results:read"))]
RouteInvoker = Annotated[Principal, Depends(require_scope("route:invoke"))]
Admin = Annotated[Principal, Depends(require_scope("admin"))]
