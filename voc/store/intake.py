"""What clients send with an upload or a text conversation, validated before anything is stored."""

from __future__ import annotations

import datetime as dt
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator

from voc.pipeline import AnalyzeOptions
from voc.schemas import ConversationIn, ConversationTurnIn, Speaker

SPEAKERS: tuple[str, ...] = get_args(Speaker)


def parse_layout(value: str | list[str] | None) -> tuple[Speaker, ...] | None:
    if value is None:
        return None
    names = [v.strip() for v in (value.split(",") if isinstance(value, str) else value) if v.strip()]
    unknown = [n for n in names if n not in SPEAKERS]
    if unknown or not 1 <= len(names) <= 2:
        raise ValueError(
            f"channels must name one or two of {', '.join(SPEAKERS)} in channel order "
            f"(e.g. 'agent,customer'); got {value!r}"
        )
    return tuple(names)  # type: ignore[arg-type]


def parse_language(value: str | None) -> str | None:
    if value in (None, "", "auto"):
        return None
    if value not in ("ru", "en"):
        raise ValueError(f"language must be ru, en or auto; got {value!r}")
    return value


class CallMetadata(BaseModel):
    """The `metadata` JSON part of `POST /v1/calls`. Unknown fields are kept as they are."""

    model_config = ConfigDict(extra="allow")

    external_id: str | None = Field(None, max_length=200, description="the telephony system's call id")
    customer_id: str | None = Field(None, max_length=200)
    agent_id: str | None = Field(None, max_length=200)
    started_at: dt.datetime | None = None
    direction: Literal["inbound", "outbound"] | None = None
    channels: str | list[str] | None = Field(None, description="speaker per channel, e.g. 'agent,customer'")
    language: str | None = Field(None, description="ru, en or auto")
    session_id: str | None = Field(None, max_length=200, description="links IVR routing decisions to this call")
    ani: str | None = Field(None, max_length=64, description="caller's number, for routing look-ups")
    first_speaker: Literal["agent", "customer"] | None = Field(
        None, description="mono recordings: who speaks first, when the telephony system knows"
    )

    @field_validator("channels")
    @classmethod
    def _channels(cls, value: str | list[str] | None) -> str | list[str] | None:
        parse_layout(value)
        return value

    @field_validator("language")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        parse_language(value)
        return value

    def analyze_options(self) -> AnalyzeOptions:
        return AnalyzeOptions(
            layout=parse_layout(self.channels) or ("agent", "customer"),
            language=parse_language(self.language),
            call_date=self.started_at.date() if self.started_at else None,
            call_date_source="metadata",
            first_speaker=self.first_speaker,
        )


class ConversationSubmission(CallMetadata):
    """The body of `POST /v1/conversations`: a chat, e-mail thread or review as turns,
    with the same metadata fields as a call upload."""

    channel: Literal["chat", "email", "review", "other"] = "chat"
    turns: list[ConversationTurnIn] = Field(min_length=1, max_length=2000)

    def conversation(self) -> ConversationIn:
        """What the text stages take (voc.pipeline.Analyzer.analyze_conversation)."""
        language = parse_language(self.language)
        return ConversationIn(
            turns=self.turns,
            language=language,
            call_date=self.started_at.date() if self.started_at else None,
        )


def sniff_audio_format(head: bytes) -> str | None:
    """The container named by a file's first bytes, for the formats the decoder reads."""
    if head[:4] in (b"RIFF", b"RF64") and head[8:12] == b"WAVE":
        return "wav"
    if head[:4] == b"fLaC":
        return "flac"
    if head[:4] == b"OggS":
        return "ogg"
    if head[:3] == b"ID3" or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"
    return None
