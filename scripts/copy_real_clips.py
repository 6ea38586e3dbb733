"""Copies a few real human recordings with their transcripts from Debian packages into tests/data/real.

Sources (see tests/data/real/LICENSES.md): festvox-ru (16 kHz read Russian speech) and
asterisk-core-sounds-ru-wav / -en-wav (8 kHz IVR prompts; text from asterisk-core-sounds-ru/-en).
Festvox clips are stored as FLAC (lossless, a third of the size); IVR prompts stay 8 kHz WAV.

    /work/main/.venv/bin/python scripts/copy_real_clips.py
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import soundfile as sf

FESTVOX = Path("/usr/share/festival/voices/russian/msu_ru_nsh_clunits")
ASTERISK = Path("/usr/share/asterisk/sounds")
ASTERISK_TEXT = "/usr/share/doc/asterisk-core-sounds-{lang}/core-sounds-{lang}.txt.gz"
OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "real"

FESTVOX_CLIPS = ["ru_0063", "ru_0306", "ru_0695"]
ASTERISK_CLIPS = {
    "ru": ["all-circuits-busy-now", "check-number-dial-again", "auth-incorrect"],
    "en": ["all-circuits-busy-now", "check-number-dial-again", "auth-incorrect"],
}


def festvox_texts() -> dict[str, str]:
    text = (FESTVOX / "etc" / "txt.done.data").read_text(encoding="utf-8")
    return {m[1]: m[2] for m in re.finditer(r'\( (\S+) "(.*)" \)', text)}


def asterisk_texts(lang: str) -> dict[str, str]:
    with gzip.open(ASTERISK_TEXT.format(lang=lang), "rt", encoding="utf-8") as handle:
        lines = [line.split(":", 1) for line in handle if ":" in line and not line.startswith(";")]
    return {name.strip(): text.strip() for name, text in lines}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, dict[str, object]] = {}
    texts = festvox_texts()
    for name in FESTVOX_CLIPS:
        data, rate = sf.read(str(FESTVOX / "wav" / f"{name}.wav"), dtype="int16")
        target = OUT / f"festvox_{name}.flac"
        sf.write(str(target), data, rate, subtype="PCM_16")
        manifest[target.name] = {"text": texts[name], "language": "ru", "sample_rate": rate,
                                 "duration_s": round(len(data) / rate, 3), "source": "festvox-ru"}
    for lang, names in ASTERISK_CLIPS.items():
        prompts = asterisk_texts(lang)
        for name in names:
            source = ASTERISK / lang / f"{name}.wav"
            target = OUT / f"asterisk_{lang}_{name}.wav"
            target.write_bytes(source.read_bytes())
            info = sf.info(str(target))
            manifest[target.name] = {"text": prompts[name], "language": lang, "sample_rate": info.samplerate,
                                     "duration_s": round(info.duration, 3),
                                     "source": f"asterisk-core-sounds-{lang}-wav"}
    (OUT / "transcripts.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                                          encoding="utf-8")


if __name__ == "__main__":
    main()
