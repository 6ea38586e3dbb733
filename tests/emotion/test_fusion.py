"""Fusion is pure: each test builds turns with known signals and checks the emotion."""

from __future__ import annotations

import math

import pytest

from voc.emotion.fusion import AGITATED, WORDS_SURE, emotion_of, fuse_emotion
from voc.schemas import Cue, Prosody, ProsodyZ, Sentiment, Turn, Word


def turn(
    text: str = "",
    score: float = 0.0,
    z: ProsodyZ | None = None,
    cues: tuple[Cue, ...] = (),
    speaker: str = "customer",
    index: int = 0,
) -> Turn:
    label = "negative" if score <= -0.3 else "positive" if score >= 0.3 else "neutral"
    return Turn(
        index=index,
        speaker=speaker,  # type: ignore[arg-type]
        start=index * 5.0,
        end=index * 5.0 + 4.0,
        text=text,
        sentiment=Sentiment(label=label, score=score, confidence=0.9 if text else 0.0, backend="test"),
        prosody=Prosody(z=z) if z is not None else None,
        cues=list(cues),
    )


AROUSED = ProsodyZ(pitch=2.1, pitch_spread=0.8, loudness=2.4, rate=1.2)
CALM = ProsodyZ(pitch=0.2, pitch_spread=-0.3, loudness=-0.1, rate=0.4)


def test_loud_but_neutral_words_is_not_anger() -> None:
    emotion = emotion_of(turn("Подскажите номер договора.", 0.0, AROUSED))
    assert emotion.arousal >= AGITATED
    assert emotion.label == "neutral"


def test_aroused_and_negative_is_angry_with_reasons() -> None:
    emotion = emotion_of(turn("Это безобразие, верните деньги!", -0.9, AROUSED))
    assert emotion.label == "angry"
    assert "pitch +2.1 sd over own baseline" in emotion.reasons
    assert "loudness +2.4 sd over own baseline" in emotion.reasons
    assert "text negative (0.90)" in emotion.reasons


def test_negative_words_in_a_calm_voice_keep_their_valence_but_make_no_irritation() -> None:
    emotion = emotion_of(turn("Мне не нравится, как вы работаете.", -0.6, CALM))
    assert emotion.label == "neutral"
    assert emotion.valence <= -0.35  # the call-level sentiment still sees the negative words
    assert any(r.startswith("negative words (valence -0.60) in a calm voice") for r in emotion.reasons)


def test_negative_words_without_a_voice_measure_are_irritated() -> None:
    emotion = emotion_of(turn("Мне не нравится, как вы работаете.", -0.6))
    assert emotion.label == "irritated"
    assert not [r for r in emotion.reasons if "baseline" in r]


def test_a_complaint_in_a_calm_voice_is_still_irritation() -> None:
    complaint = Cue(kind="complaint", text="жалобу")
    emotion = emotion_of(turn("Я хочу оставить жалобу на сотрудника.", -0.6, CALM, (complaint,)))
    assert emotion.label == "irritated"
    assert emotion.arousal < AGITATED
    assert "complaint: «жалобу»" in emotion.reasons


def test_negative_words_in_a_raised_voice_are_irritation_or_anger() -> None:
    raised = ProsodyZ(pitch=1.2, loudness=1.2, rate=0.5)
    assert emotion_of(turn("Мне не нравится, как вы работаете.", -0.4, raised)).label == "irritated"
    assert emotion_of(turn("Это безобразие, верните деньги!", -0.9, AROUSED)).label == "angry"


def test_worry_is_anxious() -> None:
    emotion = emotion_of(turn("Я очень боюсь, что мошенники сняли деньги.", -0.7, AROUSED))
    assert emotion.label == "anxious"
    assert any(r.startswith("words of worry") for r in emotion.reasons)


def test_threat_without_audio_is_angry_and_named() -> None:
    threat = Cue(kind="threat_to_leave", text="ухожу в другой банк", start=3.1, end=4.0)
    emotion = emotion_of(turn("Всё, ухожу в другой банк.", -0.8, None, (threat,)))
    assert emotion.label == "angry"
    assert "threat to leave: «ухожу в другой банк»" in emotion.reasons


def test_thanks_is_satisfied() -> None:
    thanks = Cue(kind="gratitude", text="спасибо")
    emotion = emotion_of(turn("Спасибо, всё решили.", 0.8, CALM, (thanks,)))
    assert emotion.label == "satisfied" and emotion.valence > 0.8


def test_sarcastic_thanks_does_not_lift_valence() -> None:
    thanks = Cue(kind="gratitude", text="спасибо")
    plain = emotion_of(turn("Спасибо, опять не работает.", -0.7))
    with_cue = emotion_of(turn("Спасибо, опять не работает.", -0.7, None, (thanks,)))
    assert with_cue.valence == plain.valence
    assert not any(r.startswith("gratitude") for r in with_cue.reasons)


def test_lower_voice_lowers_arousal() -> None:
    emotion = emotion_of(turn("Хорошо.", 0.1, ProsodyZ(pitch=-1.8, loudness=-2.0)))
    assert emotion.arousal < 0
    assert "pitch -1.8 sd under own baseline" in emotion.reasons


@pytest.mark.parametrize("z", [None, ProsodyZ(), ProsodyZ(rate=3.0)])
def test_missing_measures_and_empty_text(z: ProsodyZ | None) -> None:
    emotion = emotion_of(turn("", 0.0, z))
    assert emotion.label == "neutral"
    assert -1 <= emotion.arousal <= 1 and 0 <= emotion.confidence <= 1


def test_stage_keeps_turns_and_order() -> None:
    turns = [turn("Да.", 0.0, CALM, index=i) for i in range(3)]
    fused = fuse_emotion(turns)
    assert [t.index for t in fused] == [0, 1, 2]
    assert all(t.emotion is not None for t in fused) and turns[0].emotion is None


def test_one_broken_measure_cannot_outvote_the_others() -> None:
    # a failed pitch track on a telephone-band call: spread -12 sd while pitch and loudness rise
    emotion = emotion_of(turn("Да.", 0.0, ProsodyZ(pitch=2.0, pitch_spread=-12.0, loudness=2.8, rate=1.0)))
    assert emotion.arousal >= AGITATED


def _heard_as(base: Turn, probabilities: list[float]) -> Turn:
    words = [
        Word(word=w, start=base.start + i * 0.3, end=base.start + i * 0.3 + 0.25, probability=p)
        for i, (w, p) in enumerate(zip(base.text.split(), probabilities, strict=True))
    ]
    return base.model_copy(update={"words": words})


def test_words_the_recogniser_was_unsure_of_count_less() -> None:
    # Whisper's garbling of "Понятно, до свидания." on a vocoded voice: the text model read it -0.88.
    base = turn("Понятно, заютание!", -0.88, AROUSED)
    sure = emotion_of(_heard_as(base, [0.95, 0.9]))
    unsure = emotion_of(_heard_as(base, [0.2, 0.1]))
    assert sure.label == "angry" and sure.valence == pytest.approx(-0.88)
    assert unsure.valence == pytest.approx(-0.88 * 0.15 / WORDS_SURE, abs=0.01)
    assert unsure.label == "neutral"
    assert not any(r.startswith("words uncertain") for r in sure.reasons)


def test_uncertain_words_keep_their_cues_and_name_the_uncertainty() -> None:
    threat = Cue(kind="threat_to_leave", text="ухожу в другой банк")
    base = turn("Всё, ухожу в другой банк.", -0.7, AROUSED, cues=(threat,))
    emotion = emotion_of(_heard_as(base, [0.3, 0.3, 0.3, 0.3, 0.3]))
    assert emotion.label == "angry"  # the threat matched as a phrase: it is not discounted
    assert "words uncertain (ASR word probability 0.30): text x0.50" in emotion.reasons


def test_confidence_comes_from_the_fitted_artefact() -> None:
    """`confidence` is the Platt output mapped by the isotonic knots in voc/emotion/calibration.json,
    the file `scripts/eval_emotion.py calibration --fit` writes; it records its rows and held-out ECE."""
    import json

    from voc.emotion import fusion

    fitted = json.loads(fusion.CALIBRATION_FILE.read_text(encoding="utf-8"))
    assert fitted["cross_validated_ece"]["isotonic on platt"] < fitted["cross_validated_ece"]["platt re-fitted"]
    assert fusion.CALIBRATION[False] == tuple(fitted["platt"]["labelled"])
    xs, ys = fitted["isotonic"]["labelled"]
    assert fusion.ISOTONIC[False] == (xs, ys)
    assert ys == sorted(ys)  # a probability that rises with the evidence
    emotion = emotion_of(turn("Это безобразие, сколько можно ждать!", -0.9))
    a, b, c = fitted["platt"]["labelled"]
    margin = -fusion.NEGATIVE - emotion.valence
    platt = 1 / (1 + math.exp(-(a + b * margin + c * 0.9)))
    assert emotion.confidence == pytest.approx(fusion.isotonic_map(platt, xs, ys), abs=1e-3)


def test_isotonic_map_interpolates_between_knots_and_is_never_certain() -> None:
    from voc.emotion.fusion import isotonic_map

    xs, ys = [0.2, 0.5, 0.9], [0.3, 0.6, 1.0]
    assert isotonic_map(0.35, xs, ys) == pytest.approx(0.45)
    assert isotonic_map(0.1, xs, ys) == pytest.approx(0.3)
    assert isotonic_map(0.95, xs, ys) == pytest.approx(0.99)  # 1.0 at the top knot, capped
    assert isotonic_map(0.9, xs, ys) == pytest.approx(0.99)
