"""Evaluations of issue 3: text sentiment, acoustic arousal, end to end on synthesised calls.

    .venv/bin/python scripts/eval_emotion.py text      # macro-F1 of the stored classifier
    .venv/bin/python scripts/eval_emotion.py arousal   # aroused copies of real recordings
    .venv/bin/python scripts/eval_emotion.py calls     # full pipeline on tests/data/emotion/calls

arousal: real recordings of one speaker (festvox-ru, 16 kHz and telephone band; asterisk-ru
IVR prompts, 8 kHz) are laid out as calls of ten turns; three turns per call are replaced by
aroused copies (pitch +3 semitones, tempo x1.15, +5 dB; callsynth.arouse). Prosody is measured
by voc.prosody and fused by voc.emotion with no text signal, so arousal is the voice alone.
A turn's arousal "rises" when it reaches the agitated line (fusion.AGITATED); the paired
check compares each turn with the same call in which nothing was aroused.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import librosa
import numpy as np
import soundfile as sf
import soxr

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from callsynth import arouse, to_telephone  # noqa: E402

from voc.emotion.fusion import AGITATED, fuse_emotion  # noqa: E402
from voc.pipeline import AnalyzeOptions, Analyzer, StageClock  # noqa: E402
from voc.prosody.measure import score_prosody  # noqa: E402
from voc.schemas import CallAnalysis, ChannelInfo, Turn, Word  # noqa: E402

RATE = 16000
GAP_S = 0.7
TURNS_PER_CALL = 10
AROUSED_PER_CALL = 3
FESTVOX = Path("/usr/share/festival/voices/russian/msu_ru_nsh_clunits")
ASTERISK = Path("/usr/share/asterisk/sounds/ru")
ASTERISK_TEXT = Path("/usr/share/doc/asterisk-core-sounds-ru/core-sounds-ru.txt.gz")


@dataclass
class Clip:
    name: str
    text: str
    audio: np.ndarray  # 16 kHz mono, trimmed


def _load(path: Path) -> np.ndarray:
    audio, rate = sf.read(str(path), dtype="float32", always_2d=True)
    mono = audio.mean(axis=1)
    mono = soxr.resample(mono, rate, RATE) if rate != RATE else mono
    trimmed, _ = librosa.effects.trim(mono, top_db=35)
    return trimmed.astype(np.float32)


def festvox_clips(count: int) -> list[Clip]:
    lines = (FESTVOX / "etc" / "txt.done.data").read_text(encoding="utf-8").splitlines()
    texts = dict(re.findall(r'\(\s*(\S+)\s+"(.*)"\s*\)', "\n".join(lines)))
    clips = []
    for name in sorted(texts)[::2]:
        audio = _load(FESTVOX / "wav" / f"{name}.wav")
        if 1.5 <= len(audio) / RATE <= 7.0:
            clips.append(Clip(name, texts[name].replace("+", ""), audio))
        if len(clips) == count:
            break
    return clips


def asterisk_clips(count: int) -> list[Clip]:
    texts = {}
    with gzip.open(ASTERISK_TEXT, "rt", encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    for line in lines:
        if ":" in line and not line.startswith(";"):
            name, text = line.split(":", 1)
            if "[" not in text:
                texts[name.strip()] = text.strip()
    clips = []
    for name in sorted(texts):
        path = ASTERISK / f"{name}.wav"
        if not path.is_file():
            continue
        audio = _load(path)
        if 1.2 <= len(audio) / RATE <= 6.0:
            clips.append(Clip(name, texts[name], audio))
        if len(clips) == count:
            break
    return clips


def lay_out(clips: list[tuple[str, np.ndarray]]) -> tuple[np.ndarray, list[Turn]]:
    """One speaker's turns with pauses; one word spans each turn, as ASR would cover it."""
    pieces, turns, cursor = [np.zeros(int(GAP_S * RATE), np.float32)], [], GAP_S
    for i, (text, audio) in enumerate(clips):
        start, end = cursor, cursor + len(audio) / RATE
        words = [Word(word=text, start=start, end=end, probability=1.0)]
        turns.append(Turn(index=i, speaker="customer", start=start, end=end, text=text, words=words))
        pieces += [audio, np.zeros(int(GAP_S * RATE), np.float32)]
        cursor = end + GAP_S
    return np.concatenate(pieces), turns


def call_arousal(clips: list[tuple[str, np.ndarray]], telephone: bool) -> list[float]:
    samples, turns = lay_out(clips)
    if telephone:
        narrow = to_telephone(samples[None, :])[0]
        samples = soxr.resample(narrow, 8000, RATE).astype(np.float32)
    fused = fuse_emotion(score_prosody(turns, {"customer": samples}, RATE))
    return [t.emotion.arousal if t.emotion else 0.0 for t in fused]


def evaluate_arousal() -> dict[str, object]:
    sets = {
        "festvox-ru 16 kHz": (festvox_clips(60), False),
        "festvox-ru telephone 8 kHz": (festvox_clips(60), True),
        "asterisk-ru IVR 8 kHz": (asterisk_clips(30), False),
    }
    report: dict[str, object] = {}
    totals = {"aroused": 0, "aroused_rose": 0, "paired_rose": 0, "calm": 0, "calm_rose": 0}
    for label, (clips, telephone) in sets.items():
        counts = dict.fromkeys(totals, 0)
        rng = np.random.default_rng(7)
        for begin in range(0, len(clips) - TURNS_PER_CALL + 1, TURNS_PER_CALL):
            call = clips[begin : begin + TURNS_PER_CALL]
            chosen = set(rng.choice(len(call), AROUSED_PER_CALL, replace=False).tolist())
            plain = [(c.text, c.audio) for c in call]
            mixed = [(c.text, arouse(c.audio, 3.0, 1.15, 5.0) if i in chosen else c.audio) for i, c in enumerate(call)]
            before = call_arousal(plain, telephone)
            after = call_arousal(mixed, telephone)
            for i, value in enumerate(after):
                if i in chosen:
                    counts["aroused"] += 1
                    counts["aroused_rose"] += value >= AGITATED
                    counts["paired_rose"] += value > before[i]
                else:
                    counts["calm"] += 1
                    counts["calm_rose"] += value >= AGITATED
        for key in totals:
            totals[key] += counts[key]
        report[label] = _rates(counts)
    report["all"] = _rates(totals)
    return report


def _rates(c: dict[str, int]) -> dict[str, object]:
    return {
        "aroused_turns": c["aroused"],
        "aroused_rose": round(c["aroused_rose"] / max(c["aroused"], 1), 3),
        "aroused_above_own_calm_version": round(c["paired_rose"] / max(c["aroused"], 1), 3),
        "unchanged_turns": c["calm"],
        "unchanged_rose_by_mistake": round(c["calm_rose"] / max(c["calm"], 1), 3),
    }


def evaluate_text() -> dict[str, object]:
    from sentiment_corpus import LANGUAGES, load_corpus
    from sklearn.metrics import f1_score

    from voc.text.sentiment import packaged_classifier

    examples = [e for e in load_corpus() if e.split != "train"]
    predicted = packaged_classifier().predict([e.text for e in examples])
    out: dict[str, object] = {}
    for split in ("test", "heldout"):
        for language in LANGUAGES:
            rows = [i for i, e in enumerate(examples) if e.split == split and e.language == language]
            truth = [examples[i].label for i in rows]
            guess = [predicted[i].label for i in rows]
            score = float(f1_score(truth, guess, average="macro"))
            out[f"{split} {language} macro-F1 (n={len(rows)})"] = round(score, 3)
    return out


def oracle_analysis(audio_path: Path, truth: dict[str, Any], analyzer: Analyzer) -> CallAnalysis:
    """The script's own words and times instead of ASR: what the emotion stages do with a perfect transcript."""
    from voc.audio.channels import split_channels
    from voc.audio.decode import decode_audio

    audio = decode_audio(audio_path, max_duration_s=3600)
    streams = split_channels(audio, ("agent", "customer"))
    turns = [
        Turn(index=i, speaker=t["speaker"], start=t["start"], end=t["end"], text=t["text"],
             words=[Word(word=t["text"], start=t["start"], end=t["end"], probability=1.0)])
        for i, t in enumerate(truth["turns"])
    ]
    turns = score_prosody(turns, {s.speaker: s.samples for s in streams}, audio.sample_rate)
    language = str(truth["extra"]["language"])
    found = analyzer.text_stages(turns, language, dt.date.today(), StageClock())
    return CallAnalysis(
        duration_s=audio.duration_s,
        language=language,
        channels=ChannelInfo(mode="stereo", layout=["agent", "customer"]),
        call_date=dt.date.today(),
        call_date_source="today",
        turns=found.turns,
        customer=found.customer,
        agent=found.agent,
    )


def evaluate_calls(folder: Path, oracle: bool) -> dict[str, object]:
    analyzer = Analyzer()
    rows = []
    for truth_path in sorted(folder.glob("*.json")):
        audio = next(p for p in folder.glob(truth_path.stem + ".*") if p.suffix != ".json")
        document = json.loads(truth_path.read_text(encoding="utf-8"))
        truth = document["extra"]
        if oracle:
            analysis = oracle_analysis(audio, document, analyzer)
        else:
            analysis = analyzer.analyze_recording(audio, AnalyzeOptions(language=truth.get("language")))
        customer = analysis.customer
        got_end = customer.sentiment_end if customer else None
        got_escalate = customer.escalate if customer else None
        rows.append(
            {
                "call": audio.name,
                "sentiment_end": [truth["sentiment_end"], got_end],
                "escalate": [truth["escalate"], got_escalate],
                "right": got_end == truth["sentiment_end"] and got_escalate == truth["escalate"],
                "reasons": customer.escalate_reasons if customer else [],
                "seconds": analysis.timings,
            }
        )
        print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    right = sum(r["right"] for r in rows)
    return {
        "calls": len(rows),
        "sentiment_end right": round(sum(r["sentiment_end"][0] == r["sentiment_end"][1] for r in rows) / len(rows), 3),
        "escalate right": round(sum(r["escalate"][0] == r["escalate"][1] for r in rows) / len(rows), 3),
        "both right": round(right / len(rows), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["text", "arousal", "calls"])
    parser.add_argument("--calls", type=Path, default=ROOT / "tests" / "data" / "emotion" / "calls")
    parser.add_argument("--oracle-text", action="store_true", help="calls: the scripted words instead of ASR")
    args = parser.parse_args()
    if args.what == "text":
        result = evaluate_text()
    elif args.what == "arousal":
        result = evaluate_arousal()
    else:
        result = evaluate_calls(args.calls, args.oracle_text)
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
