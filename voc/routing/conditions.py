"""Conditions a routing policy may put on the signals.

Each condition is parsed from YAML once, at load, with errors naming the exact place in the file.
`check(signals)` returns a human-readable description of what fired, or None when it did not:
those descriptions become the decision's reasons.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, get_args

from voc.routing.signals import PROSODY_MEASURES, RouteSignals
from voc.schemas import CueKind, EmotionLabel, SentimentLabel, TaskType


class PolicyError(ValueError):
    """The policy file is not valid; the message names the place and the problem."""


class Condition(Protocol):
    def check(self, signals: RouteSignals) -> tuple[str, ...] | None:
        """What fired (one description per leaf condition), or None when the condition does not hold."""
        ...


class Leaf:
    def check(self, signals: RouteSignals) -> tuple[str, ...] | None:
        said = self.describe(signals)
        return None if said is None else (said,)

    def describe(self, signals: RouteSignals) -> str | None:
        raise NotImplementedError


def _names(values: Any, where: str, allowed: tuple[str, ...] | None = None) -> tuple[str, ...]:
    items = [values] if isinstance(values, str) else values
    if not isinstance(items, list) or not items or not all(isinstance(v, str) and v for v in items):
        raise PolicyError(f"{where}: expected a name or a non-empty list of names, got {values!r}")
    if allowed is not None:
        unknown = [v for v in items if v not in allowed]
        if unknown:
            raise PolicyError(f"{where}: unknown value(s) {unknown} (allowed: {', '.join(allowed)})")
    return tuple(items)


def _number(value: Any, where: str, low: float | None = None, high: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PolicyError(f"{where}: expected a number, got {value!r}")
    if (low is not None and value < low) or (high is not None and value > high):
        raise PolicyError(f"{where}: {value} is outside {low}..{high}")
    return float(value)


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Condition, ...]

    def check(self, signals: RouteSignals) -> tuple[str, ...] | None:
        fired: list[str] = []
        for part in self.parts:
            said = part.check(signals)
            if said is None:
                return None
            fired.extend(said)
        return tuple(fired)


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Condition, ...]

    def check(self, signals: RouteSignals) -> tuple[str, ...] | None:
        for part in self.parts:
            said = part.check(signals)
            if said is not None:
                return said
        return None


@dataclass(frozen=True)
class Not:
    part: Condition
    label: str

    def check(self, signals: RouteSignals) -> tuple[str, ...] | None:
        return None if self.part.check(signals) is not None else (f"not {self.label}",)


@dataclass(frozen=True)
class CueIs(Leaf):
    kinds: tuple[str, ...]

    def describe(self, signals: RouteSignals) -> str | None:
        if not signals.text_signals:
            return None
        for cue in signals.text_signals.cues:
            if cue.kind in self.kinds:
                return f"cue {cue.kind} in the caller's words ({cue.text!r})"
        return None


@dataclass(frozen=True)
class SentimentIs(Leaf):
    labels: tuple[str, ...]

    def describe(self, signals: RouteSignals) -> str | None:
        s = signals.sentiment
        return f"text sentiment {s.label} ({s.score:+.2f})" if s and s.label in self.labels else None


@dataclass(frozen=True)
class EmotionIs(Leaf):
    labels: tuple[str, ...]

    def describe(self, signals: RouteSignals) -> str | None:
        e = signals.emotion
        if e.label not in self.labels:
            return None
        return f"emotion {e.label} (arousal {e.arousal:+.2f}, valence {e.valence:+.2f})"


@dataclass(frozen=True)
class Threshold(Leaf):
    """A number read from the signals compared with a bound (at least / at most)."""

    name: str
    read: Callable[[RouteSignals], float | None]
    bound: float
    at_least: bool

    def describe(self, signals: RouteSignals) -> str | None:
        value = self.read(signals)
        if value is None:
            return None
        ok = value >= self.bound if self.at_least else value <= self.bound
        return f"{self.name} {value:g} ({'>=' if self.at_least else '<='} {self.bound:g})" if ok else None


@dataclass(frozen=True)
class TextMatches(Leaf):
    patterns: tuple[re.Pattern[str], ...]

    def describe(self, signals: RouteSignals) -> str | None:
        for pattern in self.patterns:
            found = pattern.search(signals.text)
            if found:
                return f"the caller said {_whole_words(signals.text, found.start(), found.end())!r}"
        return None


def _whole_words(text: str, start: int, end: int) -> str:
    """The match widened to whole words, so a reason quotes what was said, not a stem."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[start:end]


@dataclass(frozen=True)
class IvrPathContains(Leaf):
    choices: tuple[str, ...]

    def describe(self, signals: RouteSignals) -> str | None:
        hit = [c for c in self.choices if c in signals.ivr_path]
        return f"IVR menu choice {hit[0]!r}" if hit else None


@dataclass(frozen=True)
class KnownCustomer(Leaf):
    expected: bool

    def describe(self, signals: RouteSignals) -> str | None:
        known = signals.customer is not None
        if known != self.expected:
            return None
        return "known customer" if known else "no customer profile for this caller"


@dataclass(frozen=True)
class OpenTask(Leaf):
    types: tuple[str, ...]

    def describe(self, signals: RouteSignals) -> str | None:
        if not signals.customer:
            return None
        hit = [t for t in signals.customer.open_tasks if t in self.types]
        return f"open {hit[0]} task" if hit else None


@dataclass(frozen=True)
class ProductEndsWithin(Leaf):
    days: int
    kinds: tuple[str, ...] | None

    def describe(self, signals: RouteSignals) -> str | None:
        if not signals.customer:
            return None
        for p in signals.customer.products_ending:
            if 0 <= p.days_left <= self.days and (self.kinds is None or p.kind in self.kinds):
                return f"{p.product} ends {p.end_date.isoformat()} (in {p.days_left} days)"
        return None


@dataclass(frozen=True)
class LastSentimentIs(Leaf):
    labels: tuple[str, ...]

    def describe(self, signals: RouteSignals) -> str | None:
        last = signals.customer.last_contact_sentiment if signals.customer else None
        return f"last contact's sentiment was {last}" if last in self.labels else None


@dataclass(frozen=True)
class LanguageIs(Leaf):
    codes: tuple[str, ...]

    def describe(self, signals: RouteSignals) -> str | None:
        return f"language {signals.language}" if signals.language in self.codes else None


def _churn(signals: RouteSignals) -> float | None:
    return signals.customer.churn_risk if signals.customer else None


def _contacts(signals: RouteSignals) -> float | None:
    return float(signals.customer.contacts_last_7_days) if signals.customer else None


def _prosody_reader(measure: str) -> Callable[[RouteSignals], float | None]:
    return lambda signals: signals.prosody.get(measure)


def _emotion_reader(axis: str) -> Callable[[RouteSignals], float | None]:
    return lambda signals: float(getattr(signals.emotion, axis))


def parse_condition(raw: Any, where: str) -> Condition:
    """One condition: a mapping with exactly one key (the condition's name)."""
    if not isinstance(raw, Mapping) or len(raw) != 1:
        raise PolicyError(f"{where}: a condition is a mapping with exactly one key, got {raw!r}")
    ((key, value),) = raw.items()
    parser = _PARSERS.get(key)
    if parser is None:
        raise PolicyError(f"{where}: unknown condition {key!r} (known: {', '.join(sorted(_PARSERS))})")
    return parser(value, f"{where}.{key}")


def _parse_list(value: Any, where: str) -> tuple[Condition, ...]:
    if not isinstance(value, list) or not value:
        raise PolicyError(f"{where}: expected a non-empty list of conditions")
    return tuple(parse_condition(item, f"{where}[{i}]") for i, item in enumerate(value))


def _parse_regexes(value: Any, where: str) -> Condition:
    compiled = []
    for i, text in enumerate(_names(value, where)):
        try:
            compiled.append(re.compile(text, re.IGNORECASE))
        except re.error as err:
            raise PolicyError(f"{where}[{i}]: invalid regular expression {text!r}: {err}") from err
    return TextMatches(tuple(compiled))


def _parse_product_ends(value: Any, where: str) -> Condition:
    if not isinstance(value, Mapping) or "days" not in value or set(value) - {"days", "kind"}:
        raise PolicyError(f"{where}: expected {{days: N, kind: [..]}} (kind optional), got {value!r}")
    days = int(_number(value["days"], f"{where}.days", 0, 3650))
    kinds = _names(value["kind"], f"{where}.kind") if "kind" in value else None
    return ProductEndsWithin(days, kinds)


def _parse_prosody(value: Any, where: str) -> Condition:
    if not isinstance(value, Mapping) or len(value) != 1:
        raise PolicyError(f"{where}: expected one measure and its z, e.g. {{loudness: 2.0}}, got {value!r}")
    ((measure, bound),) = value.items()
    if measure not in PROSODY_MEASURES:
        raise PolicyError(f"{where}: unknown measure {measure!r} (known: {', '.join(PROSODY_MEASURES)})")
    return Threshold(f"voice {measure} z", _prosody_reader(measure), _number(bound, f"{where}.{measure}"), True)


def _bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise PolicyError(f"{where}: expected true or false, got {value!r}")
    return value


def _not(value: Any, where: str) -> Condition:
    return Not(
        parse_condition(value, where),
        label=", ".join(f"{k} {v}" for k, v in value.items()) if isinstance(value, Mapping) else "?",
    )


_PARSERS: dict[str, Callable[[Any, str], Condition]] = {
    "all": lambda v, w: AllOf(_parse_list(v, w)),
    "any": lambda v, w: AnyOf(_parse_list(v, w)),
    "not": _not,
    "cue": lambda v, w: CueIs(_names(v, w, get_args(CueKind))),
    "sentiment": lambda v, w: SentimentIs(_names(v, w, get_args(SentimentLabel))),
    "emotion": lambda v, w: EmotionIs(_names(v, w, get_args(EmotionLabel))),
    "arousal_at_least": lambda v, w: Threshold("arousal", _emotion_reader("arousal"), _number(v, w, -1, 1), True),
    "valence_at_most": lambda v, w: Threshold("valence", _emotion_reader("valence"), _number(v, w, -1, 1), False),
    "voice_z_at_least": _parse_prosody,
    "text_matches": _parse_regexes,
    "ivr_path_contains": lambda v, w: IvrPathContains(_names(v, w)),
    "known_customer": lambda v, w: KnownCustomer(_bool(v, w)),
    "open_task": lambda v, w: OpenTask(_names(v, w, get_args(TaskType))),
    "product_ends_within": _parse_product_ends,
    "churn_risk_at_least": lambda v, w: Threshold("churn risk", _churn, _number(v, w, 0, 1), True),
    "contacts_7d_at_least": lambda v, w: Threshold("contacts in 7 days", _contacts, _number(v, w, 0), True),
    "last_contact_sentiment": lambda v, w: LastSentimentIs(_names(v, w, get_args(SentimentLabel))),
    "language": lambda v, w: LanguageIs(_names(v, w)),
}

CONDITION_NAMES = tuple(sorted(_PARSERS))
