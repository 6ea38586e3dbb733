"""What `voc analyze` shows on the terminal while it works: the stage, a bar over the speech being
transcribed (the slow part: minutes for a long call on a CPU), the time taken and an estimate."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

STAGE_LABELS = {
    "decode": "reading the recording",
    "channels": "splitting the channels",
    "asr": "finding speech and the language",
    "bleed": "removing cross-talk",
    "diarize": "separating the speakers",
    "turns": "building turns",
    "prosody": "measuring pitch, loudness and pace",
    "display": "writing numbers as digits",
    "sentiment": "scoring sentiment",
    "emotion": "fusing emotion",
    "extraction": "finding dates, amounts and tasks",
    "summary": "summarising",
    "redaction": "masking personal data",
}


def clock(seconds: float) -> str:
    return f"{int(seconds // 60)}:{int(seconds % 60):02d}"


class AnalysisProgress:
    """Live lines on stderr (nothing when stderr is not a terminal): the stage with the time since
    the start, and while ASR runs a bar over the call's speech with an estimate of the time left."""

    def __init__(self, console: Console) -> None:
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            TextColumn("elapsed"),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        )
        self.task: TaskID = self.progress.add_task("starting", total=None)
        self.speech_task: TaskID | None = None

    def __enter__(self) -> AnalysisProgress:
        self.progress.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.progress.stop()

    def loading(self, what: str) -> None:
        self.progress.update(self.task, description=what)

    def stage(self, name: str) -> None:
        """The pipeline's stage callback: the stage's name, as it starts."""
        if self.speech_task is not None and name != "asr":
            self.progress.remove_task(self.speech_task)
            self.speech_task = None
        self.progress.update(self.task, description=STAGE_LABELS.get(name, name))

    def speech(self, done_s: float, total_s: float) -> None:
        """The ASR callback: seconds of speech transcribed so far, of all the speech in the call."""
        description = f"transcribing {clock(done_s)} of {clock(total_s)} of speech"
        if self.speech_task is None:
            self.progress.update(self.task, description="speech recognition (Whisper)")
            self.speech_task = self.progress.add_task(description, total=max(total_s, 0.001))
        self.progress.update(self.speech_task, description=description, completed=done_s)
