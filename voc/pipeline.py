"""The stage order of an analysis, as plain code.

Audio:  decode -> channels -> ASR (VAD, words) -> bleed removal -> [mono: speaker separation]
        -> turns -> call metrics -> prosody
        -> text stages
Text:   turns -> text stages
Text stages: display text (numbers as digits) -> sentiment -> cues -> emotion fusion -> call-level emotion
             -> read the call's sentences once -> entities, tasks -> summary
             -> redaction (personal data masked everywhere)
Then, on the finished analysis: categories and the agent's scorecard (rules in a YAML file)
Audio redaction (called by whoever stores or writes the recording, once the spans are known):
        redacted spans -> a copy of the recording with them silenced

Models are loaded once per `Analyzer` and reused across calls (the worker keeps one). Everything a
call produces lives in local variables of one method call, so one `Analyzer` can run several
analyses at once (the embedded worker and `/v1/analyze` share it).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from voc.asr.transcribe import SpeechProgress, Transcriber, transcribe_streams
from voc.audio.bleed import remove_bleed
from voc.audio.channels import split_channels
from voc.audio.decode import decode_audio
from voc.audio.redact import RedactedRecording, redact_recording, spans_to_mute
from voc.call_date import resolve_call_date
from voc.call_metrics import measure_call
from voc.config import Settings, get_settings
from voc.diarize.separate import Separation, SeparationOptions, mark_turns, separate_speakers
from voc.emotion.call import assess_call_emotion
from voc.emotion.fusion import fuse_emotion
from voc.extract import entities_from, read_call, tasks_from
from voc.insights import DEFAULT_RULES_PATH, RuleFileError, RuleSet, apply_rules, load_rules
from voc.prosody.measure import score_prosody
from voc.redaction import redact_call
from voc.reloading import ReloadingFile
from voc.schemas import (
    CallAnalysis,
    ChannelInfo,
    ConversationIn,
    Turn,
)
from voc.stage_types import AnalyzeOptions, TextFindings
from voc.summary import Summarizer, load_summarizer, summarize_call
from voc.text.cues import find_cues
from voc.text.itn import add_display_text
from voc.text.language import detect_text_language
from voc.text.sentiment import SentimentClassifier, load_sentiment_classifier, score_sentiment
from voc.turns import build_turns

__all__ = ["AnalyzeOptions", "Analyzer", "Progress", "SpeechProgress", "StageClock", "TextFindings"]

Progress = Callable[[str], None]


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
        self._sentiment: SentimentClassifier | None = None
        self._summarizer: Summarizer | None = None
        self._rules: ReloadingFile[RuleSet] | None = None
        # Analyses on several threads share this Analyzer: each model is loaded by one of them.
        self._loading = threading.Lock()

    @property
    def transcriber(self) -> Transcriber:
        with self._loading:
            if self._transcriber is None:
                self._transcriber = Transcriber(self.settings)
            return self._transcriber

    @property
    def sentiment(self) -> SentimentClassifier:
        with self._loading:
            if self._sentiment is None:
                self._sentiment = load_sentiment_classifier(self.settings)
            return self._sentiment

    @property
    def summarizer(self) -> Summarizer:
        with self._loading:
            if self._summarizer is None:
                self._summarizer = load_summarizer(self.settings)
            return self._summarizer

    @property
    def rules(self) -> RuleSet:
        """The category and scorecard rules; an edited file is picked up within a second."""
        with self._loading:
            if self._rules is None:
                path = self.settings.insights.rules or DEFAULT_RULES_PATH
                self._rules = ReloadingFile(path, load_rules, lambda r: r.full_version, (RuleFileError,), "rules")
        return self._rules.current()

    def categorize(self, analysis: CallAnalysis, clock: StageClock) -> CallAnalysis:
        """Categories and the agent's scorecard from the finished analysis (its emotion, tasks, times)."""
        if not self.settings.insights.enabled:
            return analysis
        with clock.stage("categories"):
            found = apply_rules(analysis, self.rules)
        update = found.fields() | {"timings": dict(clock.timings)}
        done = analysis.model_copy(update=update)
        if analysis.unredacted is not None:  # the kept original is the same analysis, unmasked
            done.keep_unredacted(analysis.unredacted.model_copy(update=update))
        return done

    def text_stages(self, turns: list[Turn], language: str, call_date: dt.date, clock: StageClock) -> TextFindings:
        with clock.stage("display"):
            turns = add_display_text(turns, language)
        with clock.stage("sentiment"):
            turns = score_sentiment(turns, self.sentiment)
        with clock.stage("emotion"):
            turns = fuse_emotion(find_cues(turns, language))
            customer, agent = assess_call_emotion(turns)
        with clock.stage("extraction"):
            reading = read_call(turns, language, call_date)
            entities, warnings = entities_from(reading)
            tasks = tasks_from(reading)
        with clock.stage("summary"):
            summary = summarize_call(turns, tasks, customer, language, self.summarizer)
        found = TextFindings(turns, customer, agent, entities, tasks, summary, warnings)
        redaction = self.settings.redaction
        if not redaction.enabled:
            return found
        with clock.stage("redaction"):
            done = redact_call(found, language, redaction.types, redaction.names)
        if redaction.keep_original:
            done.unredacted = found
        return done

    def text_models(self) -> dict[str, str]:
        return {"sentiment": self.sentiment.name, "summary": self.summarizer.name}

    def analyze_recording(
        self,
        source: Path | bytes,
        options: AnalyzeOptions,
        progress: Progress | None = None,
        speech_progress: SpeechProgress | None = None,
    ) -> CallAnalysis:
        """`progress` is told each stage's name as it starts; `speech_progress` how far ASR is."""
        clock = StageClock(progress=progress)
        with clock.stage("decode"):
            audio = decode_audio(source, max_duration_s=self.settings.max_audio_seconds)
        with clock.stage("channels"):
            streams = split_channels(audio, options.layout)
        with clock.stage("asr"):
            transcripts = transcribe_streams(
                streams, self.transcriber, options.language, options.terms, progress=speech_progress
            )
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
            profile = (
                {"customer": {m: (c, s) for m, c, s in options.customer_voice}} if options.customer_voice else None
            )
            turns = score_prosody(turns, samples_by_speaker, audio.sample_rate, baselines=profile)

        language = transcripts[0].language if transcripts else (options.language or "ru")
        call_date, call_date_source = resolve_call_date(
            options.call_date, options.call_date_source, source if isinstance(source, Path) else None
        )
        found = self.text_stages(turns, language, call_date, clock)
        analysis = CallAnalysis(
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
            call_date=call_date,
            call_date_source=call_date_source,
            metrics=metrics,
            **found.fields(),
            warnings=(separation.notices if separation else []) + found.warnings,
            timings=clock.timings,
            models={"asr": self.transcriber.model_name, **self.text_models()},
        )
        return self.categorize(found.finish(analysis), clock)

    def redact_recording(
        self, source: Path | bytes, analysis: CallAnalysis, container: str | None = None
    ) -> RedactedRecording | None:
        """The audio redaction stage: a copy of the recording with each redacted span silenced, or
        None when the recording may stay as it came (redaction off, or nothing was masked). Its time
        is added to `analysis.timings` as `audio_redaction`."""
        redaction = self.settings.redaction
        if not (redaction.enabled and redaction.audio and analysis.redactions):
            return None
        clock = StageClock(timings=analysis.timings)
        with clock.stage("audio_redaction"):
            data = source if isinstance(source, bytes) else source.read_bytes()
            layout = analysis.channels.layout
            spans = spans_to_mute(analysis.redactions, analysis.turns, redaction.audio_pad_s, layout, data)
            return redact_recording(data, spans, redaction.audio_mask, container)

    def analyze_conversation(self, conversation: ConversationIn, options: AnalyzeOptions) -> CallAnalysis:
        """A text conversation (chat, e-mail, review) through the same text stages as a call."""
        clock = StageClock()
        turns = [
            Turn(index=i, speaker=t.speaker, start=t.start or 0.0, end=t.end or t.start or 0.0, text=t.text.strip())
            for i, t in enumerate(conversation.turns)
        ]
        language = conversation.language or options.language or detect_text_language(t.text for t in turns)
        call_date, call_date_source = resolve_call_date(
            conversation.call_date or options.call_date,
            "metadata" if conversation.call_date else options.call_date_source,
            None,
        )
        found = self.text_stages(turns, language, call_date, clock)
        analysis = CallAnalysis(
            duration_s=max((t.end for t in turns), default=0.0),
            language=language,
            channels=ChannelInfo(mode="text", layout=sorted({t.speaker for t in turns})),
            call_date=call_date,
            call_date_source=call_date_source,
            **found.fields(),
            warnings=found.warnings,
            timings=clock.timings,
            models=self.text_models(),
        )
        return self.categorize(found.finish(analysis), clock)
