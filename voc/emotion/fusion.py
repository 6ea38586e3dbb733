"""Per-turn emotion from how it was said (prosody) and what was said (sentiment, cues).

Pure: no model, no I/O, so it is cheap to test and to tune. Arousal comes from two kinds of
acoustic evidence: the turn's z-scores against the speaker's own baseline (a change within the
call) and its z-scores against population norms (a raised voice by any standard: high pitch for
the voice's range, fast for the language, louder than the other party, a flattened spectrum).
When the own baseline is weak (few turns, or every turn alike, as when a caller is upset from the
first word) the norms weigh double and the relative evidence half. Valence comes from the text;
recorded announcements carry none, and impersonal status messages ("опция недоступна") little.

Every threshold here was chosen on data by scripts/eval_emotion.py (docs/emotion.md).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path

from voc.schemas import Cue, CueKind, Emotion, EmotionLabel, Prosody, ProsodyZ, Sentiment, Turn
from voc.text.announcements import announcement, informational
from voc.text.lexicon import acknowledgement_only, worry_words

# How much each measure's z-score drives arousal; pitch and loudness carry agitation best.
AROUSAL_WEIGHTS = {"pitch": 0.3, "loudness": 0.3, "rate": 0.15, "pitch_spread": 0.05, "effort": 0.2}
# The same against population norms. Jitter/shimmer-like perturbation is measured and reported
# but weighs nothing: no labelled data here shows which way it moves (phase-vocoded renditions
# smooth it, real anger roughens it).
NORM_WEIGHTS = {"pitch": 0.3, "loudness_vs_other": 0.25, "rate": 0.15, "effort": 0.3}
MEASURE_NAMES = {
    "pitch": "pitch",
    "loudness": "loudness",
    "rate": "speech rate",
    "pitch_spread": "pitch range",
    "effort": "vocal effort",
    "loudness_vs_other": "loudness against the other party",
}
# How much the relative and the norm evidence count, by the strength of the own baseline.
STRONG_SHARES = (1.0, 0.5)
WEAK_SHARES = (0.5, 1.0)
NORM_REASON_SD = 1.0
# Arousal at or above this counts as agitated; the acoustic evaluation uses the same line.
AGITATED = 0.35
# Irritation and anger are aroused states: negative words in a voice measured below this line,
# with no grievance voiced (complaint, threat, supervisor, insult, repeated contact), keep their
# negative valence but make no irritated or angry label. Chosen on data by
# scripts/eval_emotion.py gate (docs/emotion.md): real calm speech against upset customer lines.
CALM_VOICE = 0.25
# Valence lines of the labels (chosen on the labelled set: sentiment test split + real neutral speech).
NEGATIVE = 0.35
STRONG_STEP = 0.15  # this much further negative is a strong reading: angry when agitated
POSITIVE = 0.25
# A negative reading of an impersonal status message counts this much.
INFORMATIONAL_SHARE = 0.25
# A positive reading of a reply that only agrees ("Хорошо, буду дома", no praise, no thanks)
# counts this much: accepting is not being pleased (ru_calm_neutral read positive 0.29, docs/emotion.md).
ACKNOWLEDGEMENT_SHARE = 0.5
# Words the recogniser was unsure of: the text model's reading of a turn counts in proportion to
# its words' mean ASR probability up to this line (a garbled transcript is read with confidence by
# the text model: "Понятно, заютание!" negative 0.88, "Благодарю мою камеру" positive 1.0).
# Cues (fixed phrases that matched) keep their full weight. Chosen on the cached ASR turns of the
# synthesised calls (scripts/eval_emotion.py words, docs/emotion.md).
WORDS_SURE = 0.6
# Platt scaling per kind of label: (intercept, margin, text confidence); index True = neutral;
# then an isotonic map of the Platt output (x and y knots, linear between them), which fixed
# what a logistic curve could not (cross-validated ECE 0.051 -> 0.028, docs/emotion.md).
# Fitted on the labelled development rows by `scripts/eval_emotion.py calibration --fit`, which
# writes calibration.json beside this module with the rows it used and its cross-validated ECE.
CALIBRATION_FILE = Path(__file__).with_name("calibration.json")
# An isotonic step can reach 0 or 1 on a run of rows that were all right; a probability of a
# label is never certain.
CONFIDENCE_RANGE = (0.01, 0.99)


def _load_calibration(
    path: Path = CALIBRATION_FILE,
) -> tuple[dict[bool, tuple[float, float, float]], dict[bool, tuple[list[float], list[float]]]]:
    fitted = json.loads(path.read_text(encoding="utf-8"))
    platt = {kind == "neutral": (float(a), float(b), float(c)) for kind, (a, b, c) in fitted["platt"].items()}
    isotonic = {
        kind == "neutral": (list(map(float, xs)), list(map(float, ys)))
        for kind, (xs, ys) in fitted.get("isotonic", {}).items()
    }
    return platt, isotonic


CALIBRATION, ISOTONIC = _load_calibration()
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
GRIEVANCES: frozenset[CueKind] = frozenset(CUE_VALENCE) - {"gratitude"}


def _drive(values: dict[str, float], weights: dict[str, float]) -> float | None:
    present = {name: v for name, v in values.items() if name in weights}
    if not present:
        return None
    weight = sum(weights[name] for name in present)
    return sum(weights[name] * max(-Z_CAP, min(Z_CAP, v)) for name, v in present.items()) / weight


def acoustic_arousal(prosody: Prosody | ProsodyZ | None) -> tuple[float | None, list[str]]:
    """Arousal in -1..1 from the relative and the norm evidence, and the measures worth naming."""
    if prosody is None:
        return None, []
    full = prosody if isinstance(prosody, Prosody) else Prosody(z=prosody)
    relative = {n: v for n, v in full.z.model_dump().items() if v is not None}
    norm = {n: v for n, v in full.norm.model_dump().items() if v is not None}
    rel_drive, norm_drive = _drive(relative, AROUSAL_WEIGHTS), _drive(norm, NORM_WEIGHTS)
    if rel_drive is None and norm_drive is None:
        return None, []
    rel_share, norm_share = WEAK_SHARES if full.baseline.weak else STRONG_SHARES
    drive = rel_share * (rel_drive or 0.0) + norm_share * (norm_drive or 0.0)
    reasons = [
        f"{MEASURE_NAMES[name]} {value:+.1f} sd {'over' if value > 0 else 'under'} "
        f"{'profile' if full.baseline.source == 'profile' else 'own'} baseline"
        for name, value in relative.items()
        if name in AROUSAL_WEIGHTS and abs(value) >= REASON_SD
    ]
    reasons += [
        f"{MEASURE_NAMES[name]} {value:+.1f} sd against population norms"
        for name, value in norm.items()
        if name in NORM_WEIGHTS and abs(value) >= NORM_REASON_SD
    ]
    if full.baseline.weak and full.baseline.why:
        reasons.append(f"own baseline weak ({full.baseline.why}): leaning on norms")
    return math.tanh(drive / 1.5), reasons


def text_arousal(text: str, cues: Sequence[Cue], sentiment: Sentiment | None) -> float:
    level = sum(CUE_AROUSAL[c.kind] for c in cues) + 0.15 * min(text.count("!"), 2)
    if sentiment is not None and sentiment.score <= -0.8:
        level += 0.1
    return min(level, 1.0)


def words_heard(turn: Turn) -> float:
    """How far the text model's reading counts: 1 for typed text and sure ASR words, less as the
    recogniser's mean word probability falls under WORDS_SURE."""
    if not turn.words or WORDS_SURE <= 0:
        return 1.0
    mean = sum(w.probability for w in turn.words) / len(turn.words)
    return min(1.0, mean / WORDS_SURE)


def text_valence(sentiment: Sentiment | None, cues: Sequence[Cue], text: str = "", heard: float = 1.0) -> float:
    score = sentiment.score * heard if sentiment is not None else 0.0
    if text and announcement(text):
        return 0.0
    kinds = {c.kind for c in cues}
    if score < 0 and text and not kinds - {"gratitude"} and informational(text):
        score *= INFORMATIONAL_SHARE
    if score > 0 and text and "gratitude" not in kinds and acknowledgement_only(text):
        score *= ACKNOWLEDGEMENT_SHARE
    if score < 0:
        kinds.discard("gratitude")  # "спасибо, конечно..." said through the teeth
    nudge = sum(CUE_VALENCE[k] for k in kinds)
    return max(-1.0, min(1.0, score + 0.5 * max(-0.6, min(0.4, nudge))))


def choose_label(valence: float, arousal: float, hostile: bool, worried: bool) -> EmotionLabel:
    if valence <= -(NEGATIVE + STRONG_STEP):
        if worried and not hostile:
            return "anxious"
        if arousal >= AGITATED or (hostile and valence <= -0.5):
            return "angry"
        return "irritated"
    if valence <= -NEGATIVE:
        return "anxious" if worried else "irritated"
    if valence >= POSITIVE:
        return "satisfied"
    return "neutral"


def calm_voice(acoustic: float | None) -> bool:
    """The voice was measured and does not sound aroused (None: no audio, nothing to say)."""
    return acoustic is not None and acoustic < CALM_VOICE


def label_probability(label: EmotionLabel, valence: float, text_confidence: float) -> float:
    """P(the label's polarity is right): logistic in the valence's margin past the nearest line
    and the text model's own confidence, fitted on the labelled set (CALIBRATION)."""
    if label == "neutral":
        margin = min(valence + NEGATIVE, POSITIVE - valence)
    elif label == "satisfied":
        margin = valence - POSITIVE
    else:
        margin = -NEGATIVE - valence
    a, b, c = CALIBRATION[label == "neutral"]
    platt = 1.0 / (1.0 + math.exp(-(a + b * margin + c * text_confidence)))
    knots = ISOTONIC.get(label == "neutral")
    return platt if knots is None else isotonic_map(platt, *knots)


def isotonic_map(value: float, xs: Sequence[float], ys: Sequence[float]) -> float:
    """The fitted isotonic step function: linear between knots, flat outside, kept in CONFIDENCE_RANGE."""
    if value <= xs[0]:
        mapped = ys[0]
    elif value >= xs[-1]:
        mapped = ys[-1]
    else:
        right = next(i for i, x in enumerate(xs) if x >= value)
        x0, x1, y0, y1 = xs[right - 1], xs[right], ys[right - 1], ys[right]
        mapped = y0 if x1 == x0 else y0 + (y1 - y0) * (value - x0) / (x1 - x0)
    return min(CONFIDENCE_RANGE[1], max(CONFIDENCE_RANGE[0], mapped))


def emotion_of(turn: Turn) -> Emotion:
    recorded = announcement(turn.text)
    acoustic, voice_reasons = acoustic_arousal(turn.prosody)
    from_text = text_arousal(turn.text, turn.cues, turn.sentiment)
    arousal = 0.8 * acoustic + 0.2 * from_text if acoustic is not None else 0.6 * from_text
    sentiment = turn.sentiment
    text_confidence = sentiment.confidence if sentiment is not None else 0.0
    if recorded:
        # A machine reading a prompt: its words are nobody's emotion. The arousal still says how
        # it sounded, but makes no label.
        return Emotion(
            label="neutral",
            arousal=round(max(-1.0, min(1.0, arousal)), 3),
            valence=0.0,
            confidence=round(label_probability("neutral", 0.0, text_confidence), 3),
            reasons=[f"recorded announcement or IVR prompt: «{recorded}»"],
        )
    heard = words_heard(turn)
    valence = text_valence(sentiment, turn.cues, turn.text, heard)
    kinds = {c.kind for c in turn.cues}
    worries = worry_words(turn.text)
    label = choose_label(valence, arousal, bool(kinds & HOSTILE), bool(worries))

    reasons: list[str] = []
    if label in ("irritated", "angry") and calm_voice(acoustic) and not kinds & GRIEVANCES:
        reasons.append(
            f"negative words (valence {valence:+.2f}) in a calm voice (arousal {acoustic:+.2f} under the "
            f"{CALM_VOICE:+.2f} line) and no grievance voiced: not labelled {label}"
        )
        label = "neutral"
    if label != "neutral":
        line = POSITIVE if label == "satisfied" else -NEGATIVE
        reasons.append(f"valence {valence:+.2f} past the {line:+.2f} line")
    if acoustic is not None and (label == "angry" or abs(acoustic) >= AGITATED):
        reasons.append(f"voice arousal {acoustic:+.2f}")
        reasons += voice_reasons
    if sentiment is not None and sentiment.confidence > 0 and sentiment.label != "neutral":
        reasons.append(f"text {sentiment.label} ({sentiment.confidence:.2f})")
        if heard < 1.0:
            reasons.append(f"words uncertain (ASR word probability {heard * WORDS_SURE:.2f}): text x{heard:.2f}")
        if sentiment.label == "negative" and not kinds - {"gratitude"} and informational(turn.text):
            reasons.append(f"impersonal words: negative reading counted x{INFORMATIONAL_SHARE}")
        if sentiment.score > 0 and "gratitude" not in kinds and acknowledgement_only(turn.text):
            reasons.append(f"words of agreement only: positive reading counted x{ACKNOWLEDGEMENT_SHARE}")
    reasons += [_cue_reason(c) for c in turn.cues if not (c.kind == "gratitude" and valence < 0)]
    if worries:
        reasons.append("words of worry: " + ", ".join(dict.fromkeys(worries)))
    return Emotion(
        label=label,
        arousal=round(max(-1.0, min(1.0, arousal)), 3),
        valence=round(valence, 3),
        confidence=round(label_probability(label, valence, text_confidence), 3),
        reasons=reasons,
    )


def _cue_reason(cue: Cue) -> str:
    return f"{CUE_REASONS[cue.kind]}: «{cue.text}»"


def fuse_emotion(turns: Sequence[Turn]) -> list[Turn]:
    """Stage: an Emotion for every turn (needs sentiment and cues; prosody when there is audio)."""
    return [turn.model_copy(update={"emotion": emotion_of(turn)}) for turn in turns]
