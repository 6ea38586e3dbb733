"""The web view's speed: server render time of its pages against a primary-key read in the same run,
the size of its JavaScript and CSS, and how soon the call page is interactive in Chromium.

Analyses one real recording (tests/data/calls/deposit_ru_8k.wav) with the pipeline, stores `--calls`
copies of it (spread over 120 days, 60 agents, 2,000 customers, each indexed for the insights and
the calls list as the job runner indexes a finished call), starts the app on a uvicorn server on
loopback and times, each `--repeat` times over HTTP with a signed-in session:

- baseline: GET /v1/calls/{id} with an API key (the JSON API's primary-key read of one call);
- the calls list (/ui/, and filtered by agent, by a category, and a search), the call page, the
  insights page (8 weeks), a customer page and the routing page.

It prints p50 and p95 in milliseconds and p95 over the baseline's p95, then the gzip-compressed size
of every script and stylesheet the pages load, and the call page's times in Chromium from the
Performance API (navigation start to DOM interactive, to the page's script done, to the waveform
drawn). Issue 17's targets: list and insights <= 150 ms p95 at 10,000 calls, call page <= 100 ms p95,
all JS and CSS <= 300 KB compressed, call page interactive within 1 s.

    PYTHONPATH=$PWD python scripts/bench_ui.py --calls 10000
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from api.app import create_app  # noqa: E402
from scripts.bench_insights import p95, timed  # noqa: E402
from tests.api.live_server import live_server  # noqa: E402
from tests.ui.conftest import chromium_path  # noqa: E402
from voc.config import JobSettings, RouteSettings, Settings  # noqa: E402
from voc.insights.search_terms import search_terms  # noqa: E402
from voc.schemas import CallAnalysis  # noqa: E402
from voc.service import Service  # noqa: E402
from voc.stage_types import AnalyzeOptions  # noqa: E402
from voc.store.blobs import BlobStore  # noqa: E402
from voc.store.insights import record_call_insights  # noqa: E402
from voc.store.keys import create_key  # noqa: E402
from voc.store.tables import Call, Result  # noqa: E402

RECORDING = REPO / "tests" / "data" / "calls" / "deposit_ru_8k.wav"
STATIC = REPO / "api" / "ui" / "static"
AGENTS = [f"A-{i:03d}" for i in range(60)]
SPAN_DAYS = 120


def analyse_once(settings: Settings) -> CallAnalysis:
    from voc.pipeline import Analyzer

    analyzer = Analyzer(settings)
    return analyzer.analyze_recording(RECORDING, AnalyzeOptions(language="ru", call_date=dt.date(2026, 11, 20)))


def populate(service: Service, analysis: CallAnalysis, calls: int, seed: int) -> tuple[str, str]:
    """`calls` copies of the analysis; returns (a call id whose recording is stored, its customer)."""
    rng = random.Random(seed)
    terms = search_terms(analysis)
    stored = analysis.model_dump(mode="json")
    sha, size = BlobStore(service.settings.data_dir / "blobs").put_bytes(RECORDING.read_bytes())
    last_day = dt.datetime(2026, 11, 30, 18, 0, tzinfo=dt.UTC)
    batch = 500
    for start in range(0, calls, batch):
        with service.database.write() as session:
            for n in range(start, min(calls, start + batch)):
                when = last_day - dt.timedelta(minutes=rng.randrange(SPAN_DAYS * 24 * 60))
                call = Call(
                    id=f"call_{n:08d}",
                    kind="call",
                    client="bench",
                    external_id=f"bench-{n}",
                    customer_id=f"C-{rng.randrange(2000):05d}",
                    agent_id=rng.choice(AGENTS),
                    started_at=when,
                    meta={},
                    status="done",
                    blob_sha256=sha,
                    blob_size=size,
                    blob_redacted=True,
                    created_at=when,
                    finished_at=when,
                )
                session.add(call)
                session.add(Result(call_id=call.id, analysis=stored))
                session.flush()
                record_call_insights(session, call, analysis, terms)
    with service.database.read() as session:
        first = session.get(Call, "call_00000000")
        assert first is not None and first.customer_id is not None
        return first.id, first.customer_id


def static_sizes(client: httpx.Client, html: list[str]) -> tuple[int, int, list[str]]:
    """Sizes of every script and stylesheet the given pages load: as stored, and as the server sends
    them to a browser that accepts gzip (the Content-Length of the compressed answer)."""
    paths = sorted({m for page in html for m in re.findall(r'(?:src|href)="/ui/static/([^"]+\.(?:js|css))"', page)})
    raw = sent = 0
    for path in paths:
        answer = client.get(f"/ui/static/{path}", headers={"Accept-Encoding": "gzip"})
        answer.raise_for_status()
        raw += len((STATIC / path).read_bytes())
        sent += int(answer.headers["content-length"])
    return raw, sent, paths


def browser_times(base: str, key: str, call_id: str, runs: int) -> list[dict[str, float]]:
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=["--mute-audio"])
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(base + "/ui/signin")
        page.fill("#key", key)
        page.click("button[type=submit]")
        page.wait_for_url(base + "/ui/")
        for _ in range(runs + 1):
            page.goto(base + f"/ui/calls/{call_id}")
            page.wait_for_selector("body[data-player=ready]", timeout=30_000)
            out.append(
                page.evaluate(
                    """() => { const n = performance.getEntriesByType('navigation')[0];
                    const mark = name => (performance.getEntriesByName(name)[0] || {startTime: NaN}).startTime;
                    return {dom_interactive: n.domInteractive, script_done: mark('voc-interactive'),
                            waveform: mark('voc-waveform-ready'), load: n.loadEventEnd}; }"""
                )
            )
        browser.close()
    return out[1:]  # the first visit fills the cache


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--browser-runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="voc-bench-ui-") as folder:
        data = Path(folder) / "data"
        settings = Settings(
            data_dir=data,
            cache_dir=Path.home() / ".cache" / "voc",
            route=RouteSettings(transcription=False),
            jobs=JobSettings(embedded_worker=False),
        )
        began = time.perf_counter()
        analysis = analyse_once(settings)
        print(f"analysed {RECORDING.name} in {time.perf_counter() - began:.1f} s")
        service = Service(settings)
        app = create_app(service)
        with live_server(app) as port:
            began = time.perf_counter()
            call_id, customer = populate(service, analysis, args.calls, args.seed)
            print(f"stored {args.calls:,} calls in {time.perf_counter() - began:.1f} s")
            with service.database.write() as session:
                _, api_key = create_key(session, "bench", ["results:read"])
                _, ui_key = create_key(session, "bench-ui", ["ui:read"])
            base = f"http://127.0.0.1:{port}"
            api = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {api_key}"}, timeout=60)
            ui = httpx.Client(base_url=base, timeout=60)
            form = ui.get("/ui/signin").text
            token = form.split('name="csrf" value="', 1)[1].split('"', 1)[0]
            assert ui.post("/ui/signin", data={"csrf": token, "key": ui_key, "next": "/ui/"}).status_code == 303

            def page(path: str) -> Callable[[], object]:
                def run() -> object:
                    answer = ui.get(path)
                    assert answer.status_code == 200, (path, answer.status_code)
                    return answer.text

                return run

            cases: list[tuple[str, Callable[[], object]]] = [
                ("baseline: GET /v1/calls/{id} (API)", lambda: api.get(f"/v1/calls/{call_id}").raise_for_status()),
                ("calls list /ui/", page("/ui/")),
                ("calls list, one agent", page(f"/ui/?agent={AGENTS[3]}")),
                ("calls list, a category, by duration", page("/ui/?category=deposits&sort=-duration")),
                ("calls list, search 'вклад'", page("/ui/?q=вклад")),
                ("calls list, page 20", page("/ui/?page=20")),
                ("call page", page(f"/ui/calls/{call_id}")),
                ("insights (8 weeks)", page("/ui/insights?until=2026-11-30")),
                ("customer page", page(f"/ui/customers/{customer}")),
                ("routing page", page("/ui/routing")),
            ]
            results = [(name, timed(run, args.repeat)) for name, run in cases]
            base_p95 = p95(results[0][1])
            print(f"\n{args.calls:,} calls, {args.repeat} runs each (HTTP over loopback, one client)")
            print(f"{'':40s} {'p50 ms':>8s} {'p95 ms':>8s} {'p95/base':>9s}")
            for name, values in results:
                print(f"{name:40s} {statistics.median(values):8.1f} {p95(values):8.1f} {p95(values) / base_p95:9.1f}")
            pages = [ui.get(p).text for p in ("/ui/", f"/ui/calls/{call_id}", "/ui/insights", "/ui/routing")]
            raw, gz, paths = static_sizes(ui, pages)
            print(
                f"\nJS + CSS the pages load ({len(paths)} files): {raw / 1024:.1f} KB, "
                f"{gz / 1024:.1f} KB as served gzip-compressed"
            )
            if chromium_path() is None:
                print("chromium not found: no browser timings")
                return 0
            times = browser_times(base, ui_key, call_id, args.browser_runs)
            for name in ("dom_interactive", "script_done", "waveform", "load"):
                values = [t[name] for t in times]
                middle, worst = statistics.median(values), max(values)
                print(f"call page in Chromium, {name:16s} median {middle:7.1f} ms, max {worst:7.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
