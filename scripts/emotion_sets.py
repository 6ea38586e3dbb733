"""Real speech and signal-processed renditions for the emotion evaluation (scripts/eval_emotion.py).

Neutral real speech: festvox-ru (one male reader, 16 kHz), the Asterisk core prompts in Russian
and English (professional female announcers, 8 kHz). Selections are by a fixed stride so that
the tuning part ("tune") and the part scored once at the end ("fresh") never share a clip.

Renditions (callsynth.arouse): aroused = pitch +3 semitones, tempo x1.15, +5 dB, and +6 dB
spectral tilt above 1 kHz (vocal effort flattens the spectrum); the fresh batch uses other
strengths (+2.5 st, x1.1, +4 dB, +4 dB tilt) so nothing is tuned to one exact transform.
"""

from __future__ import annotations

import gzip
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import librosa
import numpy as np
import soundfile as sf
import soxr

sys.path.insert(0, str(Path(__file__).resolve().parent))

from callsynth import arouse

from voc.schemas import Turn, Word

RATE = 16000
FESTVOX = Path("/usr/share/festival/voices/russian/msu_ru_nsh_clunits")
ASTERISK = Path("/usr/share/asterisk/sounds")
ASTERISK_TEXT = "/usr/share/doc/asterisk-core-sounds-{lang}/core-sounds-{lang}.txt.gz"
REAL = Path(__file__).resolve().parents[1] / "tests" / "data"

AROUSED = {
    "tune": (3.0, 1.15, 5.0, 6.0),
    "fresh": (2.5, 1.1, 4.0, 4.0),
    "fresh2": (2.0, 1.12, 4.5, 5.0),
    "fresh3": (1.5, 1.08, 3.5, 4.0),
    "fresh4": (2.0, 1.06, 4.0, 3.0),
}
# The fourth fresh batch (issue 13, fourth round): real neutral speech only, festvox utterances of
# 13-20 s and Asterisk prompts over 30 s, the last clips no part has read.
# The third fresh batch (issue 13, third round): festvox utterances of 10-13 s and Asterisk prompts
# of 8-30 s, which no other part reads (they take 1-8 s prompts): few of them.
# The second fresh batch (issue 13, second round) takes tuning-list clips no evaluation has read:
# never among the first TUNE_READ of the tuning list, nor the last AGENT_LINES (agent lines).
TUNE_READ = 120
AGENT_LINES = 8


@dataclass
class Clip:
    name: str
    text: str
    language: str
    audio: np.ndarray  # 16 kHz mono, trimmed
    source: str


def load(path: Path) -> np.ndarray:
    audio, rate = sf.read(str(path), dtype="float32", always_2d=True)
    mono = audio.mean(axis=1)
    mono = soxr.resample(mono, rate, RATE) if rate != RATE else mono
    trimmed, _ = librosa.effects.trim(mono, top_db=35)
    return trimmed.astype(np.float32)


def _part(names: list[str], part: str) -> list[str]:
    """Every third clip is fresh (held out), the rest are for tuning; fresh2 walks the tuning
    list from its end (the caller drops the clips that were read before)."""
    if part == "fresh2":
        return _part(names, "tune")[::-1]
    return [n for i, n in enumerate(names) if (i % 3 == 2) == (part == "fresh")]


def _unread(clips: list[Clip], read: list[Clip], count: int) -> list[Clip]:
    """fresh2: clips from the end of the tuning list, past the agent lines, not read by tuning."""
    seen = {c.name for c in read}
    return [c for c in clips[AGENT_LINES:] if c.name not in seen][:count]


def festvox(part: str, count: int) -> list[Clip]:
    """Utterances of 1.5-7 s (tune, fresh); fresh2 takes the longer ones, 7-10 s, that the
    other parts never read (most of festvox-ru's 620 utterances are longer than 7 s)."""
    lines = (FESTVOX / "etc" / "txt.done.data").read_text(encoding="utf-8")
    texts = dict(re.findall(r'\(\s*(\S+)\s+"(.*)"\s*\)', lines))
    longer = part in ("fresh2", "fresh3", "fresh4")
    names = sorted(texts)[::-1] if longer else _part(sorted(texts), part)
    shortest, longest = {"fresh2": (7.0, 10.0), "fresh3": (10.0, 13.0), "fresh4": (13.0, 20.0)}.get(part, (1.5, 7.0))
    clips = []
    for name in names:
        audio = load(FESTVOX / "wav" / f"{name}.wav")
        seconds = len(audio) / RATE
        if (shortest < seconds <= longest) if longer else (shortest <= seconds <= longest):
            clips.append(Clip(name, texts[name].replace("+", ""), "ru", audio, "festvox-ru"))
        if len(clips) == count:
            break
    return clips


def asterisk(language: str, part: str, count: int) -> list[Clip]:
    if part in ("fresh3", "fresh4"):
        return _asterisk(language, part, count)
    if part == "fresh2":
        read = _asterisk(language, "tune", TUNE_READ)
        return _unread(_asterisk(language, "fresh2", count + TUNE_READ), read, count)
    return _asterisk(language, part, count)


def _asterisk(language: str, part: str, count: int) -> list[Clip]:
    texts = {}
    with gzip.open(ASTERISK_TEXT.format(lang=language), "rt", encoding="utf-8") as handle:
        for line in handle.read().splitlines():
            if ":" in line and not line.startswith(";"):
                name, text = line.split(":", 1)
                if "[" not in text and text.strip():
                    texts[name.strip()] = text.strip()
    clips = []
    longer = part in ("fresh3", "fresh4")
    names = sorted(texts) if longer else _part(sorted(texts), part)
    shortest, longest = {"fresh3": (8.0, 30.0), "fresh4": (30.0, 120.0)}.get(part, (1.0, 8.0))
    for name in names:
        path = ASTERISK / language / f"{name}.wav"
        if not path.is_file():
            continue
        audio = load(path)
        if shortest < len(audio) / RATE <= longest if longer else shortest <= len(audio) / RATE <= longest:
            clips.append(Clip(name, texts[name], language, audio, f"asterisk-{language}"))
        if len(clips) == count:
            break
    return clips


def aroused(audio: np.ndarray, part: str = "tune") -> np.ndarray:
    pitch, tempo, gain, tilt = AROUSED[part]
    return arouse(audio, pitch, tempo, gain, tilt)


def lay_out(
    customer: list[tuple[str, np.ndarray]], agent: list[tuple[str, np.ndarray]] | None = None, gap_s: float = 0.6
) -> tuple[dict[str, np.ndarray], list[Turn]]:
    """A two-channel call: agent and customer lines alternate (agent first when given);
    one word spans each turn, as ASR would cover it."""
    order: list[tuple[str, str, np.ndarray]] = []
    for i, (text, audio) in enumerate(customer):
        if agent:
            a_text, a_audio = agent[i % len(agent)]
            order.append(("agent", a_text, a_audio))
        order.append(("customer", text, audio))
    cursor = gap_s
    turns: list[Turn] = []
    placed: list[tuple[str, int, np.ndarray]] = []
    for i, (speaker, text, audio) in enumerate(order):
        start, end = cursor, cursor + len(audio) / RATE
        words = [Word(word=text, start=start, end=end, probability=1.0)]
        turns.append(Turn(index=i, speaker=speaker, start=start, end=end, text=text, words=words))  # type: ignore[arg-type]
        placed.append((speaker, int(start * RATE), audio))
        cursor = end + gap_s
    total = int((cursor + gap_s) * RATE)
    channels = {s: np.zeros(total, np.float32) for s in ("agent", "customer") if any(p[0] == s for p in placed)}
    for speaker, offset, audio in placed:
        channels[speaker][offset : offset + len(audio)] += audio
    return channels, turns
