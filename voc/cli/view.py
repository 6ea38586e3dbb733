"""The readable terminal view of a CallAnalysis."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from voc.cli.render_arc import describe_customer, render_arc
from voc.cli.render_summary import extraction_view
from voc.schemas import CallAnalysis, Turn

SHARE_NOTE = (
    "share: the speaker's part of the time anyone speaks; both speak during overtalk, "
    "so shares can add up to more than 100%"
)
SPEAKER_STYLE = {"agent": "cyan", "customer": "yellow", "unknown": "white"}


def _clock(seconds: float) -> str:
    minutes, secs = divmod(seconds, 60)
    return f"{int(minutes):02d}:{secs:04.1f}"


def _signals(turn: Turn) -> str:
    parts: list[str] = []
    if turn.emotion is not None:
        parts.append(turn.emotion.label)
    elif turn.sentiment is not None:
        parts.append(turn.sentiment.label)
    if turn.prosody is not None:
        z = turn.prosody.z
        shown = [
            f"{name} {value:+.1f}"
            for name, value in (("F0", z.pitch), ("dB", z.loudness), ("rate", z.rate))
            if value is not None and abs(value) >= 1.5
        ]
        parts.extend(shown)
    parts.extend(cue.kind.replace("_", " ") for cue in turn.cues)
    return ", ".join(parts)


def turns_table(analysis: CallAnalysis) -> Table:
    table = Table(title="Turns", expand=True, show_lines=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("time", no_wrap=True)
    table.add_column("speaker", no_wrap=True)
    table.add_column("text", ratio=3)
    table.add_column("signals", ratio=1)
    timed = any(t.end > 0 for t in analysis.turns)
    for turn in analysis.turns:
        speaker = turn.speaker + ("?" if turn.speaker_confidence < 0.7 else "") + (" ⇄" if turn.overlap else "")
        table.add_row(
            str(turn.index + 1),
            f"{_clock(turn.start)}–{_clock(turn.end)}" if timed else "",
            Text(speaker, style=SPEAKER_STYLE.get(turn.speaker, "white")),
            turn.text,
            _signals(turn),
        )
    return table


def metrics_table(analysis: CallAnalysis) -> Table | None:
    if analysis.metrics is None:
        return None
    metrics = analysis.metrics
    table = Table(title="Call metrics")
    table.add_column("speaker")
    table.add_column("talk time", justify="right")
    table.add_column("share", justify="right")
    table.add_column("turns", justify="right")
    table.add_column("interruptions", justify="right")
    for speaker, m in metrics.speakers.items():
        table.add_row(speaker, f"{m.talk_time_s:.1f} s", f"{m.talk_share:.0%}", str(m.turns), str(m.interruptions))
    table.caption = (
        f"silence {metrics.silence_s:.1f} s (longest {metrics.longest_silence_s:.1f} s), "
        f"overtalk {metrics.overtalk_s:.1f} s"
    )
    return table


def header(analysis: CallAnalysis) -> Text:
    channels = analysis.channels
    if channels.mode == "text":
        return Text(
            f"text conversation, {len(analysis.turns)} turns, language {analysis.language}, "
            f"date {analysis.call_date} ({analysis.call_date_source})",
            style="bold",
        )
    layout = "/".join(channels.layout)
    rate = f", {channels.source_sample_rate} Hz" if channels.source_sample_rate else ""
    return Text(
        f"{_clock(analysis.duration_s)} call, {channels.mode} ({layout}{rate}), language {analysis.language}, "
        f"call date {analysis.call_date} ({analysis.call_date_source})",
        style="bold",
    )


class EmotionalArc:
    """The arc, laid out for the width it is printed at (a wrapped line would lose its alignment)."""

    def __init__(self, analysis: CallAnalysis) -> None:
        self.analysis = analysis

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Text(render_arc(self.analysis.turns, width=options.max_width), no_wrap=True, overflow="crop")
        if self.analysis.customer is not None:
            yield Text("\n".join(describe_customer(self.analysis.customer)))


def render(analysis: CallAnalysis, extra: list[RenderableType] | None = None) -> Group:
    parts: list[RenderableType] = [header(analysis), turns_table(analysis)]
    table = metrics_table(analysis)
    if table is not None:
        parts += [table, Text(SHARE_NOTE, style="dim")]
    if any(t.emotion for t in analysis.turns):
        parts.append(EmotionalArc(analysis))
    parts.extend(extraction_view(analysis))
    parts.extend(extra or [])
    for notice in analysis.warnings:
        parts.append(Text(f"warning: {notice.message}", style="magenta"))
    return Group(*parts)


def print_analysis(analysis: CallAnalysis, console: Console, extra: list[RenderableType] | None = None) -> None:
    console.print(render(analysis, extra))
