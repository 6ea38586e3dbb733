"""API-key authentication: `Authorization: Bearer <key>` or `X-API-Key: <key>`.

Use `Depends(require_scope("results:read"))` on a route; it answers 401 without a valid
key, 403 without the scope (`admin` allows everything), 429 past the key's request limits
(api/limits.py), and gives the route the `Principal`.

A request may carry its key in both headers only if it is the same key: two different keys
are refused (401 `conflicting_keys`) rather than one being picked, so a stale or garbage
`X-API-Key` beside a valid Bearer key (or the other way round) is found, not silently used.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from api.context import ServiceContext, get_context
from api.problems import Problem
from voc.store.keys import SCOPES, Principal, authenticate, hash_key

bearer = HTTPBearer(auto_error=False, description="an API key from `voc keys create`")
api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="an API key from `voc keys create`")


# Keys verified in the last few seconds skip the database: pollers send a request every
# second or so, and one lookup per request would double the work of a small GET. A
# revoked key therefore stops working within CACHE_SECONDS.
CACHE_SECONDS = 5.0


def _cached(context: ServiceContext, secret: str) -> Principal | None:
    cached = context.verified_keys.get(hash_key(secret))
    return cached[0] if cached is not None and cached[1] > time.monotonic() else None


def _lookup(context: ServiceContext, secret: str) -> Principal | None:
    digest = hash_key(secret)
    with context.database.read() as session:
        principal = authenticate(session, secret)
    verified = context.verified_keys
    if principal is None:
        verified.pop(digest, None)
    else:
        if len(verified) > 10_000:
            verified.clear()
        verified[digest] = (principal, time.monotonic() + CACHE_SECONDS)
    return principal


def require_scope(scope: str) -> Callable[..., AsyncIterator[Principal]]:
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope}")

    async def dependency(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
        header_key: Annotated[str | None, Depends(api_key_header)],
        context: Annotated[ServiceContext, Depends(get_context)],
    ) -> AsyncIterator[Principal]:
        bearer_key = credentials.credentials if credentials else None
        if header_key and bearer_key and header_key != bearer_key:
            raise Problem(
                401, "conflicting_keys", "the request carries two different API keys (X-API-Key and Bearer); send one"
            )
        secret = header_key or bearer_key
        if not secret:
            raise Problem(401, "unauthorized", "an API key is required (Authorization: Bearer <key>)")
        principal = _cached(context, secret) or await run_in_threadpool(_lookup, context, secret)
        if principal is None:
            raise Problem(401, "unauthorized", "the API key is unknown or revoked")
        if not principal.allows(scope):
            raise Problem(403, "forbidden", f"this key lacks the {scope!r} scope")
        request.state.principal = principal
        context.limits.admit(principal.key_id)  # 429 past the key's rate or requests in progress
        try:
            yield principal
        finally:
            context.limits.release(principal.key_id)

    return dependency


CallsWriter = Annotated[Principal, Depends(require_scope("calls:write"))]
ResultsReader = Annotated[Principal, Depends(require_scope("results:read"))]
RouteInvoker = Annotated[Principal, Depends(require_scope("route:invoke"))]
Admin = Annotated[Principal, Depends(require_scope("admin"))]
InsightsWriter = Annotated[Principal, Depends(require_scope("insights:write"))]
DataEraser = Annotated[Principal, Depends(require_scope("data:erase"))]
