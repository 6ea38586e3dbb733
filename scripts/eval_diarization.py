"""Speaker separation of mono calls against their truth: DER per set and agent identification.

    python scripts/make_mono_calls.py --out /tmp/mono-eval --real 12 --downmix 6 --single 4 --seed 7
    python scripts/eval_diarization.py /tmp/mono-eval            # also runs Whisper for the roles
    python scripts/eval_diarization.py tests/data/diarize --no-asr

DER = (missed speech + false alarm + speaker confusion) / scored speech, 0.25 s collar,
overlap marks not counted as a second speaker. Agent identification runs the packaged
Whisper model on each call (words cached next to the call as <name>.words.json) and checks
that the voice named agent is the truth's agent.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import soundfile as sf
import soxr

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from voc.diarize.scoring import diarization_error
from voc.diarize.separate import separate_speakers
from voc.schemas import Word
from voc.stage_types import StreamTranscript

TARGETS = {"real": 0.15, "downmix": 0.20}


def load_call(path: Path) -> tuple[np.ndarray, dict]:
    audio, rate = sf.read(str(path), dtype="float32")
    truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    return soxr.resample(audio, rate, 16000).astype(np.float32), truth


def whisper_words(path: Path, samples: np.ndarray, model: object) -> list[Word]:
    cache = path.with_suffix(".words.json")
    if cache.exists():
        return [Word(**w) for w in json.loads(cache.read_text(encoding="utf-8"))]
    segments, _ = model.transcribe(
        samples,
        beam_size=5,
        word_timestamps=True,
        vad_filter=True,  # type: ignore[attr-defined]
        condition_on_previous_text=False,
    )
    words = [
        Word(
            word=w.word.strip(),
            start=round(w.start, 3),
            end=round(w.end, 3),
            probability=round(w.probability, 3),
        )
        for s in segments
        for w in (s.words or [])
        if w.word.strip()
    ]
    cache.write_text(json.dumps([w.model_dump() for w in words], ensure_ascii=False), encoding="utf-8")
    return words


def truth_agent_time(truth: dict, words: list[Word], agent_words: list[Word]) -> bool:
    """The words labelled agent fall mostly inside the truth's agent speech."""
    agent_spans = [(s, e) for who, s, e in truth["speech"] if who == "agent"]

    def inside(word: Word) -> bool:
        middle = (word.start + word.end) / 2
        return any(s - 0.2 <= middle <= e + 0.2 for s, e in agent_spans)

    return bool(agent_words) and sum(map(inside, agent_words)) > len(agent_words) / 2


def truth_overlaps(truth: dict) -> list[tuple[float, float]]:
    """Stretches where the two parties' speech overlaps by at least 0.1 s."""
    spans = truth["speech"]
    found = []
    for who, s, e in spans:
        for other, s2, e2 in spans:
            if who < other and min(e, e2) - max(s, s2) >= 0.1:
                found.append((max(s, s2), min(e, e2)))
    return found


def hits(regions: list[tuple[float, float]], targets: list[tuple[float, float]], slack: float = 0.3) -> int:
    return sum(any(min(e, e2) + slack > max(s, s2) for s2, e2 in targets) for s, e in regions)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", type=Path)
    parser.add_argument(
        "--no-asr", action="store_true", help="DER only; skip Whisper and agent identification"
    )
    args = parser.parse_args()
    model = None
    if not args.no_asr:
        from faster_whisper import WhisperModel

        from voc.asr.model_files import resolve_asr_model
        from voc.config import Settings

        model = WhisperModel(resolve_asr_model(Settings()), device="cpu", compute_type="int8")

    errors: dict[str, list[tuple[float, float]]] = defaultdict(list)
    agent_ok: dict[str, list[bool]] = defaultdict(list)
    count_ok: dict[str, list[bool]] = defaultdict(list)
    overlap_counts = [0, 0, 0, 0]  # truth overlaps, of them found, marks, of them true
    seconds = 0.0
    audio_s = 0.0
    for path in sorted(args.folder.glob("*.flac")):
        samples, truth = load_call(path)
        kind = truth["kind"]
        words = whisper_words(path, samples, model) if model else []
        began = time.perf_counter()
        separation = separate_speakers(samples, StreamTranscript("unknown", words))
        seconds += time.perf_counter() - began
        audio_s += len(samples) / 16000
        d = separation.diarization
        reference = [(who, s, e) for who, s, e in truth["speech"]]
        hypothesis = [(str(seg.cluster), seg.start, seg.end) for seg in d.segments]
        report = diarization_error(reference, hypothesis)
        errors[kind].append((report.der * report.scored_s, report.scored_s))
        true_overlaps = truth_overlaps(truth)
        overlap_counts[0] += len(true_overlaps)
        overlap_counts[1] += hits(true_overlaps, d.overlaps)
        overlap_counts[2] += len(d.overlaps)
        overlap_counts[3] += hits(d.overlaps, true_overlaps)
        true_count = len({who for who, _, _ in truth["speech"]})
        count_ok[kind].append(d.n_speakers == true_count)
        line = (
            f"{path.stem:12s} {kind:8s} voices {d.n_speakers} (truth {true_count})  DER {report.der:6.1%}  "
            f"miss {report.missed_s:4.1f}s fa {report.false_alarm_s:4.1f}s conf {report.confusion_s:4.1f}s "
            f"of {report.scored_s:5.1f}s  overlaps marked {len(d.overlaps)}"
        )
        if model and kind != "single":
            agent_words = next((t.words for t in separation.transcripts if t.speaker == "agent"), [])
            ok = truth_agent_time(truth, words, agent_words)
            agent_ok[kind].append(ok)
            line += f"  agent {'ok' if ok else 'WRONG'} ({separation.role_confidence:.2f})"
        print(line)

    print()
    for kind, pairs in sorted(errors.items()):
        der = sum(e for e, _ in pairs) / max(1e-9, sum(s for _, s in pairs))
        target = TARGETS.get(kind)
        verdict = (
            "" if target is None else f"  target <= {target:.0%}: {'met' if der <= target else 'NOT met'}"
        )
        print(
            f"{kind:8s} calls {len(pairs):2d}  DER {der:6.1%}{verdict}  "
            f"voice count right {sum(count_ok[kind])}/{len(count_ok[kind])}"
        )
    for kind, oks in sorted(agent_ok.items()):
        print(f"{kind:8s} agent identified {sum(oks)}/{len(oks)} ({sum(oks) / len(oks):.0%})")
    every = [ok for oks in agent_ok.values() for ok in oks]
    if every:
        print(
            f"all      agent identified {sum(every)}/{len(every)} "
            f"({sum(every) / len(every):.0%}), target >= 95%"
        )
    print(
        f"overlaps: {overlap_counts[1]}/{overlap_counts[0]} true overlaps marked, "
        f"{overlap_counts[3]}/{overlap_counts[2]} marks on a true overlap"
    )
    print(
        f"separation time {seconds:.1f}s for {audio_s:.0f}s of audio (RTF {seconds / max(audio_s, 1e-9):.3f})"
    )


if __name__ == "__main__":
    main()
