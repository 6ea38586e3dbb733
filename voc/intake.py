"""The inbound boundary: what clients send, and the text-to-options parsing every way in shares.

`voc analyze` flags, `/v1/analyze` form fields, `POST /v1/calls` metadata and
`POST /v1/conversations` bodies all become `AnalyzeOptions` through the functions here,
so a bad value gets the same rule and the same reason whichever way it came in.
Parsing errors are `InvalidOptionError`s naming the option; each adapter words the name
its own way (`--call-date` on the command line, `call_date` in the API).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Literal, cast

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from voc.errors import InvalidOptionError
from voc.schemas import ConversationIn, ConversationTurnIn, Speaker
from voc.stage_types import AnalyzeOptions

STEREO_SPEAKERS: tuple[Speaker, Speaker] = ("agent", "customer")
DEFAULT_LAYOUT: tuple[Speaker, ...] = STEREO_SPEAKERS
LANGUAGES = ("ru", "en")
_LAYOUT_RULE = "name agent and customer once each, left channel first: agent,customer or customer,agent"
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# Unknown metadata fields are stored as given, as JSON. They are kept to what every database and
# JSON reader takes the same way: nested at most this deep, integers of 64 bits, finite numbers.
MAX_EXTRA_DEPTH = 32
INT64 = 2**63
# A call's own product names for the recogniser: the decoder hint holds about a dozen Russian terms
# (VOC_ASR__HINT_TOKENS), so more than this could never all reach it.
MAX_CALL_TERMS = 20
MAX_TERM_CHARS = 80


def _iso_text(value: Any) -> Any:
    """Query parameters give times as ISO 8601 text only; pydantic alone would also read a bare
    number as seconds since 1970 (`since=0.5`), which no client means."""
    if isinstance(value, str):
        try:
            float(value)  # 1700000000, 0.5, 2.2e-309, inf: pydantic would take each as a time
        except ValueError:
            return value
        raise ValueError("give an ISO 8601 date or time (2026-03-01, 2026-03-01T09:30:00Z), not a number")
    return value


# Query parameter types: ISO 8601 text, as the OpenAPI document says.
IsoDateTime = Annotated[dt.datetime, BeforeValidator(_iso_text)]
IsoDate = Annotated[dt.date, BeforeValidator(_iso_text)]


def parse_layout(value: str | Sequence[str] | None) -> tuple[Speaker, ...]:
    """Which speaker each stereo channel holds, left first: `"customer,agent"` -> ("customer", "agent").

    None is the default layout (agent on the left). A stereo layout names agent and customer
    once each; a mono recording ignores the layout (its speakers are told apart by separation).
    """
    if value is None:
        return DEFAULT_LAYOUT
    parts = value.split(",") if isinstance(value, str) else value
    names = tuple(part.strip().lower() for part in parts if part.strip())
    unknown = [name for name in names if name not in STEREO_SPEAKERS]
    if unknown:
        raise InvalidOptionError(
            "channels", value, f"a channel holds agent or customer, not {', '.join(unknown)}; {_LAYOUT_RULE}"
        )
    if sorted(names) != sorted(STEREO_SPEAKERS):
        raise InvalidOptionError("channels", value, _LAYOUT_RULE)
    return cast(tuple[Speaker, ...], names)


def parse_language(value: str | None) -> str | None:
    """`ru` or `en`; None, empty or `auto` mean: detect it."""
    if value is None:
        return None
    language = value.strip().lower()
    if language in ("", "auto"):
        return None
    if language not in LANGUAGES:
        raise InvalidOptionError("language", value, "use ru, en or auto")
    return language


def parse_call_date(value: str | None) -> dt.date | None:
    """An ISO date (`2026-03-01`); a well-formed day that does not exist says why, not how to write it."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        pass
    day = _ISO_DAY.fullmatch(value.strip())
    if day is None:
        raise InvalidOptionError("call_date", value, "not a date: use YYYY-MM-DD")
    year, month, _ = (int(part) for part in day.groups())
    if not 1 <= month <= 12:
        raise InvalidOptionError("call_date", value, f"not a date: there is no month {month}")
    if year < dt.MINYEAR:
        raise InvalidOptionError("call_date", value, f"not a date: there is no year {year}")
    days = calendar.monthrange(year, month)[1]
    raise InvalidOptionError("call_date", value, f"not a date: {calendar.month_name[month]} {year} has {days} days")


def parse_first_speaker(value: str | None) -> Speaker | None:
    """Mono calls: who speaks first, when the telephony system knows."""
    if value is None:
        return None
    speaker = value.strip().lower()
    if speaker not in STEREO_SPEAKERS:
        raise InvalidOptionError("first_speaker", value, "use agent or customer")
    return cast(Speaker, speaker)


def terms_from_products(names: Sequence[str]) -> tuple[str, ...]:
    """Per-call terms from product names as a CRM or a profile writes them ("Вклад", "Полис КАСКО"): a
    title's capital is dropped so corrections write "вкладу" mid-sentence; a capital inside the name
    stays; a name given twice (in any case) is kept once, first place."""
    seen: set[str] = set()
    terms: list[str] = []
    for name in (" ".join(str(name).split()) for name in names):
        term = name[:1].lower() + name[1:] if name[1:2].islower() else name
        if term and term.lower() not in seen:
            seen.add(term.lower())
            terms.append(term)
    return tuple(terms)


def parse_terms(value: str | Sequence[str] | None) -> tuple[str, ...]:
    """This call's own product or service names for the recogniser, ahead of the vocabulary's:
    a list, or one text with the names split by commas ("вклад Надёжный, карта Халва").

    A title's capital is dropped ("Вклад Надёжный" -> "вклад Надёжный") as for a profile's products,
    so a correction writes the word as it stands mid-sentence; repeats are dropped."""
    if value is None:
        return ()
    parts = value.split(",") if isinstance(value, str) else value
    if not isinstance(parts, Sequence) or not all(isinstance(part, str) for part in parts):
        raise InvalidOptionError("terms", value, "give a list of names, or one text with names split by commas")
    names = [" ".join(part.split()) for part in parts]
    names = [name for name in names if name]
    if len(names) > MAX_CALL_TERMS:
        raise InvalidOptionError("terms", value, f"at most {MAX_CALL_TERMS} names (the decoder hint holds about 12)")
    too_long = [name for name in names if len(name) > MAX_TERM_CHARS]
    if too_long:
        raise InvalidOptionError("terms", value, f"a name is at most {MAX_TERM_CHARS} characters: {too_long[0][:40]!r}")
    if any(not re.search(r"[^\W\d_]", name) for name in names):
        raise InvalidOptionError("terms", value, "each name needs a letter (product names, not numbers)")
    return terms_from_products(names)


def parse_options(
    *,
    channels: str | None = None,
    language: str | None = None,
    call_date: str | None = None,
    first_speaker: str | None = None,
    terms: str | Sequence[str] | None = None,
) -> AnalyzeOptions:
    """Options typed by a person or a client as text (`voc analyze` flags, `/v1/analyze` fields).

    A date given here is the `argument` source; without one the pipeline looks at the
    recording's tags, then takes today.
    """
    date = parse_call_date(call_date)
    return AnalyzeOptions(
        layout=parse_layout(channels),
        language=parse_language(language),
        call_date=date,
        call_date_source="argument" if date is not None else "today",
        first_speaker=parse_first_speaker(first_speaker),
        terms=parse_terms(terms),
    )


class CallMetadata(BaseModel):
    """The `metadata` JSON part of `POST /v1/calls`. Unknown fields are kept as they are."""

    model_config = ConfigDict(extra="allow")

    external_id: str | None = Field(None, max_length=200, description="the telephony system's call id")
    customer_id: str | None = Field(
        None, max_length=200, description="the CRM's customer id: builds their profile across calls"
    )
    agent_id: str | None = Field(None, max_length=200, description="the agent who took the call (trends, QA scores)")
    started_at: dt.datetime | None = Field(
        None, description="when the call started (ISO 8601 with offset); the day relative dates count from"
    )
    direction: Literal["inbound", "outbound"] | None = Field(None, description="who called whom")
    channels: str | list[str] | None = Field(None, description="speaker per channel, e.g. 'agent,customer'")
    language: str | None = Field(None, description="ru, en or auto")
    session_id: str | None = Field(None, max_length=200, description="links IVR routing decisions to this call")
    ani: str | None = Field(None, max_length=64, description="caller's number, for routing look-ups")
    first_speaker: Literal["agent", "customer"] | None = Field(
        None, description="mono recordings: who speaks first, when the telephony system knows"
    )
    terms: str | list[str] | None = Field(
        None,
        description="product or service names this call is likely about (the customer's products), for the "
        f"recogniser, ahead of the vocabulary's: a list or one comma-separated text, at most {MAX_CALL_TERMS} names "
        "(recordings only; docs/asr.md)",
        examples=[["вклад Надёжный", "карта Халва"]],
    )

    @field_validator("channels")
    @classmethod
    def _channels(cls, value: str | list[str] | None) -> str | list[str] | None:
        _as_value_error(parse_layout, value)
        return value

    @field_validator("language")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        _as_value_error(parse_language, value)
        return value

    @field_validator("terms")
    @classmethod
    def _terms(cls, value: str | list[str] | None) -> str | list[str] | None:
        _as_value_error(parse_terms, value)
        return value

    @model_validator(mode="after")
    def _storable_extras(self) -> CallMetadata:
        for name, value in (self.model_extra or {}).items():
            problem = unstorable_json(value)
            if problem:
                raise ValueError(f"field {name[:40]!r}: {problem}")
        return self

    def analyze_options(self) -> AnalyzeOptions:
        return AnalyzeOptions(
            layout=parse_layout(self.channels),
            language=parse_language(self.language),
            call_date=self.started_at.date() if self.started_at else None,
            call_date_source="metadata",
            first_speaker=self.first_speaker,
            terms=parse_terms(self.terms),
        )


class ConversationSubmission(CallMetadata):
    """The body of `POST /v1/conversations`: a chat, e-mail thread or review as turns,
    with the same metadata fields as a call upload."""

    external_id: str = Field(min_length=1, max_length=200, description="the source system's conversation id")
    channel: Literal["chat", "email", "review", "other"] = Field("chat", description="where the text came from")
    turns: list[ConversationTurnIn] = Field(
        min_length=1, max_length=2000, description="the conversation in order: speaker and text of each turn"
    )

    def conversation(self) -> ConversationIn:
        """What the text stages take (voc.pipeline.Analyzer.analyze_conversation)."""
        return ConversationIn(
            turns=self.turns,
            language=parse_language(self.language),
            call_date=self.started_at.date() if self.started_at else None,
        )


def unstorable_json(value: Any) -> str | None:
    """Why a parsed JSON value cannot be stored as metadata (too deep, a number out of range), or None."""
    waiting: list[tuple[Any, int]] = [(value, 1)]
    while waiting:
        item, depth = waiting.pop()
        if depth > MAX_EXTRA_DEPTH:
            return f"nested deeper than {MAX_EXTRA_DEPTH} levels"
        if isinstance(item, dict):
            waiting.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            waiting.extend((child, depth + 1) for child in item)
        elif isinstance(item, bool):
            continue
        elif isinstance(item, int) and not -INT64 <= item < INT64:
            return "an integer outside the 64-bit range"
        elif isinstance(item, float) and not math.isfinite(item):
            return "a number too large to store"
    return None


def _as_value_error(parse: Callable[[Any], object], value: object) -> None:
    """Run a parser inside a pydantic validator: pydantic reports ValueErrors under the field's name."""
    try:
        parse(value)
    except InvalidOptionError as error:
        raise ValueError(f"{error.value!r}: {error.reason}") from None
