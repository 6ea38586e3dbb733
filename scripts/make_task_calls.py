#!/usr/bin/env python
"""Synthesises gold task calls to stereo audio (agent left, customer right) for the end-to-end eval.

Russian lines: festival msu_ru_nsh; English lines: piper joe-us (see scripts/callsynth.py).
Writes tests/data/tasks/audio/<id>.flac (16 kHz, 16-bit) and <id>.json (turn times, call date,
gold tasks). Run: PYTHONPATH=$PWD python scripts/make_task_calls.py [ids...]

--natural --out DIR speaks the calls in the voices' own pitch and tempo (no `customer_voice` /
`agent_voice` shifts) into DIR: the same words without the phase vocoder's damage, to tell what
the recogniser loses on shifted voices from what the extraction loses
(scripts/eval_tasks --audio --audio-dir DIR scores them).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from callsynth import Line, render_call, write_audio  # noqa: E402

GOLD = ROOT / "tests" / "data" / "tasks"
OUT = GOLD / "audio"
SPLITS = (
    "dev", "heldout", "blind", "blind2", "blind3", "dates", "dates2", "dates3", "dates4", "dates5", "spoken",
    "spoken2", "spoken3", "spoken4", "spoken5", "spoken6", "spoken7", "spoken8",
)  # fmt: skip
# Chosen to cover the date forms (spelled-out ordinals, "15-го", digits, month level, relative,
# weekdays, corrections, an impossible date), both languages and every task type.
CALL_IDS = [
    "r01", "r02", "r04", "r05", "r08", "r13", "r22", "r24", "r28", "r41",
    "h01", "h14", "r14", "r17", "h13", "r15",
    # written after every rule change (blind3.json): the honest end-to-end check
    "d01", "d02", "d05", "d06", "d11", "d14",
    # the date batch (dates.json), spoken after its text rules were tuned: first audio score reported
    "t01", "t03", "t05", "t06", "t09", "t11", "t12", "t14", "t17", "t28", "t29", "t42",
    # the held-out date batch (dates3.json), chosen when it was written (no digits for festival to skip),
    # spoken after its first text score: scored once from audio
    "w01", "w03", "w06", "w09", "w12", "w14", "w20", "w25", "w30", "w34", "w35", "w37",
    # the date development batch (dates2.json), spoken to make the extraction robust to Whisper's words
    "u01", "u02", "u05", "u08", "u12", "u15", "u19", "u24", "u26", "u30", "u37", "u40",
    # the second held-out date batch (dates4.json), chosen when written (no digits), spoken after its text score
    "x02", "x03", "x07", "x09", "x12", "x16", "x22", "x25", "x29", "x30", "x35", "x37",
    # the third held-out date batch (dates5.json), chosen when written (no digits), spoken after its text score
    "y01", "y05", "y09", "y11", "y13", "y14", "y18", "y21", "y27", "y29", "y36", "y38",
    # the hearing batch (spoken.json), written for audio with shifted voices and per-call terms: scored once
    "s01", "s02", "s03", "s04", "s05", "s06", "s07", "s08",
    # the second hearing batch (spoken2.json), written after the task-word changes: scored once
    "s09", "s10", "s11", "s12", "s13", "s14", "s15", "s16", "s17", "s18", "s19", "s20", "s21", "s22",
    # the third hearing batch (spoken3.json), written by a separate author: scored once
    "s23", "s24", "s25", "s26", "s27", "s28", "s29", "s30", "s31", "s32", "s33", "s34", "s35", "s36",
    # the fourth hearing batch (spoken4.json), written by another separate author: scored once
    "s37", "s38", "s39", "s40", "s41", "s42", "s43", "s44", "s45", "s46", "s47", "s48", "s49", "s50",
    # the fifth hearing batch (spoken5.json), by a third separate author: scored once
    "s51", "s52", "s53", "s54", "s55", "s56", "s57", "s58", "s59", "s60", "s61", "s62", "s63", "s64",
    # the sixth hearing batch (spoken6.json), by a fourth separate author: scored once
    "s65", "s66", "s67", "s68", "s69", "s70", "s71", "s72", "s73", "s74", "s75", "s76", "s77", "s78",
    # the seventh hearing batch (spoken7.json), by a fifth separate author: scored once
    "s79", "s80", "s81", "s82", "s83", "s84", "s85", "s86", "s87", "s88", "s89", "s90", "s91", "s92",
    # the eighth hearing batch (spoken8.json, 40 calls), by a sixth separate author: scored once
    "s93", "s94", "s95", "s96", "s97", "s98", "s99", "s100", "s101", "s102",
    "s103", "s104", "s105", "s106", "s107", "s108", "s109", "s110", "s111", "s112",
    "s113", "s114", "s115", "s116", "s117", "s118", "s119", "s120", "s121", "s122",
    "s123", "s124", "s125", "s126", "s127", "s128", "s129", "s130", "s131", "s132",
]  # fmt: skip
# What the speaker actually says where the transcript uses digits or marks the voices cannot read
# (festival's Russian voice reads neither digits nor «», —, ...).
SPOKEN = {
    ("r05", 0): "Здравствуйте, Анна Сергеевна, звоню напомнить, что ваш депозит Накопительный "
    "заканчивается пятнадцатого марта.",
    ("r24", 0): "у меня вклад до двадцатого декабря хотела бы узнать что дальше",
    ("r24", 1): "после двадцатого декабря вклад продлится на тех же условиях если вы ничего не сделаете",
    ("r24", 2): "понятно перезвоните мне после двадцатого декабря",
    ("r41", 0): "Ваш ОСАГО истекает третьего декабря. Продлеваем?",
    ("r41", 1): "Да, продлевайте. И ещё, КАСКО у меня у другой страховой, он до первого марта.",
    ("h14", 0): "Вклад на триста тысяч рублей заканчивается пятнадцатого апреля, а второй на сто тысяч, "
    "пятнадцатого мая.",
    ("r17", 0): "Your car insurance policy expires on the fifteenth of December twenty twenty-six. "
    "Would you like to renew?",
    ("r15", 1): "I'm sorry about that. I've registered your complaint, reference forty-four seventy-one.",
}


def speakable(text: str) -> str:
    return " ".join(text.replace("...", ",").replace("«", "").replace("»", "").replace(" — ", ", ").split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ids", nargs="*", help="call ids (default: every spoken call)")
    parser.add_argument("--natural", action="store_true", help="no pitch or tempo shifts of the voices")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for <id>.flac and <id>.json")
    args = parser.parse_args()
    calls = {
        call["id"]: call
        for split in SPLITS
        for call in json.loads((GOLD / f"{split}.json").read_text(encoding="utf-8"))["calls"]
    }
    args.out.mkdir(parents=True, exist_ok=True)
    for call_id in args.ids or CALL_IDS:
        call = calls[call_id]
        lines = [
            Line(
                speaker=t["speaker"],
                text=SPOKEN.get((call_id, i), speakable(t["text"])),
                language=call["language"],
                gap_before=0.6,
                # pitch_semitones, tempo: another voice
                **({} if args.natural else call.get(f"{t['speaker']}_voice", {})),
            )
            for i, t in enumerate(call["turns"])
        ]
        channels, truth = render_call(lines)
        write_audio(args.out / f"{call_id}.flac", channels, 16000)
        truth.extra = {"call_date": call["call_date"], "language": call["language"], "tasks": call["tasks"]}
        if call.get("terms"):
            truth.extra["terms"] = call["terms"]
        truth.write(args.out / f"{call_id}.json")
        print(call_id, f"{channels.shape[1] / 16000:.1f} s", flush=True)


if __name__ == "__main__":
    main()
