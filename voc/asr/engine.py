"""The speech recogniser behind voc's ASR stage: one interface, two engines.

`faster-whisper` (default): CTranslate2, int8 on CPU, float16 on CUDA. `transformers`: Hugging
Face's Whisper on torch, which runs wherever torch does (CUDA 13 and Blackwell, where CTranslate2
finds no device; CPU; Apple). Chosen with VOC_ASR__ENGINE. Both take 16 kHz mono float32 audio
and give Whisper's segments with word times and probabilities, so VAD before and every stage
after ASR are the same whichever runs (docs/asr.md, "Engines").

Decoding options are faster-whisper's keyword names (`beam_size`, `word_timestamps`,
`without_timestamps`, `condition_on_previous_text`, `no_speech_threshold`,
`compression_ratio_threshold`, `log_prob_threshold`, `hallucination_silence_threshold`,
`hotwords`, `initial_prompt`, `temperature`, `max_new_tokens`); the transformers engine maps each
onto its own and ignores the one it has no counterpart for (`hallucination_silence_threshold`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np

from voc.config import Settings
from voc.schemas import Word

EngineName = Literal["faster-whisper", "transformers"]
DecodeOptions = Mapping[str, object]


@dataclass(frozen=True)
class EngineSegment:
    """One of Whisper's segments as an engine gives it: times in the decoded audio's time base,
    words empty when decoded without word timestamps."""

    start: float
    end: float
    text: str
    words: tuple[Word, ...]


class AsrEngine(Protocol):
    """What voc needs from a Whisper implementation."""

    name: EngineName
    device: str
    model_path: str

    def count_tokens(self, text: str) -> int:
        """Whisper text tokens in `text` (the decoder hint's budget is counted in these)."""
        ...

    def detect_language(self, audio: np.ndarray, segments: int) -> tuple[str, float]:
        """The most likely language over the first `segments` 30 s windows, and its probability."""
        ...

    def decode(
        self,
        audio: np.ndarray,
        language: str | None,
        options: DecodeOptions,
        on_decoded: Callable[[float], None] | None = None,
    ) -> list[EngineSegment]:
        """Whisper's segments over `audio`; `on_decoded` is told the seconds decoded as it goes."""
        ...

    def decode_batch(
        self, audios: Sequence[np.ndarray], languages: Sequence[str], options: DecodeOptions
    ) -> list[list[EngineSegment]]:
        """Several pieces of audio at once (a GPU's way to stay busy); one list of segments each."""
        ...


def pick_device(wanted: str, engine: EngineName) -> str:
    """`auto`: CUDA when the engine's own runtime sees a GPU, else CPU."""
    if wanted != "auto":
        return wanted
    if engine == "transformers":
        import torch

        return "cuda" if torch.cuda.is_available() else "cpu"
    import ctranslate2

    return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"


def load_asr_engine(settings: Settings) -> AsrEngine:
    """The engine VOC_ASR__ENGINE names, its model loaded (once per process: it is large)."""
    if settings.asr.engine == "transformers":
        from voc.asr.transformers_engine import TransformersWhisperEngine

        return TransformersWhisperEngine(settings)
    from voc.asr.faster_whisper_engine import FasterWhisperEngine

    return FasterWhisperEngine(settings)
