"""The routing policy: a declarative YAML file of rules, validated at load and hot-reloaded.

A policy is versioned twice: by its own `version` field (what the author calls it) and by the
SHA-256 of its content, so two different files that forgot to bump `version` never look alike.
See docs/routing.md for the file format.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from voc.routing.conditions import Condition, PolicyError, parse_condition

DEFAULT_POLICY_PATH = Path(__file__).with_name("default_policy.yaml")
MAX_POLICY_BYTES = 1024 * 1024

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Target:
    queue: str
    priority: int
    skills: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    name: str
    when: Condition
    target: Target
    reason: str


@dataclass(frozen=True)
class Policy:
    version: str
    content_sha256: str
    default: Target
    rules: tuple[Rule, ...]
    source: str

    @property
    def full_version(self) -> str:
        return f"{self.version}+{self.content_sha256[:12]}"


def _target(raw: Any, where: str) -> Target:
    if not isinstance(raw, Mapping):
        raise PolicyError(f"{where}: expected a mapping with queue, priority and skills")
    extra = set(raw) - {"queue", "priority", "skills"}
    if extra:
        raise PolicyError(f"{where}: unknown key(s) {sorted(extra)} (allowed: queue, priority, skills)")
    queue = raw.get("queue")
    if not isinstance(queue, str) or not queue.strip():
        raise PolicyError(f"{where}.queue: a non-empty queue name is required")
    priority = raw.get("priority")
    if isinstance(priority, bool) or not isinstance(priority, int) or not 1 <= priority <= 5:
        raise PolicyError(f"{where}.priority: an integer 1 (highest) .. 5 is required, got {priority!r}")
    skills = raw.get("skills", [])
    if not isinstance(skills, list) or not all(isinstance(s, str) and s for s in skills):
        raise PolicyError(f"{where}.skills: expected a list of skill names, got {skills!r}")
    return Target(queue=queue.strip(), priority=priority, skills=tuple(skills))


def _rule(raw: Any, where: str, seen: set[str]) -> Rule:
    if not isinstance(raw, Mapping):
        raise PolicyError(f"{where}: a rule is a mapping with name, when, route and reason")
    missing = {"name", "when", "route", "reason"} - set(raw)
    if missing:
        raise PolicyError(f"{where}: missing key(s) {sorted(missing)}")
    extra = set(raw) - {"name", "when", "route", "reason"}
    if extra:
        raise PolicyError(f"{where}: unknown key(s) {sorted(extra)}")
    name, reason = raw["name"], raw["reason"]
    if not isinstance(name, str) or not name:
        raise PolicyError(f"{where}.name: a non-empty name is required")
    if name in seen:
        raise PolicyError(f"{where}.name: duplicate rule name {name!r}")
    seen.add(name)
    if not isinstance(reason, str) or not reason:
        raise PolicyError(f"{where}.reason: a non-empty reason is required")
    where = f"rules[{name}]"
    return Rule(
        name, parse_condition(raw["when"], f"{where}.when"), _target(raw["route"], f"{where}.route"), reason
    )


def parse_policy(text: str, source: str = "<text>") -> Policy:
    """Validate a policy's YAML text; raises PolicyError naming the first problem."""
    if len(text.encode()) > MAX_POLICY_BYTES:
        raise PolicyError(f"{source}: policy larger than {MAX_POLICY_BYTES} bytes")
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise PolicyError(f"{source}: not valid YAML: {err}") from err
    if not isinstance(raw, Mapping):
        raise PolicyError(f"{source}: expected a mapping with version, default and rules")
    extra = set(raw) - {"version", "default", "rules", "description"}
    if extra:
        raise PolicyError(f"{source}: unknown top-level key(s) {sorted(extra)}")
    version = raw.get("version")
    if not isinstance(version, str | int | float) or isinstance(version, bool) or not str(version).strip():
        raise PolicyError(f"{source}: a `version` field is required")
    rules_raw = raw.get("rules", [])
    if not isinstance(rules_raw, list):
        raise PolicyError(f"{source}: `rules` must be a list")
    seen: set[str] = set()
    try:
        default = _target(raw.get("default"), "default")
        rules = tuple(_rule(r, f"rules[{i}]", seen) for i, r in enumerate(rules_raw))
    except PolicyError as err:
        raise PolicyError(f"{source}: {err}") from err
    return Policy(
        version=str(version).strip(),
        content_sha256=hashlib.sha256(text.encode()).hexdigest(),
        default=default,
        rules=rules,
        source=source,
    )


def load_policy(path: Path) -> Policy:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise PolicyError(f"{path}: cannot read the policy: {err}") from err
    return parse_policy(text, str(path))


@dataclass(frozen=True)
class ReloadStatus:
    policy_version: str
    source: str
    last_error: str | None  # why the file on disk is not the policy in use, if it is not


class PolicyStore:
    """Holds the policy in use and reloads it when its file changes.

    A file that fails validation at reload is not used: the previous policy stays in force and
    `status().last_error` (and the log) say why. Without a watcher, `current()` stats the file at
    most every `check_interval_s` and reloads it in the caller's thread; the service starts a
    watcher thread instead (`watch()`), so a request never parses a policy file.
    """

    def __init__(self, path: Path, check_interval_s: float = 1.0) -> None:
        self.path = path
        self.check_interval_s = check_interval_s
        self._policy = load_policy(path)  # an invalid policy at start is fatal: raise
        self._stamp = self._file_stamp()
        self._checked_at = time.monotonic()
        self._last_error: str | None = None
        self._lock = threading.Lock()
        self._watching = threading.Event()
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None

    def watch(self) -> None:
        """Check the file every `check_interval_s` on a thread of its own, until `stop_watching()`."""
        if self._watcher is not None:
            return
        self._stop.clear()
        self._watcher = threading.Thread(target=self._watch, name="route-policy-watcher", daemon=True)
        self._watching.set()
        self._watcher.start()

    def stop_watching(self) -> None:
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join(timeout=5)
            self._watcher = None
        self._watching.clear()

    def _watch(self) -> None:
        while not self._stop.wait(self.check_interval_s):
            try:
                self.reload_if_changed()
            except Exception:  # a watcher that dies would freeze the policy silently
                log.exception("routing policy watcher: check failed")

    def _file_stamp(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def current(self) -> Policy:
        if not self._watching.is_set() and time.monotonic() - self._checked_at >= self.check_interval_s:
            self.reload_if_changed()
        return self._policy

    def reload_if_changed(self) -> ReloadStatus:
        with self._lock:
            self._checked_at = time.monotonic()
            stamp = self._file_stamp()
            if stamp != self._stamp:
                self._stamp = stamp
                self._try_reload()
            return self.status()

    def _try_reload(self) -> None:
        try:
            policy = load_policy(self.path)
        except PolicyError as err:
            self._last_error = f"kept policy {self._policy.full_version}: {err}"
            log.warning("routing policy reload rejected: %s", self._last_error)
            return
        if policy.content_sha256 != self._policy.content_sha256:
            log.info("routing policy reloaded: %s -> %s", self._policy.full_version, policy.full_version)
        self._policy = policy
        self._last_error = None

    def status(self) -> ReloadStatus:
        return ReloadStatus(self._policy.full_version, str(self.path), self._last_error)
