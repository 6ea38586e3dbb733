"""The analyst's web view at /ui/: server-rendered pages over the same voc/ services as the JSON API.

Each page reads through voc.store / voc.across_calls directly (no HTTP call to the API) and renders a
Jinja2 template from api/ui/templates/. A page needs a signed-in session (api/ui/session.py); without
one it sends the reader to the sign-in form and back.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, replace
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from api.context import Context, ServiceContext, get_context
from api.problems import Problem
from api.recordings import recording_response, redacted_recording
from api.ui.call_view import CallPage, load_call_page
from api.ui.messages import LANGUAGES
from api.ui.rendering import render
from api.ui.session import (
    COOKIE,
    LANGUAGE_COOKIE,
    SESSION_SECONDS,
    SIGN_IN_COOKIE,
    SIGN_IN_FORM_SECONDS,
    Sessions,
    UiSession,
)
from voc import across_calls
from voc.store.call_list import (
    CHANNELS,
    SENTIMENTS,
    SORT_KEYS,
    STATUSES,
    CallListFilters,
    CallListPage,
    FilterChoices,
    filter_choices,
    list_calls_page,
)
from voc.store.insights import SearchFilters

router = APIRouter(prefix="/ui", include_in_schema=False)

PAGE_SIZE = 50
# Free-text search narrows the list to the calls of this many newest matching turns.
SEARCH_HITS = 200


class SignInRequired(Exception):
    """Raised by a page without a valid session; answered with a redirect to the sign-in form."""

    def __init__(self, next_path: str) -> None:
        self.next_path = next_path


def sessions_of(request: Request) -> Sessions:
    sessions: Sessions = request.app.state.ui_sessions
    return sessions


async def current_session(request: Request) -> UiSession:
    session = await run_in_threadpool(sessions_of(request).read, request.cookies.get(COOKIE))
    if session is None:
        raise SignInRequired(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
    return session


SignedIn = Annotated[UiSession, Depends(current_session)]


def safe_next(path: str | None) -> str:
    """Only a path inside the web view: never another site (an open redirect)."""
    if path and path.startswith("/ui/") and not path.startswith("//") and "\\" not in path:
        return path
    return "/ui/"


@router.get("")
async def root() -> RedirectResponse:
    return RedirectResponse("/ui/", status_code=307)


def sign_in_page(request: Request, next_path: str, status_code: int = 200, error: str | None = None) -> Response:
    """The sign-in form, with a fresh CSRF nonce in a cookie and its signed copy in the form."""
    nonce = secrets.token_urlsafe(16)
    token = sessions_of(request).sign_in_form_token(nonce)
    answer = render(request, "signin.html", None, status_code, form_token=token, next_path=next_path, error=error)
    set_private_cookie(answer, request, SIGN_IN_COOKIE, nonce, SIGN_IN_FORM_SECONDS)
    return answer


def set_private_cookie(answer: Response, request: Request, name: str, value: str, max_age: int) -> None:
    """A cookie scripts cannot read, sent only to the web view, only from its own pages (and only
    over https when the page came over https)."""
    answer.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/ui",
    )


@router.get("/signin")
async def sign_in_form(request: Request, next: str | None = None) -> Response:
    return sign_in_page(request, safe_next(next))


@router.post("/signin")
async def sign_in(request: Request) -> Response:
    form = await request.form()
    sessions = sessions_of(request)
    next_path = safe_next(str(form.get("next") or ""))
    if not sessions.sign_in_form_token_valid(str(form.get("csrf") or ""), request.cookies.get(SIGN_IN_COOKIE)):
        return sign_in_page(request, next_path, 400, "signin.expired")
    signed = await run_in_threadpool(sessions.sign_in, str(form.get("key") or ""))
    if signed is None:
        return sign_in_page(request, next_path, 401, "signin.bad_key")
    cookie, _ = signed
    answer = RedirectResponse(next_path, status_code=303)
    answer.delete_cookie(SIGN_IN_COOKIE, path="/ui", httponly=True, samesite="strict")
    set_private_cookie(answer, request, COOKIE, cookie, SESSION_SECONDS)
    return answer


@router.post("/signout")
async def sign_out(request: Request, session: SignedIn) -> Response:
    form = await request.form()
    if not session.csrf_matches(str(form.get("csrf") or "")):
        raise Problem(403, "csrf", "the form's CSRF token is missing or wrong: reload the page")
    answer = RedirectResponse("/ui/signin", status_code=303)
    answer.delete_cookie(COOKIE, path="/ui", httponly=True, samesite="strict")
    return answer


@router.get("/language")
async def switch_language(to: str, next: str | None = None) -> Response:
    answer = RedirectResponse(safe_next(next), status_code=303)
    if to in LANGUAGES:
        answer.set_cookie(LANGUAGE_COOKIE, to, max_age=365 * 24 * 3600, samesite="strict", path="/ui")
    return answer


@dataclass
class ListQuery:
    """The calls page's query string, checked: a value that makes no sense is dropped, not an error."""

    filters: CallListFilters
    q: str
    sort: str
    page: int
    raw: dict[str, str]


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def parse_list_query(params: dict[str, str]) -> ListQuery:
    def text(name: str, limit: int = 200) -> str | None:
        value = (params.get(name) or "").strip()
        return value[:limit] or None

    escalated = {"yes": True, "no": False}.get(params.get("escalated") or "")
    sentiment = text("sentiment")
    channel = text("channel")
    status = text("status")
    sort = params.get("sort") or "-date"
    try:
        page = max(1, min(int(params.get("page") or 1), 10_000))
    except ValueError:
        page = 1
    filters = CallListFilters(
        since=_date(params.get("since")),
        until=_date(params.get("until")),
        channel=channel if channel in CHANNELS else None,
        end_sentiment=sentiment if sentiment in SENTIMENTS else None,
        escalated=escalated,
        task_type=text("task"),
        topic=text("topic"),
        category=text("category"),
        agent_id=text("agent"),
        customer_id=text("customer"),
        status=status if status in STATUSES else None,
    )
    raw = {k: v for k, v in params.items() if k != "page" and v}
    return ListQuery(filters, text("q") or "", sort if sort in SORT_KEYS else "-date", page, raw)


def load_calls_list(context: ServiceContext, query: ListQuery) -> tuple[CallListPage, FilterChoices]:
    filters = query.filters
    if query.q:
        found = across_calls.search(
            context.database,
            query.q,
            SearchFilters(
                since=filters.since,
                until=filters.until,
                category=filters.category,
                topic=filters.topic,
                agent_id=filters.agent_id,
                customer_id=filters.customer_id,
                channel=filters.channel,
            ),
            SEARCH_HITS,
            0,
        )
        filters = replace(filters, call_ids={hit.call_id for hit in found.items})
    with context.database.read() as session:
        page = list_calls_page(session, filters, query.sort, PAGE_SIZE, (query.page - 1) * PAGE_SIZE)
        return page, filter_choices(session)


def sparkline(arc: list[int], width: int = 96, height: int = 24) -> dict[str, Any]:
    """An inline SVG polyline of the customer's sentiment per turn (top: positive, bottom: negative)."""
    if not arc:
        return {"points": "", "width": width, "height": height, "last": None}
    step = width / max(1, len(arc) - 1)
    pad = 3
    ys = [pad + (1 - value) * (height - 2 * pad) / 2 for value in arc]
    if len(arc) == 1:  # one turn: a flat line at its level
        ys = ys * 2
    points = " ".join(f"{i * step:.1f},{y:.1f}" for i, y in enumerate(ys))
    return {"points": points, "width": width, "height": height, "last": arc[-1]}


@router.get("/")
async def calls_page(request: Request, session: SignedIn, context: Context) -> Response:
    query = parse_list_query(dict(request.query_params))
    page, choices = await run_in_threadpool(load_calls_list, context, query)
    context.audit.listed(session.principal, [row.call_id for row in page.rows])

    def page_link(number: int) -> str:
        return "/ui/?" + urlencode({**query.raw, "page": str(number)})

    last_page = max(1, (page.total + PAGE_SIZE - 1) // PAGE_SIZE)
    return render(
        request,
        "calls.html",
        session,
        active="calls",
        query=query,
        page=page,
        choices=choices,
        channels=CHANNELS,
        sentiments=SENTIMENTS,
        statuses=STATUSES,
        sort_keys=SORT_KEYS,
        sparkline=sparkline,
        prev_link=page_link(query.page - 1) if query.page > 1 else None,
        next_link=page_link(query.page + 1) if query.page < last_page else None,
        search_hits=SEARCH_HITS,
    )


@router.get("/calls/{call_id}")
async def call_page(call_id: str, request: Request, session: SignedIn, context: Context) -> Response:
    found: CallPage | None = await run_in_threadpool(load_call_page, context, call_id[:60])
    if found is None:
        return render(request, "error.html", session, 404, message="error.not_found")
    context.audit.read(session.principal, found.call_id)
    return render(request, "call.html", session, call=found)


@router.get("/calls/{call_id}/audio")
async def call_audio(
    call_id: str,
    request: Request,
    context: Annotated[ServiceContext, Depends(get_context)],
    range_header: Annotated[str | None, Header(alias="Range", max_length=200)] = None,
) -> Response:
    """The redacted recording for the page's player, with the session cookie instead of an API key."""
    session = await run_in_threadpool(sessions_of(request).read, request.cookies.get(COOKIE))
    if session is None:
        raise Problem(401, "unauthorized", "sign in at /ui/signin first")
    data = await run_in_threadpool(redacted_recording, context, call_id[:60])
    context.audit.read(session.principal, call_id[:60], "read_audio")
    return recording_response(data, range_header)
