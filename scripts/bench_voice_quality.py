"""Cost per audio second of the voice-quality measures: openSMILE eGeMAPS vs voc.prosody.voice.

    pip install opensmile   # only for this comparison; voc does not depend on it
    PYTHONPATH=. .venv/bin/python scripts/bench_voice_quality.py

Both run on the same 40 s of real speech (a festvox-ru utterance repeated); prints ms per audio
second and the two alpha ratios / Hammarberg indices side by side (different bands, same trend).
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import soundfile as sf

from voc.prosody.voice import voice_quality

CLIP = Path(__file__).resolve().parents[1] / "tests" / "data" / "prosody" / "ru_0010.flac"
HOP = 160


def main() -> None:
    audio, rate = sf.read(str(CLIP), dtype="float32")
    audio = np.tile(audio, 4)
    seconds = len(audio) / rate
    frames = 1 + len(audio) // HOP
    voiced = np.ones(frames, dtype=bool)
    voice_quality(audio[:rate], rate, voiced[: 1 + rate // HOP], None, HOP)
    began = time.perf_counter()
    ours = voice_quality(audio, rate, voiced, None, HOP)
    ours_ms = (time.perf_counter() - began) / seconds * 1000
    print(f"voc.prosody.voice: {ours_ms:.1f} ms per audio second; {ours}")
    try:
        import opensmile
    except ImportError:
        print("opensmile is not installed: pip install opensmile")
        return
    smile = opensmile.Smile(
        feature_set=opensmile.FeatureSet.eGeMAPSv02, feature_level=opensmile.FeatureLevel.Functionals
    )
    smile.process_signal(audio[:rate], rate)
    began = time.perf_counter()
    table = smile.process_signal(audio, rate)
    smile_ms = (time.perf_counter() - began) / seconds * 1000
    row = table.iloc[0]
    print(
        f"openSMILE eGeMAPSv02: {smile_ms:.1f} ms per audio second; alpha ratio (voiced) "
        f"{row['alphaRatioV_sma3nz_amean']:.2f} dB, Hammarberg {row['hammarbergIndexV_sma3nz_amean']:.2f} dB, "
        f"jitter {row['jitterLocal_sma3nz_amean']:.4f}, shimmer {row['shimmerLocaldB_sma3nz_amean']:.2f} dB"
    )


if __name__ == "__main__":
    main()
