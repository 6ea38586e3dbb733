"""The emotional arc of a call as a few lines of text for the CLI's readable view."""

from __future__ import annotations

from collections.abc import Sequence

from voc.schemas import CustomerState, Speaker, Turn

BARS = "▁▂▃▄▅▆▇█"
MARKS = {"angry": "A", "irritated": "I", "anxious": "X", "satisfied": "S", "neutral": "·"}
TITLE = "emotional arc: a column per turn, bar = valence (▁ negative … █ positive)"
KEY = "A angry, I irritated, X anxious, S satisfied, · neutral"


def _bar(turn: Turn) -> str:
    if turn.emotion is None:
        return "?"
    level = round((turn.emotion.valence + 1) / 2 * (len(BARS) - 1))
    return BARS[max(0, min(len(BARS) - 1, level))]


def _row(turns: Sequence[Turn], speaker: Speaker, cell: str) -> str:
    out = []
    for turn in turns:
        if turn.speaker != speaker:
            out.append(" ")
        elif cell == "bar":
            out.append(_bar(turn))
        else:
            out.append(MARKS[turn.emotion.label] if turn.emotion else "?")
    return "".join(out).rstrip()


def _clock(seconds: float) -> str:
    return f"{int(seconds // 60)}:{int(seconds % 60):02d}"


def describe_customer(state: CustomerState) -> list[str]:
    line = f"customer: {state.sentiment_start or '-'} → {state.sentiment_end or '-'} ({state.trajectory})"
    if state.peak:
        line += f", peak {state.peak.label} at {_clock(state.peak.start)} (turn {state.peak.turn + 1})"
    lines = [line]
    if state.escalate:
        lines += ["ESCALATE:", *(f"  - {reason}" for reason in state.escalate_reasons)]
    return lines


def _ruler(first: int, count: int) -> str:
    """Turn numbers (1-based, as the turns table shows them) over their columns: 1, 11, 21, ..."""
    cells = [" "] * count
    column = 0
    while column < count:
        number = first + column + 1
        label = str(number)
        if (number % 10 == 1 or column == 0) and column + len(label) <= count:
            cells[column : column + len(label)] = label
            column += len(label) + 1
        else:
            column += 1
    return "".join(cells).rstrip()


def render_arc(turns: Sequence[Turn], customer: CustomerState | None = None, width: int = 120) -> str:
    """Rows per speaker present: valence bars, then emotion marks, aligned by turn under a ruler of
    turn numbers; a call with more turns than fit in `width` columns continues in further blocks
    (a wrapped line would lose the alignment)."""
    present = {t.speaker for t in turns}
    speakers: list[Speaker] = [s for s in ("customer", "agent", "unknown") if s in present]
    if not speakers:
        return "emotional arc: no turns"
    label = max(len(s) for s in speakers) + 2
    per_block = max(10, width - label)
    lines = [TITLE]
    for first in range(0, len(turns), per_block):
        block = turns[first : first + per_block]
        lines.append(f"{'turn':<{label}}{_ruler(first, len(block))}")
        for speaker in speakers:
            lines.append(f"{speaker:<{label}}{_row(block, speaker, 'bar')}")
            lines.append(f"{'':<{label}}{_row(block, speaker, 'mark')}")
    lines.append(KEY)
    if customer is not None:
        lines += describe_customer(customer)
    return "\n".join(lines)
