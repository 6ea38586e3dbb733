from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from voc.routing.policy import DEFAULT_POLICY_PATH, PolicyError, PolicyStore, load_policy, parse_policy

MINIMAL = """
version: t1
default: {queue: general, priority: 4}
rules:
  - name: complaint
    reason: open complaint
    when: {open_task: complaint}
    route: {queue: complaints, priority: 2, skills: [complaints]}
"""


def test_default_policy_loads_and_is_versioned_by_field_and_content() -> None:
    policy = load_policy(DEFAULT_POLICY_PATH)
    assert policy.version == "default-1"
    assert policy.full_version.startswith("default-1+")
    assert len(policy.content_sha256) == 64
    names = [r.name for r in policy.rules]
    assert names[:3] == ["fraud_or_security", "unknown_customer", "angry_threat_to_leave"]
    assert policy.default.queue == "general"


def test_same_version_field_different_content_gives_different_full_version() -> None:
    a = parse_policy(MINIMAL)
    b = parse_policy(MINIMAL.replace("priority: 2", "priority: 3"))
    assert a.version == b.version == "t1"
    assert a.full_version != b.full_version


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rules: []\ndefault: {queue: g, priority: 4}", "`version` field is required"),
        (MINIMAL.replace("priority: 2", "priority: 0"), "priority: an integer 1 (highest) .. 5"),
        (MINIMAL.replace("priority: 2", "priority: six"), "priority: an integer 1 (highest) .. 5"),
        (
            MINIMAL.replace("{open_task: complaint}", "{cue: treat_to_leave}"),
            "unknown value(s) ['treat_to_leave']",
        ),
        (MINIMAL.replace("{open_task: complaint}", "{mood: angry}"), "unknown condition 'mood'"),
        (
            MINIMAL.replace("{open_task: complaint}", "{text_matches: ['(unclosed']}"),
            "invalid regular expression",
        ),
        (MINIMAL.replace("{open_task: complaint}", "{churn_risk_at_least: 7}"), "7 is outside 0..1"),
        (MINIMAL.replace("queue: complaints, ", ""), "queue: a non-empty queue name is required"),
        (MINIMAL.replace("    reason: open complaint\n", ""), "missing key(s) ['reason']"),
        (MINIMAL + MINIMAL[MINIMAL.index("  - name") :], "duplicate rule name 'complaint'"),
        ("version: t1\ndefault: [", "not valid YAML"),
        ("- just a list", "expected a mapping"),
    ],
)
def test_invalid_policies_are_rejected_with_a_message_naming_the_problem(text: str, message: str) -> None:
    with pytest.raises(PolicyError) as err:
        parse_policy(text, "p.yaml")
    assert message in str(err.value)
    assert str(err.value).startswith("p.yaml: ")


def test_error_names_the_rule_and_the_place() -> None:
    with pytest.raises(PolicyError, match=r"rules\[complaint\]\.when\.cue"):
        parse_policy(MINIMAL.replace("{open_task: complaint}", "{cue: nope}"))


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    # Make the change visible to the stat check even within one mtime tick.
    stamp = time.time_ns() + 1_000_000_000
    os.utime(path, ns=(stamp, stamp))


def test_store_hot_reloads_a_changed_file(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    _write(path, MINIMAL)
    store = PolicyStore(path, check_interval_s=0)
    first = store.current()
    assert first.rules[0].target.priority == 2
    _write(path, MINIMAL.replace("version: t1", "version: t2").replace("priority: 2", "priority: 1"))
    second = store.current()
    assert second.version == "t2"
    assert second.rules[0].target.priority == 1
    assert store.status().last_error is None


def test_invalid_file_at_reload_keeps_the_previous_policy_and_says_why(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    _write(path, MINIMAL)
    store = PolicyStore(path, check_interval_s=0)
    good = store.current().full_version
    _write(path, MINIMAL.replace("priority: 2", "priority: 9"))
    assert store.current().full_version == good
    status = store.status()
    assert status.policy_version == good
    assert status.last_error is not None
    assert f"kept policy {good}" in status.last_error
    assert "priority" in status.last_error
    path.unlink()
    assert store.current().full_version == good
    assert "cannot read the policy" in (store.status().last_error or "")
    _write(path, MINIMAL.replace("version: t1", "version: t3"))
    assert store.current().version == "t3"
    assert store.status().last_error is None


# How long the test waits for the watcher (checking every 0.05 s) to see a change: the wait ends as
# soon as it does, so only a broken watcher costs this much.
WATCHER_PATIENCE_S = 60


def test_a_watched_store_reloads_on_its_own_thread(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    _write(path, MINIMAL)
    store = PolicyStore(path, check_interval_s=0.05)
    store.watch()
    try:
        callers: list[str] = []
        reload = store.reload_if_changed

        def noted_reload() -> object:
            callers.append(threading.current_thread().name)
            return reload()

        store.reload_if_changed = noted_reload  # type: ignore[assignment,method-assign]
        _write(path, MINIMAL.replace("version: t1", "version: t4"))
        deadline = time.monotonic() + WATCHER_PATIENCE_S
        while time.monotonic() < deadline and store.current().version != "t4":
            time.sleep(0.02)
        assert store.current().version == "t4"  # a frozen store would still hold t1
        _write(path, MINIMAL.replace("version: t1", "version: t5").replace("priority: 2", "priority: 9"))
        deadline = time.monotonic() + WATCHER_PATIENCE_S
        while time.monotonic() < deadline and store.status().last_error is None:
            time.sleep(0.02)
        assert store.current().version == "t4"
        assert "priority" in (store.status().last_error or "")
        assert callers and set(callers) == {"route-policy-watcher"}  # never the thread asking current()
    finally:
        store.stop_watching()
    assert not any(t.name == "route-policy-watcher" for t in threading.enumerate())


def test_invalid_policy_at_start_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text("version: x\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="default"):
        PolicyStore(path)
