"""The routing policy: a declarative YAML file of rules, validated at load and hot-reloaded.

A policy is versioned twice: by its own `version` field (what the author calls it) and by the
SHA-256 of its content, so two different files that forgot to bump `version` never look alike.
See docs/routing.md for the file format.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from voc.reloading import ReloadingFile
from voc.routing.conditions import Condition, PolicyError, parse_condition

DEFAULT_POLICY_PATH = Path(__file__).with_name("default_policy.yaml")
MAX_POLICY_BYTES = 1024 * 1024


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
    return Rule(name, parse_condition(raw["when"], f"{where}.when"), _target(raw["route"], f"{where}.route"), reason)


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


class PolicyStore(ReloadingFile[Policy]):
    """Holds the routing policy in use and reloads it when its file changes (see voc.reloading)."""

    def __init__(self, path: Path, check_interval_s: float = 1.0) -> None:
        super().__init__(
            path,
            load_policy,
            lambda p: p.full_version,
            (PolicyError,),
            "policy",
            check_interval_s,
            thread_name="route-policy-watcher",
        )
