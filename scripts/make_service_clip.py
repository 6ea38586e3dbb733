"""Builds the short stereo call the service tests upload: two real recorded Russian utterances
from festvox-ru (agent on the left channel, then the customer on the right), at 8 kHz PCM.

Usage: python scripts/make_service_clip.py [--festvox DIR] [--out tests/data/service]
Needs the Debian package festvox-ru (BSD-like licence, see tests/data/service/LICENSE.md).
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import numpy as np
import soundfile as sf
import soxr

FESTVOX = Path("/usr/share/festival/voices/russian/msu_ru_nsh_clunits")
RATE = 8000
AGENT, CUSTOMER = "ru_0683", "ru_0274"
GAP_S = 0.4


def transcript(festvox: Path, utterance: str) -> str:
    text = (festvox / "etc" / "txt.done.data").read_text(encoding="utf-8")
    match = re.search(rf'\( {utterance} "(.*?)" \)', text)
    assert match, utterance
    return match.group(1).replace("+", "")


def load(festvox: Path, utterance: str) -> np.ndarray:
    samples, rate = sf.read(festvox / "wav" / f"{utterance}.wav", dtype="float32")
    return soxr.resample(samples, rate, RATE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--festvox", type=Path, default=FESTVOX)
    parser.add_argument("--out", type=Path, default=Path("tests/data/service"))
    args = parser.parse_args()
    agent, customer = load(args.festvox, AGENT), load(args.festvox, CUSTOMER)
    offset = len(agent) + int(GAP_S * RATE)
    stereo = np.zeros((offset + len(customer), 2), dtype="float32")
    stereo[: len(agent), 0] = agent
    stereo[offset:, 1] = customer
    args.out.mkdir(parents=True, exist_ok=True)
    sf.write(args.out / "short_call_8k.wav", stereo, RATE, subtype="PCM_16")
    truth = {
        "source": "festvox-ru (Debian), real recorded speech",
        "channels": ["agent", "customer"],
        "turns": [
            {"speaker": "agent", "start": 0.0, "end": round(len(agent) / RATE, 3),
             "text": transcript(args.festvox, AGENT), "utterance": AGENT},
            {"speaker": "customer", "start": round(offset / RATE, 3), "end": round(len(stereo) / RATE, 3),
             "text": transcript(args.festvox, CUSTOMER), "utterance": CUSTOMER},
        ],
    }
    (args.out / "short_call_8k.json").write_text(json.dumps(truth, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    main()
