from __future__ import annotations

from voc.routing.signals import (
    POPULATION_BASELINE,
    baseline_from_profile,
    estimate_emotion,
    prosody_z,
)
from voc.schemas import Prosody, Sentiment


def _neg(score: float = -0.7) -> Sentiment:
    return Sentiment(label="negative", score=score, confidence=0.9, backend="test")


def test_customer_baseline_is_used_where_the_profile_has_one() -> None:
    baseline = baseline_from_profile(
        {"pitch_median_hz": {"median": 220.0, "mad": 2.0}, "loudness_dbfs": {"center": -20, "scale": 4}}
    )
    assert baseline.source == "customer"
    two_semitones_up = 220.0 * 2 ** (2 / 12)
    z = prosody_z(
        Prosody(pitch_median_hz=two_semitones_up, loudness_dbfs=-12.0, speech_rate_sps=4.5), baseline
    )
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


def test_emotion_from_negative_text_and_raised_voice_is_angry() -> None:
    e = estimate_emotion(_neg(), frozenset(), {"pitch": 2.0, "loudness": 2.5, "rate": 1.5})
    assert (e.label, e.arousal, e.valence) == ("angry", 1.0, -0.7)


def test_emotion_from_negative_text_alone_is_irritated_at_most_without_cues() -> None:
    assert estimate_emotion(_neg(), frozenset(), {}).label == "neutral"
    assert estimate_emotion(_neg(), frozenset({"complaint"}), {}).label == "irritated"
    both = estimate_emotion(_neg(), frozenset({"complaint", "threat_to_leave"}), {})
    assert (both.label, both.arousal) == ("angry", 0.7)


def test_high_pitch_without_loudness_and_negative_text_is_anxious() -> None:
    e = estimate_emotion(_neg(-0.5), frozenset(), {"pitch": 2.0, "loudness": 0.2, "rate": 0.5})
    assert e.label == "anxious"


def test_positive_text_is_satisfied_and_no_signals_is_neutral() -> None:
    pos = Sentiment(label="positive", score=0.8, confidence=0.9, backend="test")
    assert estimate_emotion(pos, frozenset(), {}).label == "satisfied"
    assert estimate_emotion(None, frozenset(), {}).label == "neutral"
