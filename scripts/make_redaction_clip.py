#!/usr/bin/env python
"""Synthesises tests/data/redaction/card_call_8k.wav: a short stereo telephone call (agent left,
customer right) in which the customer dictates a made-up card number after the agent asks for it.
The truth (turn times, the digits) goes beside it as card_call_8k.json.

Run: PYTHONPATH=$PWD python scripts/make_redaction_clip.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from callsynth import Line, render_call, to_telephone, write_audio  # noqa: E402

OUT = ROOT / "tests" / "data" / "redaction" / "card_call_8k.wav"
LINES = [
    Line("agent", "Назовите, пожалуйста, номер карты."),
    Line("customer", "Четыре два семь шесть, три восемь ноль ноль, один два три четыре, пять шесть семь девять."),
    Line("agent", "Спасибо, карта привязана."),
]


def main() -> None:
    channels, truth = render_call(LINES)
    write_audio(OUT, to_telephone(channels), 8000)
    truth.sample_rate = 8000
    truth.extra = {"card_number": "4276380012345679", "card_turn": 1}
    truth.write(OUT.with_suffix(".json"))
    print(f"written {OUT}")


if __name__ == "__main__":
    main()
