"""decode_audio on every supported format, and a specific error for each kind of bad file."""

from __future__ import annotations

import io
import json
from pathlib import Path

import av
import numpy as np
import pytest
import soundfile as sf
import soxr

from voc.audio.decode import TARGET_RATE, decode_audio
from voc.errors import (
    AudioTooLongError,
    EmptyAudioError,
    NotAudioError,
    SilentAudioError,
    TruncatedAudioError,
    UnsupportedAudioError,
)

LIMIT = 2 * 60 * 60.0


@pytest.fixture(scope="module")
def call(data_dir: Path) -> np.ndarray:
    """A real-speech stereo call, (frames, 2) at 16 kHz: the source every format is written from."""
    data, rate = sf.read(str(data_dir / "calls" / "order_ru_16k.flac"), dtype="float32")
    assert rate == 16000
    return data


def _write(data: np.ndarray, rate: int, fmt: str, subtype: str | None = None) -> bytes:
    resampled = soxr.resample(data, 16000, rate) if rate != 16000 else data
    out = io.BytesIO()
    sf.write(out, resampled, rate, format=fmt, subtype=subtype)
    return out.getvalue()


def _encode_with_ffmpeg(data: np.ndarray, rate: int, container: str, codec: str) -> bytes:
    out = io.BytesIO()
    resampled = soxr.resample(data, 16000, rate).astype(np.float32)
    layout = "stereo" if resampled.shape[1] == 2 else "mono"
    with av.open(out, mode="w", format=container) as muxer:
        stream = muxer.add_stream(codec, rate=rate, layout=layout)
        assert isinstance(stream, av.AudioStream)
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(resampled.T), format="fltp", layout=layout)
        frame.sample_rate = rate
        for packet in stream.encode(frame):
            muxer.mux(packet)
        for packet in stream.encode(None):
            muxer.mux(packet)
    return out.getvalue()


@pytest.mark.parametrize(
    ("fmt", "subtype", "rate", "codec"),
    [
        ("WAV", "PCM_16", 8000, "wav/pcm_16"),
        ("WAV", "PCM_24", 44100, "wav/pcm_24"),
        ("WAV", "PCM_32", 22050, "wav/pcm_32"),
        ("WAV", "FLOAT", 48000, "wav/float"),
        ("WAV", "ULAW", 8000, "wav/ulaw"),
        ("WAV", "ALAW", 8000, "wav/alaw"),
        ("FLAC", "PCM_16", 16000, "flac/pcm_16"),
        ("FLAC", "PCM_24", 32000, "flac/pcm_24"),
        ("OGG", "OPUS", 48000, "ogg/opus"),
        ("MP3", "MPEG_LAYER_III", 44100, "mp3/mpeg_layer_iii"),
    ],
)
@pytest.mark.parametrize("channels", [1, 2])
def test_each_format_decodes_to_16k_with_its_length_and_channels(
    call: np.ndarray, fmt: str, subtype: str, rate: int, codec: str, channels: int
) -> None:
    data = call if channels == 2 else call.mean(axis=1)
    audio = decode_audio(_write(data, rate, fmt, subtype), max_duration_s=LIMIT)
    assert audio.sample_rate == TARGET_RATE
    assert audio.source_rate == rate
    assert audio.channels == channels
    assert audio.codec == codec
    assert audio.samples.dtype == np.float32
    # Lossy codecs add encoder delay and padding: tens of milliseconds.
    assert audio.duration_s == pytest.approx(len(call) / 16000, abs=0.08)
    # The speech survives: the decoded level is close to the original's.
    original_rms = float(np.sqrt(np.mean(np.square(data))))
    decoded_rms = float(np.sqrt(np.mean(np.square(audio.samples))))
    assert decoded_rms == pytest.approx(original_rms, rel=0.25)


def test_channels_stay_apart(call: np.ndarray) -> None:
    audio = decode_audio(_write(call, 16000, "WAV", "ULAW"), max_duration_s=LIMIT)
    for channel in (0, 1):
        same = np.corrcoef(audio.samples[channel], call[:, channel])[0, 1]
        other = np.corrcoef(audio.samples[channel], call[:, 1 - channel])[0, 1]
        assert same > 0.95
        assert abs(other) < 0.3


@pytest.mark.parametrize(
    ("container", "codec", "expected"), [("webm", "libopus", "matroska/opus"), ("mp3", "libmp3lame", "mp3")]
)
def test_files_libsndfile_refuses_or_ffmpeg_wrote_decode_through_pyav(
    call: np.ndarray, container: str, codec: str, expected: str
) -> None:
    audio = decode_audio(_encode_with_ffmpeg(call, 48000, container, codec), max_duration_s=LIMIT)
    assert audio.channels == 2
    assert expected in audio.codec
    assert audio.duration_s == pytest.approx(len(call) / 16000, abs=0.1)


def test_committed_calls_decode_with_their_truth(data_dir: Path) -> None:
    for path in sorted((data_dir / "calls").glob("*.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        audio_path = next(p for p in path.parent.glob(path.stem + ".*") if p.suffix != ".json")
        audio = decode_audio(audio_path, max_duration_s=LIMIT)
        assert audio.channels == 2
        assert audio.source_rate == truth["extra"]["sample_rate"]
        assert audio.codec == truth["extra"]["codec"]
        assert audio.duration_s > truth["turns"][-1]["end"]


def test_empty_input() -> None:
    with pytest.raises(EmptyAudioError):
        decode_audio(b"", max_duration_s=LIMIT)


def test_header_without_samples() -> None:
    with pytest.raises(EmptyAudioError):
        decode_audio(_write(np.zeros((0, 2), dtype=np.float32), 8000, "WAV", "PCM_16"), max_duration_s=LIMIT)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="no such file"):
        decode_audio(tmp_path / "nowhere.wav", max_duration_s=LIMIT)


@pytest.mark.parametrize(
    ("fmt", "subtype"),
    [("WAV", "PCM_16"), ("WAV", "ULAW"), ("FLAC", "PCM_16"), ("OGG", "OPUS"), ("MP3", "MPEG_LAYER_III")],
)
def test_cut_off_files_are_truncated(call: np.ndarray, fmt: str, subtype: str) -> None:
    rate = 48000 if subtype == "OPUS" else 16000
    whole = _write(call, rate, fmt, subtype)
    with pytest.raises(TruncatedAudioError):
        decode_audio(whole[: len(whole) * 2 // 3], max_duration_s=LIMIT)


@pytest.mark.parametrize(
    "payload",
    [
        b'{"call_id": 17, "agent": "A-12", "text": "not a recording"}',
        "Добрый день, это текстовый файл, а не запись звонка.\n".encode() * 40,
        np.random.default_rng(7).bytes(64_000),
        b"\x00" * 5000,
    ],
    ids=["json", "text", "random-bytes", "zero-bytes"],
)
def test_non_audio_is_refused(payload: bytes) -> None:
    with pytest.raises(NotAudioError):
        decode_audio(payload, max_duration_s=LIMIT)


def test_digital_silence() -> None:
    with pytest.raises(SilentAudioError, match="digital silence"):
        decode_audio(_write(np.zeros((16000 * 3, 2), dtype=np.float32), 8000, "WAV", "ULAW"),
                     max_duration_s=LIMIT)


def test_line_noise_only_is_silent() -> None:
    noise = np.random.default_rng(1).normal(0, 10 ** (-70 / 20), (16000 * 3, 2)).astype(np.float32)
    with pytest.raises(SilentAudioError):
        decode_audio(_write(noise, 16000, "WAV", "FLOAT"), max_duration_s=LIMIT)


def test_one_silent_channel_is_fine(call: np.ndarray) -> None:
    data = call.copy()
    data[:, 1] = 0
    assert decode_audio(_write(data, 8000, "WAV", "PCM_16"), max_duration_s=LIMIT).channels == 2


def test_over_long_recording(call: np.ndarray) -> None:
    with pytest.raises(AudioTooLongError, match="limit"):
        decode_audio(_write(call, 8000, "WAV", "ULAW"), max_duration_s=10)


def test_length_is_checked_from_the_header_before_decoding(call: np.ndarray) -> None:
    """A FLAC whose frames are damaged still says 'too long': the header was read, not the audio."""
    whole = bytearray(_write(call, 16000, "FLAC", "PCM_16"))
    middle = len(whole) // 2
    whole[middle : middle + 2000] = np.random.default_rng(3).bytes(2000)
    with pytest.raises(AudioTooLongError):
        decode_audio(bytes(whole), max_duration_s=10)


def test_more_than_two_channels(call: np.ndarray) -> None:
    three = np.column_stack([call, call[:, 0]])
    with pytest.raises(UnsupportedAudioError, match="3 channels"):
        decode_audio(_write(three, 16000, "WAV", "PCM_16"), max_duration_s=LIMIT)


def test_sample_rate_below_telephone(call: np.ndarray) -> None:
    with pytest.raises(UnsupportedAudioError, match="4000 Hz"):
        decode_audio(_write(call, 4000, "WAV", "PCM_16"), max_duration_s=LIMIT)
