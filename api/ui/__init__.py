"""The analyst's web view (/ui/): pages, their static files, and the session that signs a person in.

`install_ui(app, data_dir)` adds it to the API's application; docs/ui.md describes it.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import Response
from starlette.types import Scope

from api.ui import overview
from api.ui.pages import SignInRequired, router
from api.ui.session import Sessions, load_secret
from voc.store.db import Database

STATIC = Path(__file__).parent / "static"
STATIC_GZIP_MIN = 1024  # bytes: smaller files are not worth compressing


class UiStaticFiles(StaticFiles):
    """Static files with headers that stop a browser guessing their type; vendor files never change
    under one name (their version is in it), so a browser may keep them."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = (
            "public, max-age=31536000, immutable" if path.startswith("vendor/") else "no-cache"
        )
        return response


def install_ui(app: FastAPI) -> None:
    app.include_router(router)
    app.include_router(overview.router)
    # Scripts and styles go out gzip-compressed to a browser that accepts it (about a third of their
    # size); a range request is answered uncompressed. Only the static files: pages are small.
    app.mount(
        "/ui/static", GZipMiddleware(UiStaticFiles(directory=STATIC), minimum_size=STATIC_GZIP_MIN), name="ui-static"
    )

    async def to_sign_in(request: Request, error: Exception) -> Response:
        assert isinstance(error, SignInRequired)
        return RedirectResponse(f"/ui/signin?next={quote(error.next_path, safe='')}", status_code=303)

    app.add_exception_handler(SignInRequired, to_sign_in)


def start_sessions(app: FastAPI, database: Database, data_dir: Path) -> None:
    """Called at start-up, once the data folder and the database exist."""
    app.state.ui_sessions = Sessions(database, load_secret(data_dir))
