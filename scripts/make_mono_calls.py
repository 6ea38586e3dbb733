"""Builds mono test calls for speaker separation, with who-spoke-when truth as JSON.

Two sets:
- `real`: real recordings of two different real people interleaved as a dialogue: the
  asterisk Russian IVR voice (female, 8 kHz) as the agent and the festvox-ru recordings
  (male, 16 kHz) as the customer. Some lines overlap the previous one. A quarter of the
  calls open with the customer, so "who speaks first" alone cannot name the agent.
- `downmix`: stereo calls synthesised by callsynth (festival Russian agent, piper English
  customer, some lines aroused) summed to one channel; the truth comes from the channels.

Every call is band-limited to 300-3400 Hz and stored at 8 kHz, as telephone recorders do.

    python scripts/make_mono_calls.py --out tests/data/diarize --real 4 --downmix 2
    python scripts/make_mono_calls.py --out /tmp/mono-eval --real 12 --downmix 6 --seed 7
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import librosa
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from callsynth import RATE, Line, _load, render_call, to_telephone, write_audio

FESTVOX = Path("/usr/share/festival/voices/russian/msu_ru_nsh_clunits")
ASTERISK_RU = Path("/usr/share/asterisk/sounds/ru")
ASTERISK_RU_TEXT = Path("/usr/share/doc/asterisk-core-sounds-ru/core-sounds-ru.txt.gz")
OUT_RATE = 8000


@dataclass(frozen=True)
class Clip:
    path: Path
    text: str
    duration_s: float


def festvox_clips(max_s: float = 8.0) -> list[Clip]:
    clips = []
    for raw in (FESTVOX / "etc" / "txt.done.data").read_text(encoding="utf-8").splitlines():
        raw = raw.strip()
        if not raw.startswith("("):
            continue
        name, _, rest = raw[1:].strip().partition(" ")
        text = rest.rsplit(")", 1)[0].strip().strip('"').replace("+", "")
        path = FESTVOX / "wav" / f"{name}.wav"
        if path.exists():
            duration = librosa.get_duration(path=str(path))
            if 2.0 <= duration <= max_s:
                clips.append(Clip(path, text, duration))
    return clips


def asterisk_clips(min_s: float = 0.8, max_s: float = 7.0) -> list[Clip]:
    texts = {}
    for raw in gzip.decompress(ASTERISK_RU_TEXT.read_bytes()).decode("utf-8").splitlines():
        name, sep, text = raw.partition(":")
        spoken = re.search("[а-яё]", text, re.IGNORECASE) and "silence" not in name
        if sep and not raw.startswith(";") and "[" not in text and spoken:
            texts[name.strip()] = text.strip()
    clips = []
    for name, text in sorted(texts.items()):
        path = ASTERISK_RU / f"{name}.wav"
        if path.exists():
            duration = librosa.get_duration(path=str(path))
            if min_s <= duration <= max_s:
                clips.append(Clip(path, text, duration))
    return clips


def trimmed(path: Path) -> np.ndarray:
    audio = _load(path)
    audio, _ = librosa.effects.trim(audio, top_db=35)
    rms = float(np.sqrt(np.mean(audio**2))) or 1.0
    return (audio * (0.08 / rms)).astype(np.float32)  # equal loudness: level is no speaker cue


def speech_spans(audio: np.ndarray, offset_s: float, speaker: str) -> list[list]:
    """Where a placed recording really has speech: pauses inside a line longer than 0.3 s are not speech."""
    spans: list[list] = []
    for lo, hi in librosa.effects.split(audio, top_db=35, frame_length=400, hop_length=80):
        start, end = offset_s + lo / RATE, offset_s + hi / RATE
        if spans and start - spans[-1][2] < 0.3:
            spans[-1][2] = round(end, 3)
        else:
            spans.append([speaker, round(start, 3), round(end, 3)])
    return spans


def single_speaker_call(rng: random.Random, clips: list[Clip], label: str) -> tuple[np.ndarray, dict]:
    speech: list[list] = []
    pieces = []
    cursor = 0.5
    for clip in rng.sample(clips, 6 if clips[0].duration_s < 5 else 4):
        audio = trimmed(clip.path)
        pieces.append((int(cursor * RATE), audio))
        speech.extend(speech_spans(audio, cursor, "agent"))
        cursor += len(audio) / RATE + rng.uniform(0.3, 0.9)
    mono = np.zeros(int((cursor + 0.6) * RATE), dtype=np.float32)
    for offset, audio in pieces:
        mono[offset : offset + len(audio)] += audio
    return mono, {"kind": "single", "agent": label, "turns": [], "speech": speech}


def real_speaker_call(
    rng: random.Random, agents: list[Clip], customers: list[Clip]
) -> tuple[np.ndarray, dict]:
    hello = next(c for c in agents if c.path.stem == "hello")
    customer_first = rng.random() < 0.25
    exchanges = rng.randint(4, 6)
    order = []
    for i in range(exchanges):
        agent_clip = hello if (i == 0 and not customer_first) else rng.choice(agents)
        customer_clip = rng.choice(customers)
        pair = (
            [("customer", customer_clip), ("agent", agent_clip)]
            if customer_first
            else [("agent", agent_clip), ("customer", customer_clip)]
        )
        order.extend(pair)
    turns: list[dict] = []
    speech: list[list] = []
    pieces: list[tuple[int, np.ndarray]] = []
    cursor = 0.5
    for speaker, clip in order:
        audio = trimmed(clip.path)
        if turns and rng.random() < 0.2 and turns[-1]["end"] - turns[-1]["start"] > 1.5:
            start = cursor - rng.uniform(0.3, 0.8)  # a short overlap
        else:
            start = cursor + (rng.uniform(0.2, 0.9) if turns else 0.0)
        end = start + len(audio) / RATE
        pieces.append((int(start * RATE), audio))
        speech.extend(speech_spans(audio, start, speaker))
        turns.append(
            {
                "speaker": speaker,
                "start": round(start, 3),
                "end": round(end, 3),
                "text": clip.text,
                "source": str(clip.path),
            }
        )
        cursor = max(cursor, end)
    mono = np.zeros(int((cursor + 0.6) * RATE), dtype=np.float32)
    for offset, audio in pieces:
        mono[offset : offset + len(audio)] += audio
    truth = {
        "kind": "real",
        "agent": "asterisk-ru female IVR voice",
        "customer": "festvox-ru male voice",
        "turns": turns,
        "speech": speech,
    }
    return mono, truth


AGENT_SCRIPTS = [
    "Здравствуйте, банк Восток, меня зовут Анна, чем могу помочь?",
    "Назовите, пожалуйста, ваши фамилию, имя и отчество.",
    "Спасибо, я проверила данные. Ваш вклад заканчивается пятнадцатого марта.",
    "Могу предложить продлить вклад на тех же условиях.",
    "Хорошо, я оформлю заявку и перезвоню вам завтра.",
    "Спасибо за звонок, всего доброго!",
    "Добрый день, страховая компания Надёжность, оператор Мария, слушаю вас.",
    "Подскажите, пожалуйста, номер вашего договора.",
    "Я понимаю ваше недовольство, сейчас разберёмся.",
    "Оставайтесь, пожалуйста, на линии, я уточню информацию.",
]
CUSTOMER_SCRIPTS = [
    "Hello, I am calling about my deposit account.",
    "My name is John Smith, and I have been waiting for twenty minutes already.",
    "This is the third time I call you about the same problem!",
    "The contract number is four five six seven eight.",
    "I want to close my account if this is not fixed today.",
    "Okay, thank you, please call me back tomorrow.",
    "Yes, that would be fine, I can wait a little.",
    "I was charged twice for the same payment last week.",
]


def downmix_call(rng: random.Random) -> tuple[np.ndarray, dict]:
    agent_lines = rng.sample(AGENT_SCRIPTS[1:5], 3)
    opener = rng.choice([AGENT_SCRIPTS[0], AGENT_SCRIPTS[6]])
    customer_lines = rng.sample(CUSTOMER_SCRIPTS, 4)
    aroused = rng.random() < 0.5
    lines = [Line("agent", opener)]
    for i, text in enumerate(customer_lines):
        angry = aroused and i in (1, 2)
        lines.append(
            Line(
                "customer",
                text,
                language="en",
                gap_before=rng.choice([0.4, 0.7, -0.4]),
                pitch_semitones=3.0 if angry else 0.0,
                tempo=1.1 if angry else 1.0,
                gain_db=4.0 if angry else 0.0,
            )
        )
        if i < len(agent_lines):
            lines.append(Line("agent", agent_lines[i], gap_before=rng.choice([0.3, 0.6, 0.9])))
    channels, call_truth = render_call(lines)
    turns = [{"speaker": t.speaker, "start": t.start, "end": t.end, "text": t.text} for t in call_truth.turns]
    speech = [
        span
        for channel, name in enumerate(call_truth.layout)
        for span in speech_spans(channels[channel], 0.0, name)
    ]
    truth = {
        "kind": "downmix",
        "agent": "festival msu_ru_nsh (ru)",
        "customer": "piper joe-us (en)",
        "aroused_customer": aroused,
        "turns": turns,
        "speech": sorted(speech, key=lambda span: span[1]),
    }
    return channels.sum(axis=0), truth


def save(out: Path, name: str, mono: np.ndarray, truth: dict) -> None:
    phone = to_telephone(mono[None, :])
    write_audio(out / f"{name}.flac", phone, OUT_RATE)
    truth["sample_rate"] = OUT_RATE
    truth["duration_s"] = round(phone.shape[1] / OUT_RATE, 3)
    (out / f"{name}.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--real", type=int, default=4)
    parser.add_argument("--downmix", type=int, default=2)
    parser.add_argument("--single", type=int, default=0, help="one-speaker calls, alternating the two voices")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    agents, customers = asterisk_clips(), festvox_clips()
    for i in range(args.real):
        mono, truth = real_speaker_call(rng, agents, customers)
        save(args.out, f"real_{i:02d}", mono, truth)
    for i in range(args.downmix):
        mono, truth = downmix_call(rng)
        save(args.out, f"downmix_{i:02d}", mono, truth)
    for i in range(args.single):
        pool, label = (
            (customers, "festvox-ru male voice") if i % 2 == 0 else (agents, "asterisk-ru female IVR voice")
        )
        mono, truth = single_speaker_call(rng, pool, label)
        save(args.out, f"single_{i:02d}", mono, truth)
    print(f"wrote {args.real} real-speaker and {args.downmix} downmixed calls to {args.out}")


if __name__ == "__main__":
    main()
