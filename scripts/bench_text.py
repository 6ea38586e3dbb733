"""Speed of the text stages against the whole `voc analyze` on a 5-minute stereo call.

    .venv/bin/python scripts/bench_text.py [--minutes 5]

Builds a stereo call of the given length from the committed test calls (tests/data/calls and
tests/data/emotion/calls, repeated), warms the models on a short call, then analyses it once
and prints the seconds of each stage and the share taken by sentiment + cues + fusion + call
level ("sentiment" and "emotion" stages). Target: at most 10 % of the analysis.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile as sf
import soxr

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RATE = 16000
TEXT_STAGES = ("sentiment", "emotion")


def stereo_call(seconds: float) -> np.ndarray:
    sources = sorted((ROOT / "tests" / "data" / "calls").glob("*.wav"))
    sources += sorted((ROOT / "tests" / "data" / "emotion" / "calls").glob("*.flac"))
    pieces, total = [], 0
    while total < seconds * RATE:
        for path in sources:
            audio, rate = sf.read(str(path), dtype="float32", always_2d=True)
            audio = np.stack([soxr.resample(ch, rate, RATE) for ch in audio.T], axis=1)
            pieces.append(audio)
            total += len(audio)
            if total >= seconds * RATE:
                break
    return np.concatenate(pieces)[: int(seconds * RATE)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=5.0)
    args = parser.parse_args()

    from voc.pipeline import AnalyzeOptions, Analyzer

    analyzer = Analyzer()
    options = AnalyzeOptions(language="ru")
    with tempfile.TemporaryDirectory() as tmp:
        warm, call = Path(tmp) / "warm.wav", Path(tmp) / "call.wav"
        sf.write(str(warm), stereo_call(20), RATE)
        sf.write(str(call), stereo_call(args.minutes * 60), RATE)
        analyzer.analyze_recording(warm, options)  # loads Whisper, the encoder and pymorphy
        began = time.perf_counter()
        analysis = analyzer.analyze_recording(call, options)
        wall = time.perf_counter() - began
    text = sum(analysis.timings.get(stage, 0.0) for stage in TEXT_STAGES)
    asr = analysis.timings.get("asr", 0.0)
    print(f"call: {analysis.duration_s:.0f} s stereo, {len(analysis.turns)} turns")
    print("stages (s): " + ", ".join(f"{k} {v:.2f}" for k, v in analysis.timings.items()))
    print(f"analyze wall {wall:.1f} s; asr {asr:.1f} s; sentiment+cues+fusion {text:.2f} s")
    print(f"text stages / whole analysis = {text / wall:.3f} (target <= 0.10); text / asr = {text / asr:.3f}")


if __name__ == "__main__":
    main()
