"""faster-whisper transcription of each speaker stream, with VAD, word timestamps and guards.

Each stream's speech spans (voc.audio.speech) are cut out and joined end to end before
decoding: Whisper pads every window to 30 s, so decoding spans one by one would pay that
padding per short utterance. Word times are mapped back to the recording's time base.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np

from voc.asr.correct import DomainLexicon, correct_domain_words
from voc.asr.engine import AsrEngine, EngineSegment, load_asr_engine
from voc.asr.recheck import DecodedSegment, merge_hinted, plan_recheck, recheck_windows, text_calls_for_hint
from voc.asr.task_words import (
    TaskLexicon,
    correct_day_prepositions,
    correct_end_gerunds,
    correct_months_after_days,
    correct_promise_verbs,
    correct_relative_days,
    join_split_end_verbs,
    join_split_ordinals,
    join_split_reflexive_end_verbs,
    merge_task_words,
    plan_task_recheck,
    restore_month_onsets,
    restore_policy_nouns,
    split_glued_before,
    split_glued_months,
    split_glued_product_nouns,
    write_product_names,
)
from voc.asr.vocabulary import Vocabulary, hint_list, load_vocabulary
from voc.audio.speech import FRAME, RATE, SpeechSpan, find_speech, frame_levels_db, sounding_frames
from voc.config import Settings
from voc.schemas import Word
from voc.stage_types import DEFAULT_LANGUAGE, SpeakerStream, StreamTranscript

log = logging.getLogger(__name__)

# Whisper's decoder holds 448 tokens, the hint (VOC_ASR__HINT_TOKENS, at most 220) included.
# Whisper left this much of a stream's joined speech unheard at its end: decode that part again
SKIPPED_SPEECH_S = 2.0
MAX_SKIPPED_RETRIES = 2
# A stretch between two words heard is decoded again on its own when it is this long and this much of it
# sounds: a 23 s dictation of recorded digits between two sentences came back as nothing from the joined
# stream and digit by digit on its own. Words heard within EDGE_S of the stretch's ends are the
# neighbours' tails, not new words.
MIN_UNHEARD_SOUND_S = 1.0
UNHEARD_EDGE_S = 0.25
MAX_SECOND_LOOK_TOKENS = 200
# The second look never writes the same 6 tokens twice: a hint can send Whisper into writing its list
# over and over ("ипотека, ипотека, ...", "СБППППП") up to the token cap. Six tokens hold a term and
# its comma, so a term said twice in the window is still written twice.
SECOND_LOOK_NO_REPEAT = 6

# Told the seconds of speech decoded so far and the seconds of speech in the call.
SpeechProgress = Callable[[float, float], None]

# Language is detected on up to this much speech, taken from all streams in turn: the first
# 30 s of a call is often one greeting from one side.
LANGUAGE_SAMPLE_S = 60.0
LANGUAGE_DETECTION_SEGMENTS = 2

# An n-gram repeated back to back this many times is a decoding loop, not speech; the first
# KEPT_REPEATS copies stay ("да, да" and "алло, алло" are real).
LOOP_REPEATS = 4
KEPT_REPEATS = 2
MAX_LOOP_NGRAM = 6

# Whisper's well-known inventions on noise and silence (film subtitles in its training data).
_HALLUCINATED = re.compile(
    r"субтитр|продолжение следует|dimatorzok|редактор субтитров|thanks? for watching|"
    r"подписывайтесь на канал|спасибо за просмотр",
    re.IGNORECASE,
)


class Transcriber:
    """Holds one loaded ASR engine (voc.asr.engine); load it once per process and reuse it."""

    def __init__(self, settings: Settings, engine: AsrEngine | None = None) -> None:
        self.settings = settings
        self.model_name = settings.resolved_asr_model
        self.engine = engine or load_asr_engine(settings)
        self.model_path = self.engine.model_path
        self.device = self.engine.device
        self.compute_type = str(getattr(self.engine, "compute_type", "auto"))
        self.vocabulary: Vocabulary | None = load_vocabulary(settings.asr.vocabulary)
        self._lexicons: dict[tuple[str, tuple[str, ...]], DomainLexicon] = {}
        self._task_lexicons: dict[str, TaskLexicon | None] = {}

    @property
    def model(self) -> Any:
        """faster-whisper's WhisperModel, for the benchmarks' bare runs (faster-whisper engine only)."""
        model = getattr(self.engine, "model", None)
        if self.engine.name != "faster-whisper" or model is None:
            raise TypeError(f"the {self.engine.name} engine has no faster-whisper model")
        return model

    def decoding_options(self) -> dict[str, object]:
        """The faster-whisper settings voc decodes with (the benchmark gives bare runs the same)."""
        return {
            "beam_size": self.settings.asr.beam_size,
            "word_timestamps": True,
            "condition_on_previous_text": False,
            "hallucination_silence_threshold": 2.0,
            "no_speech_threshold": 0.6,
            "compression_ratio_threshold": 2.4,
            "log_prob_threshold": -1.0,
        }

    def bias_options(self, language: str, terms: Sequence[str] = ()) -> dict[str, object]:
        """The decoder hint from the vocabulary and this call's own `terms` (empty when off)."""
        bias = self.settings.asr.bias
        if bias == "off" or (self.vocabulary is None and not terms):
            return {}
        budget = self.settings.asr.hint_tokens
        hint = (self.vocabulary or Vocabulary()).hotwords(
            language, terms, fits=lambda text: self.engine.count_tokens(text) <= budget
        )
        if not hint:
            return {}
        return {"initial_prompt": hint} if bias == "prompt" else {"hotwords": hint}

    def hint_for_clip(self, bare_text: str, language: str) -> dict[str, object]:
        """The hint to decode an IVR clip a second time with, or {} when its bare text (no word
        probabilities) holds no near-miss of a term in a banking sentence (voc.asr.recheck)."""
        hint = self.bias_options(language)
        lexicon = self.domain_lexicon(language)
        return hint if hint and lexicon and text_calls_for_hint(bare_text, lexicon) else {}

    def lexicon(self, language: str, terms: Sequence[str] = ()) -> DomainLexicon | None:
        """The correction targets for this language and call (None when corrections are off)."""
        return self.domain_lexicon(language, terms) if self.settings.asr.correct_terms else None

    def domain_lexicon(self, language: str, terms: Sequence[str] = ()) -> DomainLexicon | None:
        """The vocabulary prepared for this language and call, built once per distinct term list."""
        if self.vocabulary is None and not terms:
            return None
        key = (language, tuple(terms))
        if key not in self._lexicons:
            if len(self._lexicons) > 256:
                self._lexicons.clear()
            self._lexicons[key] = DomainLexicon.build(self.vocabulary or Vocabulary(), language, terms)
        return self._lexicons[key]

    def detect_language(self, speech: np.ndarray) -> tuple[str, float]:
        if not len(speech):
            return DEFAULT_LANGUAGE, 0.0
        return self.engine.detect_language(speech, LANGUAGE_DETECTION_SEGMENTS)

    def transcribe_spans(
        self,
        samples: np.ndarray,
        spans: Sequence[SpeechSpan],
        language: str,
        terms: Sequence[str] = (),
        on_decoded: Callable[[float], None] | None = None,
    ) -> list[Word]:
        """Decode the joined `spans` of `samples`; word times come back in `samples`' time base.

        `terms`: this call's own domain terms (the customer's products), ahead of the vocabulary.
        `on_decoded`: told how many seconds of the joined speech are decoded, as Whisper goes.
        """
        if not spans:
            return []
        joined = _joined(samples, spans)
        hint = self._stream_hint(language, terms)
        segments = self._decode(joined, language, hint, on_decoded)
        segments = self._with_skipped_speech(joined, language, hint, segments)
        return self._finish(samples, spans, joined, segments, language, terms)

    def transcribe_many(
        self, streams: Sequence[tuple[np.ndarray, Sequence[SpeechSpan], str]], terms: Sequence[str] = ()
    ) -> list[list[Word]]:
        """Several streams (samples, speech spans, language), e.g. both channels of several calls,
        decoded VOC_ASR__BATCH_SIZE at a time through the engine: what keeps a GPU busy. Each
        stream's words are what `transcribe_spans` gives it (the re-check, when on, runs per stream)."""
        results: list[list[Word]] = [[] for _ in streams]
        groups: dict[str, list[int]] = {}  # streams decoded with the same hint can share a batch
        for index, (_, spans, language) in enumerate(streams):
            if spans:
                groups.setdefault(repr(sorted(self._stream_hint(language, terms).items())), []).append(index)
        size = self.settings.asr.batch_size
        for members in groups.values():
            options = {**self.decoding_options(), **self._stream_hint(streams[members[0]][2], terms)}
            for first in range(0, len(members), size):
                chunk = members[first : first + size]
                joined = [_joined(streams[i][0], streams[i][1]) for i in chunk]
                decoded = self.engine.decode_batch(joined, [streams[i][2] for i in chunk], options)
                for index, audio, segments in zip(chunk, joined, decoded, strict=True):
                    samples, spans, language = streams[index]
                    hint = self._stream_hint(language, terms)
                    kept = self._with_skipped_speech(audio, language, hint, kept_segments(segments))
                    results[index] = self._finish(samples, spans, audio, kept, language, terms)
        return results

    def _with_skipped_speech(
        self, joined: np.ndarray, language: str, hint: Mapping[str, object], segments: list[DecodedSegment]
    ) -> list[DecodedSegment]:
        """`segments` with what Whisper skipped of the joined speech decoded again, in time order."""
        segments = segments + self._skipped_end(joined, language, hint, segments)
        inner = self._skipped_inside(joined, language, hint, segments)
        return sorted(segments + inner, key=lambda segment: segment.start) if inner else segments

    def _skipped_end(
        self, joined: np.ndarray, language: str, hint: Mapping[str, object], segments: Sequence[DecodedSegment]
    ) -> list[DecodedSegment]:
        """Whisper can end its text early and skip the rest of a 30 s window: a stream's speech joined
        without pauses ("Хочу продлить абонемент ..." then a card dictated in recorded digits) came back
        as its first sentence alone. What it left unheard at the end is decoded again from the last word
        heard, until the end is reached or nothing more is heard."""
        found: list[DecodedSegment] = []
        heard_to = max((w.end for s in segments for w in s.words), default=0.0)
        for _ in range(MAX_SKIPPED_RETRIES):
            if heard_to <= 0.0 or len(joined) / RATE - heard_to < SKIPPED_SPEECH_S:
                break
            rest = self._decode(joined[int(heard_to * RATE) :], language, hint)
            if not rest:
                break
            found += [_shifted(segment, heard_to) for segment in rest]
            heard_to = max(w.end for s in found for w in s.words)
        return found

    def _skipped_inside(
        self, joined: np.ndarray, language: str, hint: Mapping[str, object], segments: Sequence[DecodedSegment]
    ) -> list[DecodedSegment]:
        """Whisper can also jump over speech between two words it heard (a window's text ended early
        and the next window began past the rest). The sounding stretches it skipped are decoded again,
        all in one pass; the words heard in them come back as segments of their own."""
        holes = unheard_stretches(joined, [(w.start, w.end) for s in segments for w in s.words])
        if not holes:
            return []
        timeline = _Timeline(holes)
        audio = np.concatenate([joined[hole.start : hole.end] for hole in holes])
        found: list[DecodedSegment] = []
        for segment in self._decode(audio, language, hint):
            words = []
            for word in segment.words:
                index = timeline.index_of(word.start, word.end)
                start, end = timeline.to_recording(word.start, word.end)
                hole = holes[index]
                if start - hole.start / RATE >= UNHEARD_EDGE_S and hole.end / RATE - end >= UNHEARD_EDGE_S:
                    words.append(_moved(word, start, end))
            if words:
                found.append(DecodedSegment(words[0].start, words[-1].end, tuple(words)))
        return found

    def _stream_hint(self, language: str, terms: Sequence[str]) -> dict[str, object]:
        """The hint a whole stream is decoded with: none with the re-check (it hints segments later)."""
        return {} if self.settings.asr.bias == "recheck" else self.bias_options(language, terms)

    def _finish(
        self,
        samples: np.ndarray,
        spans: Sequence[SpeechSpan],
        joined: np.ndarray,
        segments: list[DecodedSegment],
        language: str,
        terms: Sequence[str],
    ) -> list[Word]:
        """From a stream's decoded segments to its words: second look, recording times, guards,
        corrections."""
        if self.settings.asr.bias == "recheck":
            segments = self._recheck(joined, segments, language, terms)
            if self.settings.asr.task_words:
                segments = self._recheck_task_words(joined, segments, language)
        timeline = _Timeline(spans)
        words = [_moved(word, *timeline.to_recording(word.start, word.end)) for s in segments for word in s.words]
        words = drop_repetition_loops(tighten_to_sound(words, samples))
        hint = self._stream_hint(language, terms)
        if hint:
            words = drop_hint_echoes(words, _hint_terms(hint))
        lexicon = self.lexicon(language, terms)
        words = correct_domain_words(words, lexicon) if lexicon else words
        task_lexicon = self.task_lexicon(language) if self.settings.asr.task_words else None
        if task_lexicon:
            words = write_product_names(restore_policy_nouns(split_glued_product_nouns(words)), terms)
            words = join_split_reflexive_end_verbs(join_split_end_verbs(words), task_lexicon)
            words = correct_relative_days(split_glued_before(words), task_lexicon)
            words = correct_day_prepositions(join_split_ordinals(words, task_lexicon))
            words = restore_month_onsets(split_glued_months(words), task_lexicon)
            words = correct_promise_verbs(correct_months_after_days(words, task_lexicon), task_lexicon)
            # a promise verb found above can be the cue a relative day needed ("внесу до конца месяца")
            words = correct_end_gerunds(correct_relative_days(words, task_lexicon), task_lexicon)
        return words

    def _second_look_limits(self, bare_text: str, seconds: float) -> dict[str, object]:
        """The second look decodes once, at temperature 0, and writes at most half as much again as
        the bare words (per 30 s window). A hint can send Whisper into writing its list over and over
        ("ипотека, ипотека, ..."), and each fallback to a higher temperature then decodes to the end of
        the window again: on a dev call 136 s for 14.5 s of audio, against 10 s for the bare decoding
        of 19 s; 29 s with these limits, 49 s with the cap alone. A second look gone wrong is simply
        not taken."""
        tokens = self.engine.count_tokens(bare_text)
        per_window = tokens * min(1.0, 30.0 / max(seconds, 1.0))
        return {
            "temperature": 0.0,
            "max_new_tokens": min(MAX_SECOND_LOOK_TOKENS, int(per_window * 1.5) + 16),
            # only the terms of the second look are kept, so a repeat there is never worth its tokens
            "no_repeat_ngram_size": SECOND_LOOK_NO_REPEAT,
        }

    def _decode(
        self,
        audio: np.ndarray,
        language: str,
        options: Mapping[str, object] | None = None,
        on_decoded: Callable[[float], None] | None = None,
    ) -> list[DecodedSegment]:
        """Whisper's segments and words over `audio`, times in `audio`'s own time base; `options`
        (a hint, limits) go over the decoding options; `on_decoded` is told the progress."""
        segments = self.engine.decode(audio, language, {**self.decoding_options(), **(options or {})}, on_decoded)
        return kept_segments(segments)

    def _second_look(
        self,
        joined: np.ndarray,
        segments: Sequence[DecodedSegment],
        chosen: Sequence[int],
        language: str,
        hint: Mapping[str, object],
    ) -> list[list[Word]]:
        """Decode the `chosen` segments again, all in one pass, with `hint` over the decoding options;
        the words heard in each, in recording time, in the order of `chosen`."""
        windows = recheck_windows(segments, chosen, len(joined) / RATE)
        pieces = [SpeechSpan(int(start * RATE), int(end * RATE)) for start, end in windows]
        audio = np.concatenate([joined[p.start : p.end] for p in pieces])
        bare_text = " ".join(w.word for index in chosen for w in segments[index].words)
        limits = self._second_look_limits(bare_text, len(audio) / RATE)
        hinted = self._decode(audio, language, {**hint, **limits})
        timeline = _Timeline(pieces)
        by_piece: list[list[Word]] = [[] for _ in pieces]
        for segment in hinted:
            for word in segment.words:
                by_piece[timeline.index_of(word.start, word.end)].append(
                    _moved(word, *timeline.to_recording(word.start, word.end))
                )
        return by_piece

    def _recheck(
        self, joined: np.ndarray, segments: list[DecodedSegment], language: str, terms: Sequence[str]
    ) -> list[DecodedSegment]:
        """Re-decode with the hint only the segments that hold a doubtful near-miss of a term
        (voc.asr.recheck), all in one pass; take the hinted words where they found a term."""
        lexicon = self.domain_lexicon(language, terms)
        plan = plan_recheck(segments, lexicon) if lexicon else None
        hint = self.bias_options(language, [*terms, *plan.likely_terms]) if plan else {}
        if not lexicon or not plan or not plan.segments or not hint:
            return segments
        chosen = plan.segments
        by_piece = self._second_look(joined, segments, chosen, language, hint)
        rechecked = list(segments)
        for index, words in zip(chosen, by_piece, strict=True):
            bare = segments[index].words
            merged = tuple(merge_hinted(bare, drop_hint_echoes(words, _hint_terms(hint)), lexicon))
            rechecked[index] = DecodedSegment(segments[index].start, segments[index].end, merged)
            log.debug("recheck: %r -> %r", " ".join(w.word for w in bare), " ".join(w.word for w in words))
            log.debug("   kept: %r", " ".join(f"{w.word}<{w.heard}>" if w.heard else w.word for w in merged))
        return rechecked

    def task_lexicon(self, language: str) -> TaskLexicon | None:
        """The vocabulary's `task_words` for this language (None when it has none)."""
        if language not in self._task_lexicons:
            self._task_lexicons[language] = TaskLexicon.build(self.vocabulary, language) if self.vocabulary else None
        return self._task_lexicons[language]

    def _recheck_task_words(
        self, joined: np.ndarray, segments: list[DecodedSegment], language: str
    ) -> list[DecodedSegment]:
        """Re-decode, with the task words they sound like as the hint, the segments holding a doubtful
        near-miss of a date or a promise verb (voc.asr.task_words); take only those words from it."""
        lexicon = self.task_lexicon(language)
        plan = plan_task_recheck([s.words for s in segments], lexicon) if lexicon else None
        if not lexicon or not plan or not plan.segments:
            return segments
        budget = self.settings.asr.hint_tokens
        hint = hint_list(plan.likely_words, lambda text: self.engine.count_tokens(text) <= budget)
        chosen = plan.segments
        by_piece = self._second_look(joined, segments, chosen, language, {"hotwords": hint})
        rechecked = list(segments)
        for index, words in zip(chosen, by_piece, strict=True):
            bare = segments[index].words
            merged = tuple(merge_task_words(bare, words, lexicon))
            rechecked[index] = DecodedSegment(segments[index].start, segments[index].end, merged)
            log.debug(
                "task recheck [%s]: %r -> %r", hint, " ".join(w.word for w in bare), " ".join(w.word for w in words)
            )
            log.debug(
                "   kept: %r", " ".join(f"{w.word}<{w.heard}>" if w.heard is not None else w.word for w in merged)
            )
        return rechecked

    def transcribe(
        self, samples: np.ndarray, language: str | None, terms: Sequence[str] = ()
    ) -> tuple[list[Word], str, float | None]:
        """One stream on its own: find speech, detect the language if not given, decode."""
        spans = find_speech(samples)
        probability: float | None = None
        if language is None:
            language, probability = self.detect_language(_speech_sample([(samples, spans)]))
        return self.transcribe_spans(samples, spans, language, terms), language, probability


def kept_segments(segments: Sequence[EngineSegment]) -> list[DecodedSegment]:
    """The engine's segments less Whisper's known subtitle inventions and wordless ones."""
    return [
        DecodedSegment(segment.start, segment.end, segment.words)
        for segment in segments
        if segment.words and not _HALLUCINATED.search(segment.text)
    ]


def unheard_stretches(joined: np.ndarray, heard: Sequence[tuple[float, float]]) -> list[SpeechSpan]:
    """The stretches between words `heard` (start, end seconds) of at least SKIPPED_SPEECH_S in which at
    least MIN_UNHEARD_SOUND_S sounds; the stretch after the last word is the end retry's."""
    sounding: np.ndarray | None = None  # measured only when a gap is long enough: most streams have none
    stretches: list[SpeechSpan] = []
    heard_to = 0.0
    for start, end in sorted(heard):
        if start - heard_to >= SKIPPED_SPEECH_S:
            if sounding is None:
                sounding = sounding_frames(frame_levels_db(joined))
            frames = sounding[int(heard_to * RATE) // FRAME : int(start * RATE) // FRAME]
            if frames.sum() * FRAME / RATE >= MIN_UNHEARD_SOUND_S:
                stretches.append(SpeechSpan(int(heard_to * RATE), int(start * RATE)))
        heard_to = max(heard_to, end)
    return stretches


def _shifted(segment: DecodedSegment, by: float) -> DecodedSegment:
    words = tuple(_moved(w, w.start + by, w.end + by) for w in segment.words)
    return DecodedSegment(segment.start + by, segment.end + by, words)


def _joined(samples: np.ndarray, spans: Sequence[SpeechSpan]) -> np.ndarray:
    return np.concatenate([samples[span.start : span.end] for span in spans])


class _Timeline:
    """Maps times in the joined speech back to the recording (each word by the span it starts in)."""

    def __init__(self, spans: Sequence[SpeechSpan]) -> None:
        lengths = np.array([span.end - span.start for span in spans]) / RATE
        self.joined_starts = np.concatenate([[0.0], np.cumsum(lengths)[:-1]])
        self.joined_ends = self.joined_starts + lengths
        self.recording_starts = np.array([span.start for span in spans]) / RATE

    def index_of(self, start: float, end: float) -> int:
        """The span a word from `start` to `end` (joined time) belongs to."""
        middle = (start + end) / 2
        return int(np.clip(np.searchsorted(self.joined_ends, middle), 0, len(self.joined_ends) - 1))

    def to_recording(self, start: float, end: float) -> tuple[float, float]:
        index = self.index_of(start, end)
        low, high = self.joined_starts[index], self.joined_ends[index]
        shift = self.recording_starts[index] - low
        start = float(np.clip(start, low, high)) + shift
        end = float(np.clip(end, low, high)) + shift
        return round(start, 3), round(max(start, end), 3)


def _moved(word: Word, start: float, end: float) -> Word:
    return word.model_copy(update={"start": start, "end": end})


def _hint_terms(hint: Mapping[str, object]) -> list[str]:
    return str(next(iter(hint.values()))).split(", ")


def tighten_to_sound(words: Sequence[Word], samples: np.ndarray) -> list[Word]:
    """Move word edges that Whisper put in silence (often the padding before a span) onto sound.

    Whisper tends to start the first word of a chunk at the chunk's start; the turn boundaries
    and silence metrics built on word times should not inherit that padding.
    """
    sounding = sounding_frames(frame_levels_db(samples))
    tightened = []
    for word in words:
        first, last = int(word.start * RATE) // FRAME, int(np.ceil(word.end * RATE / FRAME))
        inside = np.flatnonzero(sounding[first:last])
        if len(inside) == 0:
            tightened.append(word)
            continue
        start = max(word.start, (first + inside[0]) * FRAME / RATE)
        end = min(word.end, (first + inside[-1] + 1) * FRAME / RATE)
        tightened.append(word.model_copy(update={"start": round(start, 3), "end": round(max(start, end), 3)}))
    return tightened


def _speech_sample(streams: Sequence[tuple[np.ndarray, Sequence[SpeechSpan]]]) -> np.ndarray:
    """Up to LANGUAGE_SAMPLE_S of speech, taking the streams' spans in turn."""
    queues = [list(spans) for _, spans in streams]
    pieces: list[np.ndarray] = []
    total = 0
    limit = int(LANGUAGE_SAMPLE_S * RATE)
    while total < limit and any(queues):
        for (samples, _), queue in zip(streams, queues, strict=True):
            if queue and total < limit:
                span = queue.pop(0)
                piece = samples[span.start : min(span.end, span.start + limit - total)]
                pieces.append(piece)
                total += len(piece)
    return np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)


def _normal(text: str) -> str:
    return re.sub(r"[^\w]+", "", text.lower())


def drop_repetition_loops(words: Sequence[Word]) -> list[Word]:
    """Cut runs of an n-gram repeated LOOP_REPEATS+ times back to back down to KEPT_REPEATS copies."""
    keys = [_normal(word.word) for word in words]
    keep = [True] * len(words)
    position = 0
    while position < len(words):
        run = _longest_loop_at(keys, position)
        if run is None:
            position += 1
            continue
        size, repeats = run
        for index in range(position + size * KEPT_REPEATS, position + size * repeats):
            keep[index] = False
        position += size * repeats
    return [word for word, kept in zip(words, keep, strict=True) if kept]


def drop_hint_echoes(words: Sequence[Word], hint_terms: Sequence[str]) -> list[Word]:
    """Drop a hint term Whisper wrote twice or more back to back ("дебетовая карта, дебетовая карта").

    With a decoder hint, Whisper base sometimes fills a pause between joined speech spans by
    repeating one of the hint's terms; nobody says a product name twice in a row.
    """
    keys = [_normal(word.word) for word in words]
    grams = {tuple(_normal(w) for w in term.split()) for term in hint_terms if term.strip()}
    keep = [True] * len(words)
    position = 0
    while position < len(words):
        for gram in grams:
            size = len(gram)
            repeats = 0
            while tuple(keys[position + repeats * size : position + (repeats + 1) * size]) == gram:
                repeats += 1
            if repeats >= 2:
                for index in range(position, position + repeats * size):
                    keep[index] = False
                position += repeats * size - 1
                break
        position += 1
    return [word for word, kept in zip(words, keep, strict=True) if kept]


def _longest_loop_at(keys: Sequence[str], position: int) -> tuple[int, int] | None:
    for size in range(1, MAX_LOOP_NGRAM + 1):
        gram = keys[position : position + size]
        if len(gram) < size or not all(gram):
            return None
        repeats = 1
        while keys[position + repeats * size : position + (repeats + 1) * size] == gram:
            repeats += 1
        if repeats >= LOOP_REPEATS:
            return size, repeats
    return None


@dataclass(frozen=True)
class CallSpeech:
    """A call's speaker streams with the speech found in each, and the language they share."""

    streams: Sequence[SpeakerStream]
    spans: Mapping[int, Sequence[SpeechSpan]]
    language: str
    probability: float | None

    def seconds(self, channel: int) -> float:
        return sum(span.end - span.start for span in self.spans[channel]) / RATE


def find_call_speech(streams: Sequence[SpeakerStream], transcriber: Transcriber, language: str | None) -> CallSpeech:
    """Each stream's speech (the other streams' bleed kept out), and the call's language, forced or
    detected once on speech from all streams."""
    others = {s.channel: [o.samples for o in streams if o.channel != s.channel] for s in streams}
    spans = {s.channel: find_speech(s.samples, others[s.channel]) for s in streams}
    probability: float | None = None
    if language is None:
        language, probability = transcriber.detect_language(
            _speech_sample([(s.samples, spans[s.channel]) for s in streams])
        )
    return CallSpeech(streams, spans, language, probability)


def transcribe_streams(
    streams: Sequence[SpeakerStream],
    transcriber: Transcriber,
    language: str | None,
    terms: Sequence[str] = (),
    progress: SpeechProgress | None = None,
) -> list[StreamTranscript]:
    """Transcribe each speaker stream; all streams share one language, forced or detected.

    `terms`: the call's own domain terms (e.g. the customer's products), added to the vocabulary.
    `progress`: told the seconds of speech decoded so far and in all, after each Whisper segment
    (decoding time follows the speech found, not the recording's length). With
    VOC_ASR__BATCH_SIZE above 1 the streams are decoded together, and progress is told at the
    start and the end.
    """
    call = find_call_speech(streams, transcriber, language)
    total_s = sum(call.seconds(s.channel) for s in streams)
    if transcriber.settings.asr.batch_size > 1 and len(streams) > 1:
        if progress is not None:
            progress(0.0, total_s)
        [batched] = transcribe_calls_speech([call], transcriber, terms)
        if progress is not None:
            progress(total_s, total_s)
        return batched
    transcripts: list[StreamTranscript] = []
    done_s = 0.0
    for stream in streams:
        on_decoded = None
        stream_s = call.seconds(stream.channel)
        if progress is not None:
            progress(done_s, total_s)
            on_decoded = partial(_report_speech, progress, done_s, stream_s, total_s)
        spans = call.spans[stream.channel]
        words = transcriber.transcribe_spans(stream.samples, spans, call.language, terms, on_decoded)
        transcripts.append(_stream_transcript(call, stream, words))
        done_s += stream_s
    if progress is not None:
        progress(total_s, total_s)
    return transcripts


def transcribe_calls(
    calls: Sequence[Sequence[SpeakerStream]],
    transcriber: Transcriber,
    language: str | None,
    terms: Sequence[str] = (),
) -> list[list[StreamTranscript]]:
    """Several calls at once: each call's speech and language found on its own, then every stream
    of every call decoded in batches of VOC_ASR__BATCH_SIZE (a GPU worker's way to stay busy)."""
    return transcribe_calls_speech([find_call_speech(s, transcriber, language) for s in calls], transcriber, terms)


def transcribe_calls_speech(
    calls: Sequence[CallSpeech], transcriber: Transcriber, terms: Sequence[str] = ()
) -> list[list[StreamTranscript]]:
    flat = [(call, stream) for call in calls for stream in call.streams]
    words = transcriber.transcribe_many(
        [(stream.samples, call.spans[stream.channel], call.language) for call, stream in flat], terms
    )
    by_call: dict[int, list[StreamTranscript]] = {id(call): [] for call in calls}
    for (call, stream), stream_words in zip(flat, words, strict=True):
        by_call[id(call)].append(_stream_transcript(call, stream, stream_words))
    return [by_call[id(call)] for call in calls]


def _stream_transcript(call: CallSpeech, stream: SpeakerStream, words: list[Word]) -> StreamTranscript:
    return StreamTranscript(
        speaker=stream.speaker, words=words, language=call.language, language_probability=call.probability
    )


def _report_speech(progress: SpeechProgress, before_s: float, stream_s: float, total_s: float, at_s: float) -> None:
    progress(before_s + min(at_s, stream_s), total_s)


def words_text(words: Iterable[Word]) -> str:
    return " ".join(word.word for word in words)
