"""Per-turn emotion from how it was said (prosody) and what was said (sentiment, cues).

Pure: no model, no I/O, so it is cheap to test and to tune. Arousal comes mostly from the
turn's prosody z-scores against the speaker's own baseline, so a caller who is simply loud all
call long is not agitated; valence comes mostly from the text.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from voc.schemas import Cue, CueKind, Emotion, EmotionLabel, ProsodyZ, Sentiment, Turn
from voc.text.lexicon import worry_words

# How much each measure's z-score drives arousal; pitch and loudness carry agitation best.
AROUSAL_WEIGHTS = {"pitch": 0.35, "loudness": 0.35, "rate": 0.2, "pitch_spread": 0.1}
MEASURE_NAMES = {
    "pitch": "pitch",
    "loudness": "loudness",
    "rate": "speech rate",
    "pitch_spread": "pitch range",
}
# Arousal at or above this counts as agitated; the acoustic evaluation uses the same line.
AGITATED = 0.35
REASON_SD = 1.5  # a measure this far from the speaker's baseline is named in the reasons
# Each measure's say is capped: a z of -12 is a failed pitch track (telephone band, octave
# jumps), not a speaker twelve times calmer, and must not outvote the other measures.
Z_CAP = 3.0

CUE_VALENCE: dict[CueKind, float] = {
    "threat_to_leave": -0.5,
    "complaint": -0.3,
    "escalation_request": -0.4,
    "profanity": -0.5,
    "repeat_contact": -0.3,
    "gratitude": 0.3,
}
CUE_AROUSAL: dict[CueKind, float] = {
    "threat_to_leave": 0.3,
    "complaint": 0.2,
    "escalation_request": 0.3,
    "profanity": 0.5,
    "repeat_contact": 0.2,
    "gratitude": 0.0,
}
CUE_REASONS: dict[CueKind, str] = {
    "threat_to_leave": "threat to leave",
    "complaint": "complaint",
    "escalation_request": "asked for a supervisor",
    "profanity": "profanity or insult",
    "repeat_contact": "repeated contact",
    "gratitude": "gratitude",
}
HOSTILE: frozenset[CueKind] = frozenset({"threat_to_leave", "escalation_request", "profanity"})


def acoustic_arousal(z: ProsodyZ | None) -> tuple[float | None, list[str]]:
    """Arousal in -1..1 from the weighted mean z-score, and the measures worth naming."""
    if z is None:
        return None, []
    present = {name: value for name in AROUSAL_WEIGHTS if (value := getattr(z, name)) is not None}
    if not present:
        return None, []
    weight = sum(AROUSAL_WEIGHTS[name] for name in present)
    capped = {name: max(-Z_CAP, min(Z_CAP, value)) for name, value in present.items()}
    drive = sum(AROUSAL_WEIGHTS[name] * value for name, value in capped.items()) / weight
    reasons = [
        f"{MEASURE_NAMES[name]} {value:+.1f} sd {'over' if value > 0 else 'under'} own baseline"
        for name, value in present.items()
        if abs(value) >= REASON_SD
    ]
    return math.tanh(drive / 1.5), reasons


def text_arousal(text: str, cues: Sequence[Cue], sentiment: Sentiment | None) -> float:
    level = sum(CUE_AROUSAL[c.kind] for c in cues) + 0.15 * min(text.count("!"), 2)
    if sentiment is not None and sentiment.score <= -0.8:
        level += 0.1
    return min(level, 1.0)


def text_valence(sentiment: Sentiment | None, cues: Sequence[Cue]) -> float:
    score = sentiment.score if sentiment is not None else 0.0
    kinds = {c.kind for c in cues}
    if score < 0:
        kinds.discard("gratitude")  # "спасибо, конечно..." said through the teeth
    nudge = sum(CUE_VALENCE[k] for k in kinds)
    return max(-1.0, min(1.0, score + 0.5 * max(-0.6, min(0.4, nudge))))


def choose_label(valence: float, arousal: float, hostile: bool, worried: bool) -> EmotionLabel:
    if valence <= -0.35:
        if worried and not hostile:
            return "anxious"
        if arousal >= AGITATED or (hostile and valence <= -0.5):
            return "angry"
        return "irritated"
    if valence <= -0.15:
        return "anxious" if worried else "irritated"
    if valence >= 0.35:
        return "satisfied"
    return "neutral"


def emotion_of(turn: Turn) -> Emotion:
    acoustic, reasons = acoustic_arousal(turn.prosody.z if turn.prosody else None)
    from_text = text_arousal(turn.text, turn.cues, turn.sentiment)
    arousal = 0.8 * acoustic + 0.2 * from_text if acoustic is not None else 0.6 * from_text
    valence = text_valence(turn.sentiment, turn.cues)
    kinds = {c.kind for c in turn.cues}
    worries = worry_words(turn.text)
    label = choose_label(valence, arousal, bool(kinds & HOSTILE), bool(worries))

    sentiment = turn.sentiment
    if sentiment is not None and sentiment.confidence > 0 and sentiment.label != "neutral":
        reasons.append(f"text {sentiment.label} ({sentiment.confidence:.2f})")
    reasons += [_cue_reason(c) for c in turn.cues if not (c.kind == "gratitude" and valence < 0)]
    if worries:
        reasons.append("words of worry: " + ", ".join(dict.fromkeys(worries)))

    text_confidence = sentiment.confidence if sentiment is not None else 0.0
    acoustic_confidence = 0.35 * min(1.0, abs(arousal) + 0.4) if acoustic is not None else 0.0
    confidence = 0.65 * text_confidence + acoustic_confidence
    return Emotion(
        label=label,
        arousal=round(max(-1.0, min(1.0, arousal)), 3),
        valence=round(valence, 3),
        confidence=round(min(1.0, confidence), 3),
        reasons=reasons,
    )


def _cue_reason(cue: Cue) -> str:
    return f"{CUE_REASONS[cue.kind]}: «{cue.text}»"


def fuse_emotion(turns: Sequence[Turn]) -> list[Turn]:
    """Stage: an Emotion for every turn (needs sentiment and cues; prosody when there is audio)."""
    return [turn.model_copy(update={"emotion": emotion_of(turn)}) for turn in turns]
