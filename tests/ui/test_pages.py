"""Each page of the web view in Chromium, over calls the embedded worker analysed."""

from __future__ import annotations

import time
from typing import Any

import httpx

from tests.ui.conftest import Stored, Visit


def clean(visit: Visit) -> None:
    assert visit.console_errors == [], visit.console_errors
    assert visit.foreign_requests == [], visit.foreign_requests
    assert visit.serious_accessibility_violations() == []


def listed_ids(page: Any) -> list[str]:
    return page.eval_on_selector_all("table.calls tbody tr", "rows => rows.map(r => r.dataset.callId)")


def test_pages_need_a_session_and_send_a_strict_policy(stored: Stored) -> None:
    answer = httpx.get(stored.base_url + "/ui/", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/ui/signin?next=")
    form = httpx.get(stored.base_url + "/ui/signin")
    policy = form.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "unsafe-inline" not in policy
    audio = httpx.get(stored.base_url + f"/ui/calls/{stored.calls['ui-deposit']}/audio")
    assert audio.status_code == 401


def test_a_key_without_a_reading_scope_or_a_forged_form_cannot_sign_in(stored: Stored) -> None:
    with httpx.Client(base_url=stored.base_url) as client:
        page = client.get("/ui/signin").text
        token = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        writer = client.post("/ui/signin", data={"csrf": token, "key": "voc_nothing_wrong", "next": "/ui/"})
        assert writer.status_code == 401 and "voc_ui_session" not in writer.cookies
        forged = client.post("/ui/signin", data={"csrf": "forged", "key": stored.ui_key, "next": "/ui/"})
        assert forged.status_code == 400 and "voc_ui_session" not in forged.cookies
        token = forged.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        # a real token posted from a browser that never loaded the form (another site's page)
        elsewhere = httpx.post(stored.base_url + "/ui/signin", data={"csrf": token, "key": stored.ui_key})
        assert elsewhere.status_code == 400 and "voc_ui_session" not in elsewhere.cookies
        good = client.post("/ui/signin", data={"csrf": token, "key": stored.ui_key, "next": "https://evil.example/"})
        assert good.status_code == 303 and good.headers["location"] == "/ui/"
        cookie = good.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and stored.ui_key not in cookie
        assert client.get("/ui/").status_code == 200
        signed_out = client.post("/ui/signout", data={"csrf": "wrong"})
        assert signed_out.status_code == 403


def listed_statuses(page: Any) -> dict[str, str]:
    return dict(
        page.eval_on_selector_all("table.calls tbody tr", "rows => rows.map(r => [r.dataset.callId, r.dataset.status])")
    )


def test_the_calls_list_shows_every_call_with_its_status_in_russian_then_english(visit: Visit, stored: Stored) -> None:
    page = visit.open("/ui/")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("h1").inner_text() == "Звонки и переписки"
    # queued, processing and failed calls too, each with the status the API gives it
    assert listed_statuses(page) == {c["id"]: c["status"] for c in stored.api("/v1/calls")["items"]}
    assert set(stored.unfinished.values()) <= set(listed_ids(page))
    assert page.locator("table.calls svg.spark").count() >= 1
    visit.screenshot("calls")
    clean(visit)
    page.click("header .tools a[hreflang=en]")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Calls and conversations"


def test_filters_and_search_change_the_list_as_the_api_says(visit: Visit, stored: Stored) -> None:
    page = visit.open("/ui/")
    page.select_option("#f-agent", "A-oleg")
    page.click(".filters button[type=submit]")
    page.wait_for_load_state("networkidle")
    by_agent = [c["id"] for c in stored.api("/v1/calls")["items"] if c.get("agent_id") == "A-oleg"]
    assert sorted(listed_ids(page)) == sorted(by_agent) and by_agent

    page = visit.open("/ui/")
    page.fill("#f-q", "заблокировали карту")
    page.press("#f-q", "Enter")
    page.wait_for_load_state("networkidle")
    found = {hit["call_id"] for hit in stored.api("/v1/search", q="заблокировали карту")["items"]}
    assert found and sorted(listed_ids(page)) == sorted(found)

    page = visit.open("/ui/?channel=voice")
    recordings = [c["id"] for c in stored.api("/v1/calls", kind="call")["items"]]
    assert sorted(listed_ids(page)) == sorted(recordings)

    analyses = {i: stored.api(f"/v1/calls/{i}")["analysis"] for i in stored.calls.values()}
    page = visit.open("/ui/")
    page.select_option("#f-sentiment", "negative")
    page.select_option("#f-escalated", "yes")
    page.click(".filters button[type=submit]")
    page.wait_for_load_state("networkidle")
    ends = {i: (a["customer"]["sentiment_end"], a["customer"]["escalate"]) for i, a in analyses.items()}
    upset = [i for i, end in ends.items() if end == ("negative", True)]
    assert upset and sorted(listed_ids(page)) == sorted(upset)

    tasks = stored.api("/v1/tasks", status="open", type="callback")["items"]
    page = visit.open("/ui/?task=callback")
    assert tasks and sorted(listed_ids(page)) == sorted({t["call_id"] for t in tasks})
    clean(visit)


def test_clicking_a_word_seeks_the_recording_and_playing_highlights_the_word(visit: Visit, stored: Stored) -> None:
    page = visit.open(f"/ui/calls/{stored.calls['ui-deposit']}")
    page.wait_for_selector("body[data-player=ready]", timeout=30_000)
    words = page.locator(".transcript .w[data-s]")
    assert words.count() > 20
    word = words.nth(words.count() // 2)
    start = float(word.get_attribute("data-s") or "nan")
    word.click()
    current = page.evaluate("document.getElementById('player').currentTime")
    assert abs(current - start) <= 0.3, (current, start)
    assert "current" in (word.get_attribute("class") or "")

    page.evaluate("document.getElementById('player').currentTime = 0")
    page.click("#play")
    # polled from here: wait_for_function evaluates a string in the page, which the policy refuses
    deadline = time.monotonic() + 20
    while page.evaluate("document.getElementById('player').currentTime") < 2.5:
        assert time.monotonic() < deadline, "the recording did not play"
        page.wait_for_timeout(100)
    state = page.evaluate(
        """() => { const audio = document.getElementById('player'); audio.pause();
                   const w = document.querySelector('.w.current');
                   return {t: audio.currentTime, s: w && parseFloat(w.dataset.s), e: w && parseFloat(w.dataset.e)}; }"""
    )
    assert state["s"] is not None and state["s"] - 0.05 <= state["t"] <= state["e"] + 0.4, state
    visit.screenshot("call")
    visit.screenshot("call-viewport", full_page=False)  # docs/ui-call-page.png is a copy of this one
    clean(visit)


def test_a_text_conversation_gets_the_page_without_a_player(visit: Visit, stored: Stored) -> None:
    page = visit.open(f"/ui/calls/{stored.calls['ui-chat-0']}")
    assert page.locator("#player").count() == 0
    assert "заблокировали" in page.locator(".transcript").inner_text()
    visit.screenshot("conversation")
    clean(visit)


def test_tablet_width_keeps_the_list_usable(browser: Any, stored: Stored) -> None:
    from tests.ui.conftest import sign_in

    context = browser.new_context(viewport={"width": 820, "height": 1180})
    page = context.new_page()
    sign_in(page, stored.base_url, stored.ui_key)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 820 + 1, width
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    context.close()


def test_the_call_page_marks_redacted_spans_and_shows_the_routing_decision(visit: Visit, stored: Stored) -> None:
    card = stored.api(f"/v1/calls/{stored.calls['ui-card']}")["analysis"]
    page = visit.open(f"/ui/calls/{stored.calls['ui-card']}")
    page.wait_for_selector("body[data-player=ready]", timeout=30_000)
    timed = [r for r in card["redactions"] if r["start"] is not None]
    assert timed, "the card call should have redacted spans"
    assert page.locator(".transcript .w.redacted").count() >= 1
    clean(visit)

    page = visit.open(f"/ui/calls/{stored.calls['ui-deposit']}")
    routing = page.locator("#routing-title + dl").inner_text()
    decision = stored.api("/v1/route/decisions", session_id="ivr-ui-1")["items"][0]
    assert decision["queue"] in routing


def test_a_task_quote_and_a_chart_point_seek_the_recording(visit: Visit, stored: Stored) -> None:
    page = visit.open(f"/ui/calls/{stored.calls['ui-deposit']}")
    page.wait_for_selector("body[data-player=ready]", timeout=30_000)
    quote = page.locator("button.quote").first
    start = float(quote.get_attribute("data-s") or "nan")
    quote.click()
    page.wait_for_timeout(300)
    current = page.evaluate("() => { const a = document.getElementById('player'); a.pause(); return a.currentTime; }")
    assert start - 0.05 <= current <= start + 1.0, (current, start)

    box = page.locator("#emotion .u-over").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] - 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(300)
    # paused where it stands: the click seeks to a turn's start and plays on, as the quote does above
    current = page.evaluate("() => { const a = document.getElementById('player'); a.pause(); return a.currentTime; }")
    turns = stored.api(f"/v1/calls/{stored.calls['ui-deposit']}")["analysis"]["turns"]
    assert any(t["start"] - 0.05 <= current <= t["start"] + 1.0 for t in turns), current


def test_the_customer_page_lists_every_contact_across_channels(visit: Visit, stored: Stored) -> None:
    page = visit.open("/ui/customers/C-1001")
    profile = stored.api("/v1/customers/C-1001")
    rows = page.eval_on_selector_all("table.calls tbody tr", "rows => rows.map(r => r.dataset.callId)")
    assert len(rows) == profile["contacts"]["total"] == 2
    assert sorted(rows) == sorted([stored.calls["ui-deposit"], stored.calls["ui-chat-0"]])
    visit.screenshot("customer")
    clean(visit)


def test_insights_numbers_link_to_the_calls_behind_them(visit: Visit, stored: Stored) -> None:
    page = visit.open("/ui/insights?until=2026-11-30&weeks=4")
    links = page.locator("#categories-title ~ .table-wrap td.num a")
    assert links.count() >= 1
    first = links.first
    expected = int(first.inner_text().replace("\u202f", ""))
    escalated = page.eval_on_selector_all("#escalations-title + table td a", "cells => cells.map(c => c.innerText)")
    analyses = [stored.api(f"/v1/calls/{i}")["analysis"] for i in stored.calls.values()]
    assert sum(int(n) for n in escalated) == sum(1 for a in analyses if a["customer"]["escalate"])
    visit.screenshot("insights")
    clean(visit)
    first.click()
    page.wait_for_load_state("networkidle")
    assert len(listed_ids(page)) == expected


def test_the_routing_page_shows_the_policy_and_the_decision_with_its_call(visit: Visit, stored: Stored) -> None:
    page = visit.open("/ui/routing")
    policy = stored.api("/v1/route/policy")
    assert policy["policy_version"] in page.locator("#policy-title + p").inner_text()
    assert page.locator(f"a[href='/ui/calls/{stored.calls['ui-deposit']}']").count() == 1
    queue = stored.api("/v1/route/decisions", session_id="ivr-ui-1")["items"][0]["queue"]
    row = page.locator("#queues-title + table tbody tr").filter(has_text=queue).inner_text().split("\t")
    assert [cell.strip() for cell in row[1:3]] == ["1", "1"], row
    visit.screenshot("routing")
    clean(visit)


def test_the_status_filter_lists_unfinished_calls_and_says_why_one_failed(visit: Visit, stored: Stored) -> None:
    page = visit.open("/ui/")
    page.select_option("#f-status", "failed")
    page.click(".filters button[type=submit]")
    page.wait_for_load_state("networkidle")
    failed = [c for c in stored.api("/v1/calls", status="failed")["items"]]
    assert listed_ids(page) == [c["id"] for c in failed] == [stored.unfinished["failed"]]
    reason = page.locator("table.calls tbody tr .failure").inner_text()
    error = stored.api(f"/v1/calls/{stored.unfinished['failed']}")["error"]
    assert error["code"] in reason and error["message"] in reason, (reason, error)
    for status in ("queued", "processing"):
        page = visit.open(f"/ui/?status={status}")
        assert listed_statuses(page) == {c["id"]: status for c in stored.api("/v1/calls", status=status)["items"]}
        assert listed_ids(page) == [stored.unfinished[status]]
        assert page.locator(f"table.calls tbody tr .badge.st-{status}").count() == 1
    page.click("table.calls tbody tr a[href^='/ui/calls/']")
    page.wait_for_load_state("networkidle")
    assert "не разобран" in page.locator("main").inner_text()
    visit.screenshot("calls-processing")
    clean(visit)


def test_topics_filter_the_list_and_the_drivers_table_links_to_the_calls_behind_each_number(
    visit: Visit, stored: Stored
) -> None:
    assert stored.topics >= 1, "the UI test data should hold enough contacts for topics"
    topics = stored.api("/v1/insights/topics")["topics"]
    members = {
        t["id"]: sorted(c["call_id"] for c in stored.api(f"/v1/insights/topics/{t['id']}/calls")["items"])
        for t in topics
    }
    page = visit.open("/ui/")
    tagged = page.eval_on_selector_all(
        "table.calls tbody tr",
        "rows => rows.map(r => [r.dataset.callId, [...r.querySelectorAll('a.tag')].map(a => a.innerText)])",
    )
    for call_id, labels in tagged:
        assert labels == [t["label"] for t in topics if call_id in members[t["id"]]], (call_id, labels)

    topic = topics[0]
    page.select_option("#f-topic", topic["id"])
    page.click(".filters button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert sorted(listed_ids(page)) == members[topic["id"]] and len(members[topic["id"]]) >= 3

    page = visit.open("/ui/insights")
    rows = page.locator("#drivers-title ~ .table-wrap tbody tr")
    assert rows.count() == len(topics)
    assert [rows.nth(i).locator("th").inner_text() for i in range(rows.count())] == [t["label"] for t in topics]
    visit.screenshot("insights-drivers")
    clean(visit)
    for i, expected in enumerate(topics):
        page = visit.open("/ui/insights")
        link = page.locator("#drivers-title ~ .table-wrap tbody tr").nth(i).locator("td.num a").first
        count = int(link.inner_text().replace("\u202f", "").replace("\xa0", ""))
        assert count == expected["count"]
        link.click()
        page.wait_for_load_state("networkidle")
        assert len(listed_ids(page)) == count
        assert sorted(listed_ids(page)) == members[expected["id"]]
        # the negative-endings share links to the topic's calls that ended negative
        page.go_back()
        page.wait_for_load_state("networkidle")
        share = page.locator("#drivers-title ~ .table-wrap tbody tr").nth(i).locator("td.num a").nth(1)
        share.click()
        page.wait_for_load_state("networkidle")
        negative = [c for c in members[expected["id"]] if c in listed_ids(page)]
        assert len(listed_ids(page)) == len(negative) == round(expected["sentiment"]["negative"] * count)


def test_static_files_go_out_compressed_and_versioned_ones_are_cached_for_good(stored: Stored) -> None:
    from api.ui import STATIC

    names = ["app.css", "call.js", *(f"vendor/{p.name}" for p in sorted((STATIC / "vendor").glob("*.min.*")))]
    with httpx.Client(base_url=stored.base_url) as client:
        for name in names:
            raw = (STATIC / name).read_bytes()
            answer = client.get(f"/ui/static/{name}", headers={"Accept-Encoding": "gzip"})
            assert answer.status_code == 200 and answer.content == raw, name  # httpx undoes the gzip
            assert answer.headers["content-encoding"] == "gzip", name
            assert int(answer.headers["content-length"]) < 0.6 * len(raw), name
            assert "accept-encoding" in answer.headers["vary"].lower()
            assert answer.headers["x-content-type-options"] == "nosniff"
            cache = answer.headers["cache-control"]
            # a vendor file's name carries its version: the browser keeps it; our own files are revalidated
            assert cache == ("public, max-age=31536000, immutable" if name.startswith("vendor/") else "no-cache"), name
        plain = client.get("/ui/static/app.css", headers={"Accept-Encoding": "identity"})
        assert "content-encoding" not in plain.headers and plain.content == (STATIC / "app.css").read_bytes()
        unchanged = client.get("/ui/static/app.css", headers={"If-None-Match": plain.headers["etag"]})
        assert unchanged.status_code == 304 and unchanged.content == b""


def test_the_transcript_words_are_one_tab_stop_that_arrow_keys_move_through(visit: Visit, stored: Stored) -> None:
    page = visit.open(f"/ui/calls/{stored.calls['ui-deposit']}")
    page.wait_for_selector("body[data-player=ready]", timeout=30_000)
    assert "Enter" in page.locator("#keys-hint").inner_text()  # the keys are written on the page
    words = page.locator(".transcript .w[data-s]")
    assert words.count() > 20
    assert page.eval_on_selector_all(".transcript .w", "ws => ws.filter(w => w.tabIndex >= 0).length") == 1

    def focused() -> dict[str, Any]:
        return page.evaluate(
            """() => { const w = document.activeElement;
                       const all = [...document.querySelectorAll('.transcript .w[data-s]')];
                       return {i: all.indexOf(w), turn: w.closest('.turn') && w.closest('.turn').dataset.turn,
                               s: parseFloat(w.dataset.s), t: document.getElementById('player').currentTime}; }"""
        )

    page.locator(".transcript .turn .seek").first.focus()
    page.keyboard.press("Tab")
    assert focused()["i"] == 0
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowLeft")
    assert focused()["i"] == 2
    page.keyboard.press("Enter")
    now = focused()
    assert abs(now["t"] - now["s"]) <= 0.3, now

    first_turn = now["turn"]
    page.keyboard.press("ArrowDown")
    below = focused()
    first_of_next = page.evaluate(
        "t => [...document.querySelectorAll('.transcript .w[data-s]')].indexOf("
        "document.querySelector(`#turn-${t} ~ .turn .w[data-s]`))",
        first_turn,
    )
    assert below["turn"] != first_turn and below["i"] == first_of_next
    page.keyboard.press("End")
    end = focused()
    assert end["turn"] == below["turn"] and end["i"] > below["i"]
    page.keyboard.press("Home")
    assert focused()["i"] == below["i"]
    page.keyboard.press("ArrowUp")
    assert focused()["i"] == 0
    # still one tab stop: the word last reached
    assert page.eval_on_selector_all(".transcript .w", "ws => ws.filter(w => w.tabIndex >= 0).length") == 1

    page.keyboard.press("Space")
    assert page.evaluate("!document.getElementById('player').paused")
    page.keyboard.press("Space")
    assert page.evaluate("document.getElementById('player').paused")
    clean(visit)
