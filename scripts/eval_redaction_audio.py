#!/usr/bin/env python
"""Redaction end to end on synthesised calls: text leaks, audio leaks, dates and amounts kept,
task F1 with redaction on vs off, and redaction's share of analysis time.

Each call in tests/data/redaction/calls_<set>.json is spoken (festival msu_ru_nsh for Russian,
piper joe-us for English; scripts/callsynth.py), put on a stereo telephone line (8 kHz, 300-3400 Hz,
16-bit WAV) and analysed by voc's pipeline with redaction off. The redaction stages then run on that
analysis exactly as the pipeline runs them (text redaction is the last text stage; audio redaction
takes its spans), so "off" and "on" share one recognition. Scores:

- text leak recall: a gold span is safe when no 4 consecutive digits of it (3 for CVV, PIN, SMS codes,
  expiry) can be read in any text of the redacted result (turns, display text, tasks, entities,
  summary); for an e-mail, the stem of its gold word (all but 3 letters, at least 4) must not be there;
- audio leak recall: the same test on what bare faster-whisper (the same packaged model, its default
  decoding, each channel apart) hears in the redacted copy; the same test on the original recording
  is printed beside it, to show the check finds what is there;
- kept: gold dates and amounts found among the entities with redaction on, over those found with it off;
- task F1 against the gold tasks (type and due date), on and off;
- time: text + audio redaction over the whole analysis (one run each; the machine is shared).

PATH=.venv/bin:$PATH PYTHONPATH=$PWD python scripts/eval_redaction_audio.py [--set tuned|heldout] [--errors]
    [--only c01,c02] [--fresh] [--readable]   (--readable: the older sets re-spoken without pitch/tempo
    shifts and espeak-ng's Russian, so Whisper can read their digits; apt: festival festvox-ru espeak-ng
    asterisk-core-sounds-ru-wav asterisk-core-sounds-en-wav; piper must be on PATH; results are cached in
    /tmp/voc-eval-redaction-audio/[readable/]<set>/)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import soundfile as sf  # noqa: E402
from callsynth import Line, render_call, to_telephone  # noqa: E402
from redaction_leaks import readable  # noqa: E402

from voc.audio.decode import decode_audio  # noqa: E402
from voc.audio.redact import redact_recording, spans_to_mute  # noqa: E402
from voc.config import REDACTION_TYPES, RedactionSettings, Settings  # noqa: E402
from voc.pipeline import Analyzer  # noqa: E402
from voc.redaction import redact_call  # noqa: E402
from voc.schemas import CallAnalysis  # noqa: E402
from voc.stage_types import AnalyzeOptions, TextFindings  # noqa: E402

DATA = ROOT / "tests" / "data" / "redaction"
CACHE = Path("/tmp/voc-eval-redaction-audio")
READABLE = False  # --readable


@dataclass
class Tally:
    gold: int = 0
    text_safe: int = 0
    audio_safe: int = 0
    heard_in_original: int = 0
    keep_off: int = 0
    keep_on: int = 0
    tasks: dict[str, list[int]] = field(default_factory=lambda: {"on": [0, 0, 0], "off": [0, 0, 0]})
    redaction_s: float = 0.0
    analysis_s: float = 0.0
    shares: list[float] = field(default_factory=list)


def result_texts(analysis: CallAnalysis) -> list[str]:
    texts = [t.text for t in analysis.turns] + [t.display_text or "" for t in analysis.turns]
    texts += [t.title for t in analysis.tasks] + [t.evidence.quote for t in analysis.tasks]
    texts += [e.text for e in analysis.entities]
    if analysis.summary is not None:
        texts.append(analysis.summary.text)
    return texts


def readable_voice(settings: dict[str, Any]) -> dict[str, Any]:
    """--readable: the line's voice without what makes Whisper base deaf to its digits on an 8 kHz
    line (festival shifted in pitch or tempo, espeak-ng's Russian); loudness and tilt stay."""
    out = {k: v for k, v in settings.items() if k not in ("pitch_semitones", "tempo")}
    if str(out.get("voice", "")).startswith("espeak:ru"):
        del out["voice"]
    return out


def synthesise(call: dict[str, Any], fresh: bool) -> bytes:
    path = CACHE / f"{call['id']}.wav"
    if fresh or not path.exists():
        adjust = readable_voice if READABLE else (lambda settings: settings)
        lines = [
            Line(speaker=s, text=t, language=call["language"], **adjust(voice[0] if voice else {}))
            for s, t, *voice in call["lines"]
        ]
        channels, _ = render_call(lines)
        phone = to_telephone(channels)
        peak = float(np.abs(phone).max()) or 1.0
        CACHE.mkdir(parents=True, exist_ok=True)
        sf.write(str(path), phone.T / max(1.0, peak / 0.95), 8000, subtype="PCM_16")
    return path.read_bytes()


def hear(analyzer: Analyzer, recording: bytes, language: str) -> list[str]:
    """Bare faster-whisper on each channel: the segments' texts."""
    audio = decode_audio(recording, max_duration_s=3600)
    model = analyzer.transcriber.model
    texts: list[str] = []
    for channel in audio.samples:
        segments, _ = model.transcribe(channel, language=language)
        texts.extend(s.text for s in segments)
    return texts


def found_entities(analysis: CallAnalysis) -> set[tuple[str, str]]:
    out = set()
    for e in analysis.entities:
        if e.kind in ("date", "amount") and e.value is not None:
            value = e.value if isinstance(e.value, str) else f"{float(e.value):g}"
            out.add((e.kind, value))
    return out


def task_counts(gold: list[list[Any]], analysis: CallAnalysis) -> tuple[int, int, int]:
    g = Counter((t, d) for t, d in gold)
    f = Counter((t.type, t.due_date.isoformat() if t.due_date else None) for t in analysis.tasks)
    tp = sum((g & f).values())
    return tp, sum(f.values()) - tp, sum(g.values()) - tp


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


def cached(name: str, fresh: bool, make: Callable[[], str]) -> str:
    """What does not depend on redaction (the analysis with redaction off, what Whisper hears in the
    original) is kept between runs of the same synthesised call unless --fresh."""
    path = CACHE / name
    if fresh or not path.exists():
        path.write_text(make(), encoding="utf-8")
    return path.read_text(encoding="utf-8")


def prepare(call: dict[str, Any], call_date: dt.date, analyzer: Analyzer, fresh: bool) -> None:
    """What does not depend on redaction, cached: the synthesised call, its analysis, what Whisper
    hears in the original."""
    recording = synthesise(call, fresh)
    options = AnalyzeOptions(language=call["language"], call_date=call_date, call_date_source="argument")
    cached(
        f"{call['id']}.analysis.json", fresh, lambda: analyzer.analyze_recording(recording, options).model_dump_json()
    )
    cached(f"{call['id']}.heard.json", fresh, lambda: json.dumps(hear(analyzer, recording, call["language"])))


def evaluate(
    call: dict[str, Any], call_date: dt.date, analyzer: Analyzer, tally: Tally, show: bool, fresh: bool
) -> None:
    language = call["language"]
    recording = synthesise(call, fresh)
    options = AnalyzeOptions(language=language, call_date=call_date, call_date_source="argument")
    stored = cached(
        f"{call['id']}.analysis.json", fresh, lambda: analyzer.analyze_recording(recording, options).model_dump_json()
    )
    off = CallAnalysis.model_validate_json(stored)
    began = time.perf_counter()
    findings = TextFindings(off.turns, off.customer, off.agent, off.entities, off.tasks, off.summary, [])
    on = off.model_copy(update=redact_call(findings, language, REDACTION_TYPES).fields())
    pad = analyzer.settings.redaction.audio_pad_s
    copy = redact_recording(recording, spans_to_mute(on.redactions, on.turns, pad, on.channels.layout, recording))
    spent = time.perf_counter() - began
    total = sum(off.timings.values()) + spent
    tally.redaction_s += spent
    tally.analysis_s += total
    tally.shares.append(spent / total)
    heard_copy = hear(analyzer, copy.data, language)
    heard_original = json.loads(
        cached(f"{call['id']}.heard.json", fresh, lambda: json.dumps(hear(analyzer, recording, language)))
    )
    texts = result_texts(on)
    for turn, kind, secret in call["pii"]:
        tally.gold += 1
        text_leak = readable(kind, secret, texts, language)
        audio_leak = readable(kind, secret, heard_copy, language)
        tally.text_safe += not text_leak
        tally.audio_safe += not audio_leak
        tally.heard_in_original += readable(kind, secret, heard_original, language)
        if show and text_leak:
            print(f"  TEXT LEAK {call['id']} turn {turn} {kind} {secret}: {[t.text for t in on.turns]}")
        if show and audio_leak:
            print(f"  AUDIO LEAK {call['id']} turn {turn} {kind} {secret}: {heard_copy}")
    kept_off, kept_on = found_entities(off), found_entities(on)
    for kind, value in call["keep"]:
        key = (kind, value if isinstance(value, str) else f"{float(value):g}")
        if key in kept_off:
            tally.keep_off += 1
            tally.keep_on += key in kept_on
            if show and key not in kept_on:
                print(f"  LOST {call['id']} {key}")
        elif show:
            print(f"  (not recognised even without redaction: {call['id']} {key})")
    for name, analysis in (("on", on), ("off", off)):
        for i, n in enumerate(task_counts(call["tasks"], analysis)):
            tally.tasks[name][i] += n
    if show:
        print(f"  {call['id']}: {len(on.redactions)} spans, muted {[(s.start, s.end) for s in copy.spans]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="tuned", help="calls_<set>.json under tests/data/redaction")
    parser.add_argument("--errors", action="store_true", help="print each leak and each lost date or amount")
    parser.add_argument("--only", default="", help="comma-separated call ids")
    parser.add_argument("--fresh", action="store_true", help="synthesise, analyse and transcribe everything again")
    parser.add_argument(
        "--prepare",
        action="store_true",
        help="only synthesise, analyse (redaction off) and transcribe the originals into the cache; score nothing"
        " (a held-out set can be prepared while the code is still changing, and scored once later)",
    )
    parser.add_argument(
        "--readable",
        action="store_true",
        help="speak the set without pitch and tempo shifts and without espeak-ng's Russian (Whisper base reads"
        " almost no digits in those on an 8 kHz line); cached apart",
    )
    args = parser.parse_args()
    global CACHE, READABLE
    if args.readable:
        CACHE, READABLE = CACHE / "readable", True
    CACHE = CACHE / args.set  # call ids repeat across sets (h01 in calls_heldout and calls_fresh4)
    data = json.loads((DATA / f"calls_{args.set}.json").read_text(encoding="utf-8"))
    call_date = dt.date.fromisoformat(data["call_date"])
    only = {c for c in args.only.split(",") if c}
    analyzer = Analyzer(Settings(redaction=RedactionSettings(enabled=False)))
    tally = Tally()
    for call in data["calls"]:
        if (only and call["id"] not in only) or args.prepare:
            if args.prepare and (not only or call["id"] in only):
                prepare(call, call_date, analyzer, args.fresh)
            continue
        evaluate(call, call_date, analyzer, tally, args.errors, args.fresh)
    if args.prepare:
        print(f"prepared {args.set} in {CACHE}")
        return 0
    n = max(tally.gold, 1)
    on, off = tally.tasks["on"], tally.tasks["off"]
    print(
        json.dumps(
            {
                "set": args.set,
                "calls": len(only) or len(data["calls"]),
                "gold spans": tally.gold,
                "text leak recall": round(tally.text_safe / n, 3),
                "audio leak recall": round(tally.audio_safe / n, 3),
                "readable in the original audio (the check finds what is there)": f"{tally.heard_in_original}/{n}",
                "dates and amounts kept": f"{tally.keep_on}/{tally.keep_off}"
                + (f" = {tally.keep_on / tally.keep_off:.3f}" if tally.keep_off else ""),
                "task F1 redaction on": round(f1(*on), 3),
                "task F1 redaction off": round(f1(*off), 3),
                "redaction share of analysis time (all calls)": round(
                    tally.redaction_s / max(tally.analysis_s, 1e-9), 4
                ),
                "redaction share, worst call": round(max(tally.shares, default=0.0), 4),
            },
            ensure_ascii=False,
            indent=1,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
