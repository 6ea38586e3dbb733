"""The web view in a real browser: the app on a real uvicorn server with a SQLite database of calls
and conversations that the embedded worker analysed (once per test session), and Debian's Chromium
driven by Playwright (launched from /usr/bin/chromium: Playwright's own browser download is not used).

Screenshots go to test-output/ui/ (git-ignored) so a person can look at what the tests saw.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.app import create_app
from tests.api.live_server import live_server
from tests.service.harness import deployment
from voc import across_calls
from voc.intake import CallMetadata
from voc.service import Service
from voc.store import calls
from voc.store.db import Database
from voc.store.tables import utcnow

DATA = Path(__file__).parents[1] / "data"
SCREENSHOTS = Path(__file__).parents[2] / "test-output" / "ui"
AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1.min.js"


def chromium_path() -> str | None:
    for candidate in (os.environ.get("VOC_TEST_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


# Two recordings (one with a card number the analysis redacts) and three text conversations.
RECORDINGS = [
    (
        DATA / "calls" / "deposit_ru_8k.wav",
        {
            "external_id": "ui-deposit",
            "customer_id": "C-1001",
            "agent_id": "A-anna",
            "session_id": "ivr-ui-1",
            "started_at": "2026-11-20T09:15:00+00:00",
            "channels": "agent,customer",
            "language": "ru",
        },
    ),
    (
        DATA / "redaction" / "card_call_8k.wav",
        {
            "external_id": "ui-card",
            "customer_id": "C-1002",
            "agent_id": "A-oleg",
            "started_at": "2026-11-22T14:40:00+00:00",
            "channels": "agent,customer",
            "language": "ru",
        },
    ),
]
CONVERSATIONS = [
    (
        "C-1001",
        "A-anna",
        "2026-11-18T10:00:00+00:00",
        "Мне заблокировали карту, не могу оплатить покупки. Это безобразие, я буду жаловаться!",
    ),
    ("C-1003", "A-oleg", "2026-11-19T11:00:00+00:00", "Хочу открыть вклад на год, какие сейчас ставки?"),
    ("C-1004", "A-anna", "2026-11-21T12:30:00+00:00", "Спасибо, всё работает, вы очень помогли."),
    # Two more contact drivers' worth of chats, so `voc insights build` finds topics (3 contacts at least).
    (
        "C-1005",
        "A-oleg",
        "2026-11-23T09:05:00+00:00",
        "Карта заблокирована, в магазине оплата не прошла. Разблокируйте!",
    ),
    ("C-1006", "A-anna", "2026-11-24T16:20:00+00:00", "Почему банк заблокировал мою карту? Я ничего не нарушал."),
    (
        "C-1007",
        "A-oleg",
        "2026-11-25T13:45:00+00:00",
        "Снимите блокировку с карты, не могу расплатиться уже второй день.",
    ),
    ("C-1008", "A-anna", "2026-11-23T11:10:00+00:00", "Какой процент по вкладу на полгода? Хочу положить деньги."),
    ("C-1009", "A-oleg", "2026-11-24T10:40:00+00:00", "Подскажите ставки по депозитам, собираюсь открыть вклад."),
    ("C-1010", "A-anna", "2026-11-26T15:00:00+00:00", "Можно ли пополнять вклад и какая у него доходность?"),
]


@dataclass
class Stored:
    base_url: str
    ui_key: str
    api_headers: dict[str, str]
    database_url: str = ""
    calls: dict[str, str] = field(default_factory=dict)  # external id -> call id (analysed)
    topics: int = 0
    unfinished: dict[str, str] = field(default_factory=dict)  # status -> call id (queued, processing, failed)

    def api(self, path: str, **params: Any) -> Any:
        answer = httpx.get(self.base_url + path, params=params, headers=self.api_headers, timeout=30)
        answer.raise_for_status()
        return answer.json()


def _wait_done(client: httpx.Client, call_id: str, headers: dict[str, str], timeout: float = 300) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        view: dict[str, Any] = client.get(f"/v1/calls/{call_id}", headers=headers).json()
        if view["status"] in ("done", "failed"):
            assert view["status"] == "done", view.get("error")
            return view
        time.sleep(0.2)
    raise AssertionError(f"{call_id} was not analysed in {timeout} s")


def _unfinished_calls(database: Database) -> dict[str, str]:
    """Calls the list shows before their analysis: one waiting, one being analysed, one failed.

    Made through the store as the API and a worker would leave them; the queued one counts as sent
    (its message is not re-sent for 15 minutes) and the processing one is leased for an hour by a
    worker that is not running here, so none of them changes while the tests look."""
    made: dict[str, str] = {}
    with database.write() as session:
        for status, started in (
            ("queued", "2026-11-27T08:00:00+00:00"),
            ("processing", "2026-11-27T08:30:00+00:00"),
            ("failed", "2026-11-26T17:00:00+00:00"),
        ):
            metadata = CallMetadata(
                external_id=f"ui-{status}",
                customer_id="C-1011",
                agent_id="A-oleg",
                started_at=dt.datetime.fromisoformat(started),
            )
            call = calls.create_call(session, client="crm", metadata=metadata, dispatched_at=utcnow())
            call.dispatch_confirmed = True
            made[status] = call.id
        session.flush()
        calls.claim_call(session, made["processing"], worker="ui-test-elsewhere", lease=dt.timedelta(hours=1))
        calls.claim_call(session, made["failed"], worker="ui-test-elsewhere")
        calls.fail_call(session, made["failed"], "decode", "empty_audio", "the recording holds no sound")
    return made


@pytest.fixture(scope="session")
def stored(tmp_path_factory: pytest.TempPathFactory, analyzer: Any) -> Iterator[Stored]:
    if chromium_path() is None:
        # In CI the set-up must have installed it: browser tests that quietly skip there prove nothing.
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is not installed although CI=true: ./scripts/setup installs it with the dev extra")
        pytest.skip("Chromium is not installed (./scripts/setup installs it with the dev extra)")
    tmp = tmp_path_factory.mktemp("ui")
    with deployment("embedded", tmp) as deploy:
        service = Service(deploy.settings(), analyzer=analyzer)
        app = create_app(service)
        admin = {"Authorization": f"Bearer {deploy.new_key(['admin'], 'crm')}"}
        ui_key = deploy.new_key(["ui:read"], "analyst")
        with live_server(app) as port:
            base = f"http://127.0.0.1:{port}"
            stored = Stored(base, ui_key, admin, deploy.database_url)
            with httpx.Client(base_url=base, timeout=60) as client:
                # The IVR routes the first caller before the call: the call page shows that decision.
                routed = client.post(
                    "/v1/route", json={"customer_id": "C-1001", "session_id": "ivr-ui-1"}, headers=admin
                )
                assert routed.status_code == 200, routed.text
                pending = []
                for path, metadata in RECORDINGS:
                    answer = client.post(
                        "/v1/calls",
                        headers=admin,
                        files={"audio": (path.name, path.read_bytes(), "audio/wav")},
                        data={"metadata": json.dumps(metadata)},
                    )
                    assert answer.status_code == 202, answer.text
                    pending.append((metadata["external_id"], answer.json()["id"]))
                for i, (customer, agent, started, text) in enumerate(CONVERSATIONS):
                    body: dict[str, Any] = {
                        "external_id": f"ui-chat-{i}",
                        "customer_id": customer,
                        "agent_id": agent,
                        "started_at": started,
                        "language": "ru",
                        "turns": [
                            {"speaker": "agent", "text": "Здравствуйте, чем могу помочь?"},
                            {"speaker": "customer", "text": text},
                        ],
                    }
                    answer = client.post("/v1/conversations", json=body, headers=admin)
                    assert answer.status_code == 202, answer.text
                    pending.append((body["external_id"], answer.json()["id"]))
                for external_id, call_id in pending:
                    _wait_done(client, call_id, admin)
                    stored.calls[external_id] = call_id
            stored.topics = across_calls.build_topics(service.database).topics
            stored.unfinished = _unfinished_calls(service.database)
            yield stored


@pytest.fixture(scope="session")
def browser(stored: Stored) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(),
            args=["--autoplay-policy=no-user-gesture-required", "--mute-audio"],
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Visit:
    """A browser page signed in to the web view, recording console errors and every request's origin."""

    page: Any
    base_url: str
    console_errors: list[str]
    foreign_requests: list[str]

    def open(self, path: str) -> Any:
        self.page.goto(self.base_url + path)
        self.page.wait_for_load_state("networkidle")
        return self.page

    def screenshot(self, name: str, full_page: bool = True) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(target), full_page=full_page)
        return target

    def serious_accessibility_violations(self) -> list[str]:
        # evaluate() runs through the DevTools protocol: the page's own policy rightly refuses inline scripts.
        self.page.evaluate(AXE.read_text())
        result = self.page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        return [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]


def sign_in(page: Any, base_url: str, key: str) -> None:
    page.goto(base_url + "/ui/")
    page.fill("#key", key)
    page.click("button[type=submit]")
    page.wait_for_url(base_url + "/ui/")


@pytest.fixture
def visit(browser: Any, stored: Stored) -> Iterator[Visit]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    page = context.new_page()
    errors: list[str] = []
    foreign: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    own = (stored.base_url + "/", "data:", "blob:")
    page.on("request", lambda request: None if request.url.startswith(own) else foreign.append(request.url))
    sign_in(page, stored.base_url, stored.ui_key)
    try:
        yield Visit(page, stored.base_url, errors, foreign)
    finally:
        context.close()
