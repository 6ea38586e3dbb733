"""Call-level emotion: how the customer started and ended, the peak, and whether to escalate."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from voc.emotion.fusion import AGITATED
from voc.schemas import AgentState, CustomerState, PeakMoment, SentimentLabel, Speaker, Turn
from voc.text.announcements import announcement

NEGATIVE_LABELS = frozenset({"angry", "irritated", "anxious"})
Trajectory = Literal["improved", "worsened", "steady"]
LEANING = 0.25  # mean valence beyond +-LEANING gives a positive or negative label
TRAJECTORY_STEP = 0.4
# "The agent lost calm" is a charge against a person: it takes a clearly raised voice, not the
# borderline arousal that a few-turn baseline produces when a greeting is said brightly.
LOST_CALM_AROUSAL = 0.5
# Borderline voice evidence (an irritated label under the agitated line) escalates a sour close
# without a grievance cue only when the customer sounded upset in this many turns.
UPSET_TURNS_WITHOUT_CUE = 2


def _valence(turn: Turn) -> float:
    if turn.emotion is not None:
        return turn.emotion.valence
    return turn.sentiment.score if turn.sentiment is not None else 0.0


def _has_words(turn: Turn) -> bool:
    return turn.sentiment is not None and turn.sentiment.confidence > 0


def _label(valence: float) -> SentimentLabel:
    if valence >= LEANING:
        return "positive"
    if valence <= -LEANING:
        return "negative"
    return "neutral"


def _edge(turns: Sequence[Turn]) -> int:
    """How many turns make the opening or the closing: two, or one in a short exchange."""
    return 1 if len(turns) <= 3 else 2


def _opening(turns: Sequence[Turn]) -> float:
    """The first turns with words; the stronger one wins (a greeting says little)."""
    return max((_valence(t) for t in turns[: _edge(turns)]), key=abs, default=0.0)


def _closing(turns: Sequence[Turn]) -> float:
    """The last turns with words, the very last weighing more."""
    if _edge(turns) == 1:
        return _valence(turns[-1])
    return 0.35 * _valence(turns[-2]) + 0.65 * _valence(turns[-1])


def _intensity(turn: Turn) -> float:
    emotion = turn.emotion
    if emotion is None or emotion.label == "neutral":
        return 0.0
    bonus = 1.0 if emotion.label in NEGATIVE_LABELS else 0.0
    return bonus + abs(emotion.valence) + 0.5 * max(emotion.arousal, 0.0)


def peak_of(turns: Sequence[Turn]) -> PeakMoment | None:
    best = max(turns, key=_intensity, default=None)
    if best is None or best.emotion is None or _intensity(best) == 0.0:
        return None
    return PeakMoment(turn=best.index, start=best.start, end=best.end, label=best.emotion.label)


def _speaker_turns(turns: Sequence[Turn], speaker: Speaker) -> list[Turn]:
    """What the party said in their own words: recorded announcements on their line are not theirs."""
    return [t for t in turns if t.speaker == speaker and _has_words(t) and not announcement(t.text)]


def _sounded_upset(turn: Turn) -> bool:
    """A negative label, or a voice agitated enough to count (AGITATED) whatever the words were
    heard as: ASR loses the words of an upset caller more often than the voice."""
    emotion = turn.emotion
    return emotion is not None and (emotion.label in NEGATIVE_LABELS or emotion.arousal >= AGITATED)


def _clearly_upset(turn: Turn) -> bool:
    """Angry, or a voice agitated by the measure (AGITATED), not only negative words in a voice
    just over the calm line."""
    emotion = turn.emotion
    return emotion is not None and (emotion.label == "angry" or emotion.arousal >= AGITATED)


def _upset_beyond_doubt(said: Sequence[Turn]) -> bool:
    """Without a grievance cue, a sour close escalates on evidence that is not borderline: a
    clearly upset voice in the last two turns, or more than one upset turn in the call. One
    irritated reading in a voice between the calm line and the agitated one is what an
    expressive calm reader produces too (an announcer reading a laugh with negative words)."""
    if any(_clearly_upset(t) for t in said[-2:]):
        return True
    return sum(_sounded_upset(t) for t in said) >= UPSET_TURNS_WITHOUT_CUE


def escalation_reasons(said: Sequence[Turn], end_label: SentimentLabel | None) -> list[str]:
    reasons: list[str] = []
    resolved = end_label == "positive"
    for turn in said:
        for cue in turn.cues:
            if cue.kind == "threat_to_leave":
                reasons.append(f"threat to leave (turn {turn.index}): «{cue.text}»")
            elif cue.kind == "escalation_request":
                reasons.append(f"asked for a supervisor (turn {turn.index})")
            elif cue.kind == "profanity" and not resolved:
                reasons.append(f"profanity or insult (turn {turn.index})")
    angry = [t.index for t in said if t.emotion is not None and t.emotion.label == "angry"]
    # Anger escalates while it is still open at the end: the close is negative or itself angry.
    # A flare-up the customer calmed down from (a neutral or positive close) does not.
    closing = {t.index for t in said[-_edge(said) :]}
    if angry and not resolved and (end_label == "negative" or closing & set(angry)):
        reasons.append(f"customer angry (turns {', '.join(map(str, angry))})")
    if end_label == "negative":
        # Negative words at the close escalate when the customer voiced a grievance or sounded
        # upset in the last two turns (as labelled, or by the voice alone: ASR garbles an upset
        # caller's words more often than the voice measures); calm sad words are no one to call back.
        complained = any(c.kind in ("complaint", "repeat_contact") for t in said for c in t.cues)
        upset = any(_sounded_upset(t) for t in said[-2:])
        if complained:
            reasons.append("unresolved complaint at the end")
        elif upset and _upset_beyond_doubt(said):
            reasons.append("customer ended the call unhappy")
    return list(dict.fromkeys(reasons))


def assess_customer(turns: Sequence[Turn]) -> CustomerState:
    said = _speaker_turns(turns, "customer")
    if not said:
        return CustomerState()
    start, end = _opening(said), _closing(said)
    delta = end - start
    trajectory: Trajectory = "steady"
    if abs(delta) >= TRAJECTORY_STEP:
        trajectory = "improved" if delta > 0 else "worsened"
    end_label = _label(end)
    reasons = escalation_reasons(said, end_label)
    return CustomerState(
        sentiment_start=_label(start),
        sentiment_end=end_label,
        trajectory=trajectory,
        peak=peak_of(said),
        escalate=bool(reasons),
        escalate_reasons=reasons,
    )


def _lost_calm(turn: Turn) -> bool:
    """Calm is about the voice and hostility, not the news: "к сожалению, быстрее не получится"
    reads negative but is said calmly; a raised voice, anger or an insult is not calm."""
    emotion = turn.emotion
    if any(c.kind == "profanity" for c in turn.cues):
        return True
    return emotion is not None and (emotion.label == "angry" or emotion.arousal >= LOST_CALM_AROUSAL)


def assess_agent(turns: Sequence[Turn], customer: Sequence[Turn]) -> AgentState:
    said = _speaker_turns(turns, "agent")
    if not said:
        return AgentState()
    upset_at = next((t.start for t in customer if t.emotion is not None and t.emotion.label in NEGATIVE_LABELS), None)
    # Only what the agent said once the customer was upset answers "did the agent stay calm";
    # a brisk greeting before that says nothing about it.
    answered = [t for t in said if upset_at is not None and t.start >= upset_at]
    return AgentState(
        sentiment_avg=round(sum(_valence(t) for t in said) / len(said), 3),
        peak=peak_of(said),
        stayed_calm=(not any(_lost_calm(t) for t in answered)) if upset_at is not None else None,
    )


def assess_call_emotion(turns: Sequence[Turn]) -> tuple[CustomerState, AgentState]:
    """Stage: call-level state of both parties from the fused per-turn emotions."""
    return assess_customer(turns), assess_agent(turns, _speaker_turns(turns, "customer"))
