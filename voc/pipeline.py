"""The stage order of an analysis, as plain code.

Audio:  decode -> channels -> ASR (VAD, words) -> bleed removal -> turns -> call metrics -> prosody
        -> text stages
Text:   turns -> text stages
Text stages: sentiment -> cues -> emotion fusion -> call-level emotion -> entities -> tasks -> summary

Models are loaded once per `Analyzer` and reused across calls (the worker keeps one).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from voc.asr.transcribe import Transcriber, transcribe_streams
from voc.audio.bleed import remove_bleed
from voc.audio.channels import split_channels
from voc.audio.decode import decode_audio
from voc.call_metrics import measure_call
from voc.config import Settings, get_settings
from voc.diarize.separate import Separation, SeparationOptions, mark_turns, separate_speakers
from voc.prosody.measure import score_prosody
from voc.schemas import CallAnalysis, CallDateSource, ChannelInfo, Speaker
from voc.turns import build_turns

Progress = Callable[[str], None]


@dataclass(frozen=True)
class AnalyzeOptions:
    layout: tuple[Speaker, ...] = ("agent", "customer")
    language: str | None = None  # None: detect
    call_date: dt.date | None = None
    call_date_source: CallDateSource = "today"
    first_speaker: Speaker | None = None  # mono calls: who speaks first, from the telephony metadata


@dataclass
class StageClock:
    timings: dict[str, float] = field(default_factory=dict)
    progress: Progress | None = None

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        if self.progress:
            self.progress(name)
        began = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = round(self.timings.get(name, 0.0) + time.perf_counter() - began, 4)


class Analyzer:
    """Holds the loaded models; `analyze_recording` runs the whole audio pipeline."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        self._transcriber: Transcriber | None = None

    @property
    def transcriber(self) -> Transcriber:
        if self._transcriber is None:
            self._transcriber = Transcriber(self.settings)
        return self._transcriber

    def analyze_recording(
        self, source: Path | bytes, options: AnalyzeOptions, progress: Progress | None = None
    ) -> CallAnalysis:
        clock = StageClock(progress=progress)
        with clock.stage("decode"):
            audio = decode_audio(source, max_duration_s=self.settings.max_audio_seconds)
        with clock.stage("channels"):
            streams = split_channels(audio, options.layout)
        with clock.stage("asr"):
            transcripts = transcribe_streams(streams, self.transcriber, options.language)
        with clock.stage("bleed"):
            transcripts = remove_bleed(transcripts, streams)
        separation: Separation | None = None
        if len(streams) == 1 and streams[0].speaker == "unknown" and transcripts:
            with clock.stage("diarize"):
                separation = separate_speakers(
                    streams[0].samples, transcripts[0], SeparationOptions(first_speaker=options.first_speaker)
                )
                transcripts = separation.transcripts
        with clock.stage("turns"):
            turns = build_turns(transcripts)
            if separation:
                turns = mark_turns(turns, separation)
            metrics = measure_call(turns, audio.duration_s)
        with clock.stage("prosody"):
            samples_by_speaker: dict[str, np.ndarray] = {s.speaker: s.samples for s in streams}
            if separation:  # one mixed channel: each speaker's turns are cut from the same samples
                samples_by_speaker = {t.speaker: streams[0].samples for t in transcripts}
            turns = score_prosody(turns, samples_by_speaker, audio.sample_rate)

        language = transcripts[0].language if transcripts else (options.language or "ru")
        return CallAnalysis(
            duration_s=round(audio.duration_s, 3),
            language=language,
            language_probability=transcripts[0].language_probability if transcripts else None,
            channels=ChannelInfo(
                mode="stereo" if audio.channels > 1 else "mono",
                layout=[s.speaker for s in streams],
                source_sample_rate=audio.source_rate,
                codec=audio.codec,
                diarization=separation.method if separation else None,
            ),
            call_date=options.call_date or dt.date.today(),
            call_date_source=options.call_date_source if options.call_date else "today",
            turns=turns,
            metrics=metrics,
            warnings=separation.notices if separation else [],
            timings=clock.timings,
            models={"asr": self.transcriber.model_name},
        )
