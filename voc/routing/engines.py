"""The real signal computations for routing, built from the other stages of voc.

Each is loaded once (at app start); one that is not available yet is reported as missing and the
router skips that signal with the reason, rather than failing the request.
"""

from __future__ import annotations

import logging
import math
import re
import threading
from collections.abc import Callable

import numpy as np

from voc.asr.transcribe import Transcriber
from voc.config import Settings
from voc.errors import AudioTooLongError
from voc.routing.live import MAX_AUDIO_SECONDS, RouteEngines, TextAnalyzer
from voc.routing.signals import TextSignals
from voc.schemas import Prosody, Sentiment, SentimentLabel, Turn

log = logging.getLogger(__name__)

MIN_VOICED_S = 0.3
SILENCE_DBFS = -55.0


def decode_clip(data: bytes) -> tuple[np.ndarray, int]:
    """Any format the decoder takes, at most MAX_AUDIO_SECONDS, mixed down to one channel."""
    from voc.audio.decode import decode_audio

    try:
        audio = decode_audio(data, max_duration_s=MAX_AUDIO_SECONDS)
    except AudioTooLongError as err:
        raise AudioTooLongError(f"the audio is longer than the {MAX_AUDIO_SECONDS:g} s an IVR clip may last") from err
    samples = audio.samples.mean(axis=0) if audio.channels > 1 else audio.samples[0]
    return np.ascontiguousarray(samples, dtype=np.float32), audio.sample_rate


def measure_voice(samples: np.ndarray, sample_rate: int) -> Prosody:
    """The clip's raw prosody (pitch, loudness, rate), measured by the same code as recorded calls."""
    from voc.prosody.measure import score_prosody

    duration = len(samples) / sample_rate
    turn = Turn(index=0, speaker="customer", start=0.0, end=duration, text="")
    scored = score_prosody([turn], {"customer": samples}, sample_rate)
    prosody = scored[0].prosody if scored else None
    # The per-turn measure has no energy gate of its own: digital silence reads as 421 Hz at -200 dBFS.
    if (
        prosody is None
        or prosody.voiced_s < MIN_VOICED_S
        or prosody.loudness_dbfs is None
        or prosody.loudness_dbfs < SILENCE_DBFS
    ):
        raise ValueError("no voiced speech in the audio")
    return prosody


class ClipTranscriber:
    """Whisper on one short IVR clip, with a model of its own: sharing the analysis worker's model
    would queue a waiting caller behind a whole recording's decoding.

    Routing needs the words, not their times: decoding without word timestamps (and without the
    per-span speech finding a long recording needs) costs about two thirds of the CPU. With the
    default re-check, a clip whose bare words hold a near-miss of a vocabulary term in a banking
    sentence is decoded a second time with the hint, and that reading is the clip's (docs/asr.md,
    "IVR clips"); no word probabilities, so no corrections.
    """

    def __init__(self, get_transcriber: Callable[[], Transcriber]) -> None:
        self._get = get_transcriber

    def load(self) -> None:
        self._get()

    def __call__(self, samples: np.ndarray, sample_rate: int, language: str | None) -> str:
        transcriber = self._get()
        recheck = transcriber.settings.asr.bias == "recheck"
        text = self._decode(transcriber, samples, language, {} if recheck or not language else None)
        if recheck and language:
            hint = transcriber.hint_for_clip(text, language)
            if hint:  # the bare words hold a near-miss of a term in a banking sentence: a second look
                text = self._decode(transcriber, samples, language, hint)
        return text

    @staticmethod
    def _decode(
        transcriber: Transcriber, samples: np.ndarray, language: str | None, hint: dict[str, object] | None
    ) -> str:
        """`hint` None: the transcriber's own (hotwords or prompt settings)."""
        options = {
            "beam_size": transcriber.settings.route.beam_size,
            "word_timestamps": False,
            "without_timestamps": True,
            "condition_on_previous_text": False,
            **(transcriber.bias_options(language) if hint is None and language else hint or {}),
        }
        segments = transcriber.engine.decode(samples, language, options)
        return re.sub(r"\s+", " ", " ".join(s.text.strip() for s in segments)).strip()


def _own_transcriber(settings: Settings) -> Callable[[], Transcriber]:
    loaded: list[Transcriber] = []
    lock = threading.Lock()

    def get() -> Transcriber:
        with lock:
            if not loaded:
                loaded.append(Transcriber(settings))
            return loaded[0]

    return get


# Cues that make an utterance negative even without a negative word ("уйду к конкурентам").
_NEGATIVE_CUES = frozenset({"threat_to_leave", "complaint", "escalation_request", "profanity", "repeat_contact"})
LABEL_AT = 0.25


def lexical_text_analyzer() -> TextAnalyzer:
    """Sentiment from the text stage's polarity lexicon (with negation) and its cue patterns.

    About 0.2 ms of CPU per utterance, so it keeps up with an IVR's request rate on two cores,
    where the packaged embedding classifier (~110 ms of CPU per text) would not.
    """
    from voc.text.cues import cues_in_text
    from voc.text.lexicon import polarity
    from voc.text.normalize import clean_text

    polarity("проверка связи")  # loads the morphology dictionaries now, not for the first caller

    def analyze(text: str, language: str | None) -> TextSignals:
        cleaned = clean_text(text)
        cues = cues_in_text(cleaned)
        kinds = {c.kind for c in cues}
        raw = polarity(cleaned).score - len(kinds & _NEGATIVE_CUES) + (1 if "gratitude" in kinds else 0)
        score = round(math.tanh(raw / 1.5), 3)
        label: SentimentLabel = "negative" if score <= -LABEL_AT else "positive" if score >= LABEL_AT else "neutral"
        confidence = round(min(0.9, 0.4 + 0.15 * abs(raw)), 2)
        sentiment = Sentiment(label=label, score=score, confidence=confidence, backend="lexicon")
        return TextSignals(sentiment=sentiment, cues=tuple(cues))

    return analyze


def classifier_text_analyzer(settings: Settings) -> TextAnalyzer:
    """The text stage's sentiment classifier (settings.sentiment_backend), loaded now."""
    from voc.text.sentiment import load_sentiment_classifier, score_text

    classifier = load_sentiment_classifier(settings)

    def analyze(text: str, language: str | None) -> TextSignals:
        sentiment, cues = score_text(text, language, classifier)
        return TextSignals(sentiment=sentiment, cues=tuple(cues))

    return analyze


def load_text_analyzer(settings: Settings) -> TextAnalyzer:
    if settings.route.text_sentiment == "classifier":
        return classifier_text_analyzer(settings)
    return lexical_text_analyzer()


def warm_up_voice() -> None:
    """Compile (or load from librosa's cache) the pitch kernels before the first caller's audio."""
    from voc.prosody.measure import warm_up

    warm_up()


def load_engines(
    settings: Settings,
    *,
    transcription: bool = True,
) -> RouteEngines:
    """Everything available now; what is not is listed in `missing` with the reason."""
    engines = RouteEngines(decode=decode_clip, voice=measure_voice)
    try:
        engines.text = load_text_analyzer(settings)
        engines.text_is_fast = settings.route.text_sentiment == "lexicon"
    except ImportError as err:
        engines.missing["text"] = f"text sentiment engine not installed ({err})"
        log.warning("routing: %s", engines.missing["text"])
    if transcription:
        engines.transcribe = ClipTranscriber(_own_transcriber(settings))
    else:
        engines.missing["transcribe"] = "transcription disabled"
    return engines
