"""Category and scorecard rules: a YAML file, validated at load, versioned by its content.

A category says what kind of call this is ("card blocked", "complaint about a fee"); a scorecard
says how well the agent did. Both are built from the same conditions: phrases (matched on
dictionary forms, so "заблокировали карту" also finds "карта заблокирована"), who said them,
where in the call, sentiment, emotion, silence, interruptions, escalation and tasks, joined with
`all`, `any` and `not`. See docs/insights.md for the file format.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from voc.schemas import EmotionLabel, SentimentLabel, TaskType

DEFAULT_RULES_PATH = Path(__file__).with_name("default_rules.yaml")
MAX_RULES_BYTES = 1024 * 1024

Party = Literal["agent", "customer", "any"]


class RuleFileError(ValueError):
    """A rule file that does not validate; the message names the file, the place and the problem."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Within(Strict):
    """Where in the call a condition looks: the first or last seconds, or the first or last per cent."""

    first_s: float | None = Field(None, gt=0)
    last_s: float | None = Field(None, gt=0)
    first_pct: float | None = Field(None, gt=0, le=100)
    last_pct: float | None = Field(None, gt=0, le=100)

    @model_validator(mode="after")
    def one_window(self) -> Within:
        given = [v for v in (self.first_s, self.last_s, self.first_pct, self.last_pct) if v is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of first_s, last_s, first_pct, last_pct")
        return self


class Interruptions(Strict):
    by: Literal["agent", "customer"]
    at_least: int = Field(1, ge=1)
    while_other_upset: bool = Field(
        False, description="count only interruptions of a speaker whose turn is angry, irritated or negative"
    )


LEAF_KINDS = ("phrase", "sentiment", "emotion", "silence_over_s", "interruptions", "escalated", "task")


class Condition(Strict):
    """One test on a call, or `all` / `any` / `not` of others. Exactly one kind per condition."""

    all_of: list[Condition] | None = Field(None, alias="all", min_length=1)
    any_of: list[Condition] | None = Field(None, alias="any", min_length=1)
    none_of: Condition | None = Field(None, alias="not")
    phrase: list[str] | None = Field(None, description="any of these phrases; each matched by dictionary forms")
    sentiment: SentimentLabel | None = None
    emotion: list[EmotionLabel] | None = None
    silence_over_s: float | None = Field(None, gt=0)
    interruptions: Interruptions | None = None
    escalated: bool | None = None
    task: TaskType | None = None
    speaker: Party = "any"
    within: Within | None = None
    negated: Literal["no", "yes", "any"] = Field(
        "no", description="phrases only: `no` skips 'не заблокировали', `yes` wants it, `any` takes both"
    )

    @field_validator("phrase", "emotion", mode="before")
    @classmethod
    def one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @field_validator("phrase")
    @classmethod
    def phrases_have_words(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and (not value or any(not p.strip() for p in value)):
            raise ValueError("a phrase must have words")
        return value

    @model_validator(mode="after")
    def one_kind(self) -> Condition:
        kinds = [k for k in ("all_of", "any_of", "none_of", *LEAF_KINDS) if getattr(self, k) is not None]
        if len(kinds) != 1:
            names = ["all", "any", "not", *LEAF_KINDS]
            raise ValueError(f"a condition needs exactly one of {', '.join(names)}; got {len(kinds)}")
        return self


class Category(Strict):
    name: str = Field(pattern=r"^[a-z0-9_]{1,64}$")
    label: str
    language: Literal["ru", "en"] | None = Field(None, description="apply only to calls in this language")
    when: Condition


class Criterion(Strict):
    name: str = Field(pattern=r"^[a-z0-9_]{1,64}$")
    label: str
    weight: float = Field(gt=0)
    when: Condition = Field(description="the agent passes the criterion when this holds")
    applies_when: Condition | None = Field(None, description="judge the criterion only on calls where this holds")


class Scorecard(Strict):
    name: str = Field(pattern=r"^[a-z0-9_]{1,64}$")
    label: str
    language: Literal["ru", "en"]
    criteria: list[Criterion] = Field(min_length=1)


class RuleFile(Strict):
    version: str
    description: str | None = None
    categories: list[Category] = Field(default_factory=list)
    scorecards: list[Scorecard] = Field(default_factory=list)

    @field_validator("version", mode="before")
    @classmethod
    def version_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value

    @model_validator(mode="after")
    def unique_names(self) -> RuleFile:
        for what, names in (
            ("category", [c.name for c in self.categories]),
            ("scorecard", [s.name for s in self.scorecards]),
        ):
            repeated = sorted({n for n in names if names.count(n) > 1})
            if repeated:
                raise ValueError(f"{what} names must be unique: {', '.join(repeated)}")
        languages = [s.language for s in self.scorecards]
        if len(languages) != len(set(languages)):
            raise ValueError("one scorecard per language")
        return self


class RuleSet(BaseModel):
    model_config = ConfigDict(frozen=True)

    rules: RuleFile
    content_sha256: str
    source: str

    @property
    def full_version(self) -> str:
        return f"{self.rules.version}+{self.content_sha256[:12]}"

    def scorecard_for(self, language: str) -> Scorecard | None:
        return next((s for s in self.rules.scorecards if s.language == language), None)


def _where(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc) or "file"


def parse_rules(text: str, source: str) -> RuleSet:
    """Validate a rule file's YAML text; raises RuleFileError naming the first problem and where it is."""
    if len(text.encode()) > MAX_RULES_BYTES:
        raise RuleFileError(f"{source}: rule file larger than {MAX_RULES_BYTES} bytes")
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise RuleFileError(f"{source}: not valid YAML: {err}") from err
    if not isinstance(raw, dict):
        raise RuleFileError(f"{source}: expected a mapping with version, categories and scorecards")
    try:
        rules = RuleFile.model_validate(raw)
    except ValidationError as err:
        first = err.errors()[0]
        message = str(first["msg"]).removeprefix("Value error, ")
        raise RuleFileError(f"{source}: {_where(first['loc'])}: {message}") from err
    return RuleSet(rules=rules, content_sha256=hashlib.sha256(text.encode()).hexdigest(), source=source)


def load_rules(path: Path) -> RuleSet:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise RuleFileError(f"{path}: cannot read the rule file: {err}") from err
    return parse_rules(text, str(path))
