"""faster-whisper (CTranslate2) behind voc's ASR engine interface: the default engine."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from voc.asr.engine import DecodeOptions, EngineName, EngineSegment, pick_device
from voc.asr.model_files import resolve_asr_model
from voc.config import Settings
from voc.schemas import Word

DECODE_SEED = 1


class FasterWhisperEngine:
    name: EngineName = "faster-whisper"

    def __init__(self, settings: Settings) -> None:
        from faster_whisper import WhisperModel

        self.model_path = resolve_asr_model(settings)
        self.device = pick_device(settings.device, self.name)
        compute_type = settings.asr.compute_type
        if compute_type == "auto":
            compute_type = "float16" if self.device == "cuda" else "int8"
        self.compute_type = compute_type
        self.model = WhisperModel(
            self.model_path, device=self.device, compute_type=compute_type, cpu_threads=settings.asr.cpu_threads
        )

    def count_tokens(self, text: str) -> int:
        return len(self.model.hf_tokenizer.encode(" " + text, add_special_tokens=False).ids)

    def detect_language(self, audio: np.ndarray, segments: int) -> tuple[str, float]:
        language, probability, _ = self.model.detect_language(audio=audio, language_detection_segments=segments)
        return language, float(probability)

    def decode(
        self,
        audio: np.ndarray,
        language: str | None,
        options: DecodeOptions,
        on_decoded: Callable[[float], None] | None = None,
    ) -> list[EngineSegment]:
        import ctranslate2

        options = dict(options)
        # A window Whisper falls back on decodes again by sampling (temperature 0.2 and up); seeding
        # CTranslate2's sampler for each decoding makes the same audio give the same words every run.
        ctranslate2.set_random_seed(DECODE_SEED)
        segments, _ = self.model.transcribe(audio, language=language, vad_filter=False, **options)
        decoded = []
        for segment in segments:
            if on_decoded is not None:
                on_decoded(float(segment.end))
            decoded.append(
                EngineSegment(float(segment.start), float(segment.end), segment.text, _words(segment.words or []))
            )
        return decoded

    def decode_batch(
        self, audios: Sequence[np.ndarray], languages: Sequence[str], options: DecodeOptions
    ) -> list[list[EngineSegment]]:
        # CTranslate2 batches inside one long recording (faster-whisper's BatchedInferencePipeline,
        # with its own VAD), not across recordings: one after another here.
        return [self.decode(audio, language, options) for audio, language in zip(audios, languages, strict=True)]


def _words(words: Sequence[Any]) -> tuple[Word, ...]:
    return tuple(
        Word(word=w.word.strip(), start=float(w.start), end=float(w.end), probability=round(float(w.probability), 3))
        for w in words
        if w.word.strip()
    )
