from __future__ import annotations

from voc.routing.signals import (
    POPULATION_BASELINE,
    TextSignals,
    baseline_from_profile,
    estimate_emotion,
    prosody_z,
)
from voc.schemas import Cue, CueKind, Prosody, Sentiment, SentimentLabel


def test_customer_baseline_is_used_where_the_profile_has_one() -> None:
    baseline = baseline_from_profile(
        {"pitch_median_hz": {"median": 220.0, "mad": 2.0}, "loudness_dbfs": {"center": -20, "scale": 4}}
    )
    assert baseline.source == "customer"
    two_semitones_up = 220.0 * 2 ** (2 / 12)
    z = prosody_z(Prosody(pitch_median_hz=two_semitones_up, loudness_dbfs=-12.0, speech_rate_sps=4.5), baseline)
    # Pitch and loudness against this customer's own norms; rate falls back to the population's.
    assert z == {"pitch": 1.0, "loudness": 2.0, "rate": 0.0}


def test_a_high_voiced_customer_is_not_agitated_against_their_own_baseline() -> None:
    voice = Prosody(pitch_median_hz=250.0)
    own = baseline_from_profile({"pitch": {"median": 26.0, "mad": 1.5}})  # semitones re 55 Hz: 246 Hz
    assert prosody_z(voice, own)["pitch"] == 0.14
    assert prosody_z(voice, POPULATION_BASELINE)["pitch"] == 1.8


def test_a_tiny_spread_is_floored() -> None:
    steady = baseline_from_profile({"loudness": {"median": -20.0, "mad": 0.1}})
    assert prosody_z(Prosody(loudness_dbfs=-19.0), steady) == {"loudness": 0.5}


def test_missing_or_malformed_baseline_falls_back_to_population() -> None:
    assert baseline_from_profile(None) is POPULATION_BASELINE
    assert baseline_from_profile({}) is POPULATION_BASELINE
    assert baseline_from_profile({"pitch": {"median": 200, "mad": 0}}) is POPULATION_BASELINE
    assert baseline_from_profile({"pitch": "high"}) is POPULATION_BASELINE


def test_measures_that_were_not_measured_are_left_out() -> None:
    assert prosody_z(Prosody(), POPULATION_BASELINE) == {}


def _text(label: SentimentLabel, score: float, *cues: CueKind) -> TextSignals:
    sentiment = Sentiment(label=label, score=score, confidence=0.9, backend="test")
    return TextSignals(sentiment=sentiment, cues=tuple(Cue(kind=k, text=k) for k in cues))


def test_negative_words_in_a_raised_voice_are_angry_in_a_calm_voice_only_negative() -> None:
    # Irritation and anger are aroused states (voc.emotion.fusion.CALM_VOICE): the calm caller's
    # words still read negative (valence), the label stays neutral.
    text = _text("negative", -0.7)
    raised = estimate_emotion("это ужасно", text, {"pitch": 2.0, "loudness": 2.5, "rate": 1.5})
    calm = estimate_emotion("это ужасно", text, {"pitch": 0.1, "loudness": -0.2, "rate": 0.0})
    assert (raised.label, calm.label) == ("angry", "neutral")
    assert raised.arousal > 0.7 > 0.1 > abs(calm.arousal)
    assert raised.valence == calm.valence == -0.7


def test_a_threat_to_leave_without_audio_reads_angry_from_the_text() -> None:
    e = estimate_emotion("уйду к конкурентам", _text("negative", -0.6, "threat_to_leave"), {})
    assert e.label == "angry"
    assert e.valence < -0.6


def test_worry_words_read_anxious() -> None:
    e = estimate_emotion("боюсь, что деньги украли", _text("negative", -0.5), {})
    assert e.label == "anxious"


def test_positive_text_is_satisfied_and_no_signals_is_neutral() -> None:
    assert estimate_emotion("спасибо", _text("positive", 0.8), {}).label == "satisfied"
    assert estimate_emotion("", None, {}) == estimate_emotion("алло", None, {})
    assert estimate_emotion("", None, {}).label == "neutral"
