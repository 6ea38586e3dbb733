"""Decode any supported recording to float32 at 16 kHz, keeping its channels apart.

soundfile (libsndfile) reads WAV in all its codecs, FLAC, OGG and MP3 quickly; PyAV (ffmpeg)
takes what libsndfile refuses (some Opus and MP3 streams, other containers). Every way a file
can be wrong ends in one specific `AudioError` subclass so the CLI and the API can say which.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf
import soxr

from voc.errors import (
    AudioTooLongError,
    EmptyAudioError,
    InvalidInputError,
    NotAudioError,
    SilentAudioError,
    TruncatedAudioError,
    UnsupportedAudioError,
)
from voc.stage_types import DecodedAudio

TARGET_RATE = 16000
MIN_SOURCE_RATE = 8000
MAX_SOURCE_RATE = 48000
MAX_CHANNELS = 2
# The loudest 20 ms of a recording with any speech in it sits far above this; line noise and
# dither sit below it.
SILENCE_FLOOR_DBFS = -55.0
# A decoder may come up a few frames short of what the header promised (MP3 padding, rounding).
_TRUNCATION_TOLERANCE = 0.995


@dataclass(frozen=True)
class _Raw:
    samples: np.ndarray  # (channels, n) float32 at source rate
    rate: int
    codec: str


class _SoundfileRefused(Exception):
    """libsndfile does not know the format; PyAV gets a try."""


def decode_audio(source: Path | bytes, *, max_duration_s: float) -> DecodedAudio:
    data = _read_bytes(source)
    if not data:
        raise EmptyAudioError("the recording is empty (0 bytes)")
    _reject_text(data)
    _check_container_complete(data)
    try:
        raw = _decode_with_soundfile(data, max_duration_s)
    except _SoundfileRefused:
        raw = _decode_with_pyav(data, max_duration_s)
    _check_decoded(raw, max_duration_s)
    samples = _resample(raw.samples, raw.rate)
    _reject_silence(samples)
    return DecodedAudio(samples=samples, sample_rate=TARGET_RATE, source_rate=raw.rate, codec=raw.codec)


def decode_source_rate(source: Path | bytes) -> tuple[np.ndarray, int, str, str | None]:
    """The recording at its own rate, channels kept apart: (samples (channels, n) float32, rate,
    container, subtype), container and subtype as libsndfile names them ("WAV", "ULAW"); a file only
    PyAV reads gives its container name and no subtype. For writing a changed copy (audio redaction)."""
    data = _read_bytes(source)
    if not data:
        raise EmptyAudioError("the recording is empty (0 bytes)")
    try:
        info = sf.info(io.BytesIO(data))
        frames, rate = sf.read(io.BytesIO(data), dtype="float32", always_2d=True)
        return np.ascontiguousarray(frames.T), int(rate), info.format, info.subtype
    except sf.LibsndfileError:
        raw = _decode_with_pyav(data, float("inf"))
        return raw.samples, raw.rate, raw.codec.split("/")[0].upper(), None


def _read_bytes(source: Path | bytes) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source)
    path = Path(source)
    if not path.is_file():
        raise InvalidInputError(f"no such file: {path}")
    return path.read_bytes()


TEXT_SNIFF_BYTES = 4096


def looks_like_text(head: bytes) -> bool:
    """Whether a file's first TEXT_SNIFF_BYTES are UTF-8 text (JSON, a transcript, an e-mail), not audio."""
    head = head[:TEXT_SNIFF_BYTES]
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the 4 KiB boundary is still text.
        return error.start >= len(head) - 4
    return True


def _reject_text(data: bytes) -> None:
    if looks_like_text(data):
        raise NotAudioError("the upload is text, not an audio recording")


def _check_container_complete(data: bytes) -> None:
    """Catch cut-off files whose decoders would silently return what is there."""
    if data[:4] in (b"RIFF", b"RIFX") and data[8:12] == b"WAVE":
        _check_wav_complete(data)
    elif data[:4] == b"OggS":
        _check_ogg_complete(data)


def _check_wav_complete(data: bytes) -> None:
    size_format = ">I" if data[:4] == b"RIFX" else "<I"
    position = 12
    while position + 8 <= len(data):
        chunk_id = data[position : position + 4]
        (size,) = struct.unpack(size_format, data[position + 4 : position + 8])
        body = position + 8
        if chunk_id == b"data":
            # Recorders that stream write 0 or 0xFFFFFFFF and never come back to fix it.
            if size not in (0, 0xFFFFFFFF) and body + size > len(data):
                have = len(data) - body
                raise TruncatedAudioError(
                    f"the WAV header announces {size} bytes of audio but only {have} are there: the file was cut off"
                )
            return
        position = body + size + (size & 1)
    raise TruncatedAudioError("the WAV file ends before its audio data begins")


def _check_ogg_complete(data: bytes) -> None:
    last_page = data.rfind(b"OggS")
    header_type = data[last_page + 5] if last_page + 5 < len(data) else 0
    segments_end = last_page + 27
    if segments_end <= len(data):
        count = data[last_page + 26]
        table = data[segments_end : segments_end + count]
        page_end = segments_end + count + sum(table)
    else:
        page_end = len(data) + 1
    if not header_type & 0x04 or page_end > len(data) or len(table) < count:
        raise TruncatedAudioError("the Ogg stream has no end-of-stream page: the file was cut off")


def _decode_with_soundfile(data: bytes, max_duration_s: float) -> _Raw:
    try:
        info = sf.info(io.BytesIO(data))
    except sf.LibsndfileError as error:
        raise _SoundfileRefused() from error
    if info.samplerate > 0 and info.frames > 0:
        _check_length(info.frames / info.samplerate, max_duration_s)
    try:
        frames, rate = sf.read(io.BytesIO(data), dtype="float32", always_2d=True)
    except sf.LibsndfileError as error:
        if info.format in ("FLAC", "MP3"):
            raise TruncatedAudioError(f"the {info.format} stream is damaged or cut off ({error})") from error
        raise _SoundfileRefused() from error
    if info.frames > 0 and len(frames) < info.frames * _TRUNCATION_TOLERANCE:
        raise TruncatedAudioError(
            f"the header announces {info.frames / info.samplerate:.1f} s of audio but only "
            f"{len(frames) / rate:.1f} s could be decoded: the file was cut off"
        )
    return _Raw(np.ascontiguousarray(frames.T), int(rate), f"{info.format}/{info.subtype}".lower())


def _decode_with_pyav(data: bytes, max_duration_s: float) -> _Raw:
    import av

    try:
        container = av.open(io.BytesIO(data), mode="r")
    except (av.FFmpegError, ValueError, OSError) as error:
        raise NotAudioError("the file is not a recording in any format voc can read") from error
    with container:
        if not container.streams.audio:
            raise NotAudioError("the file holds no audio stream")
        stream = container.streams.audio[0]
        if container.duration:
            _check_length(container.duration / 1_000_000, max_duration_s)
        rate = int(stream.codec_context.sample_rate or stream.rate or 0)
        if rate <= 0:
            raise NotAudioError("the file is not a recording in any format voc can read")
        resampler = av.AudioResampler(format="fltp", layout=stream.layout, rate=rate)
        pieces: list[np.ndarray] = []
        decoded = 0
        try:
            for frame in container.decode(stream):
                for planar in resampler.resample(frame):
                    piece = planar.to_ndarray()
                    pieces.append(piece)
                    decoded += piece.shape[1]
                if decoded / rate > max_duration_s:
                    _check_length(decoded / rate, max_duration_s)
        except av.FFmpegError as error:
            if not pieces:
                raise NotAudioError("the file is not a recording in any format voc can read") from error
            raise TruncatedAudioError(f"the audio stream breaks off mid-way ({error})") from error
        codec = f"{container.format.name.split(',')[0]}/{stream.codec_context.name}"
    if not pieces:
        raise EmptyAudioError("the recording holds no audio samples")
    return _Raw(np.concatenate(pieces, axis=1).astype(np.float32), rate, codec)


def _check_length(seconds: float, max_duration_s: float) -> None:
    if seconds > max_duration_s:
        raise AudioTooLongError(
            f"the recording lasts {seconds / 60:.1f} min; the limit is {max_duration_s / 60:.1f} min "
            "(VOC_MAX_AUDIO_SECONDS)"
        )


def _check_decoded(raw: _Raw, max_duration_s: float) -> None:
    if raw.samples.shape[1] == 0:
        raise EmptyAudioError("the recording holds no audio samples")
    if raw.samples.shape[0] > MAX_CHANNELS:
        raise UnsupportedAudioError(
            f"the recording has {raw.samples.shape[0]} channels; voc takes mono or stereo (one speaker per channel)"
        )
    if not MIN_SOURCE_RATE <= raw.rate <= MAX_SOURCE_RATE:
        raise UnsupportedAudioError(
            f"sample rate {raw.rate} Hz is outside the supported {MIN_SOURCE_RATE}-{MAX_SOURCE_RATE} Hz"
        )
    _check_length(raw.samples.shape[1] / raw.rate, max_duration_s)
    if not np.isfinite(raw.samples).all():
        raise NotAudioError("the decoded samples are not finite numbers: the file is not valid audio")


def _resample(samples: np.ndarray, rate: int) -> np.ndarray:
    if rate == TARGET_RATE:
        return np.ascontiguousarray(samples, dtype=np.float32)
    # soxr takes (frames, channels); its HQ preset is a proper band-limited resampler.
    resampled = soxr.resample(samples.T, rate, TARGET_RATE, quality="HQ")
    return np.ascontiguousarray(resampled.T, dtype=np.float32)


def loudest_frame_dbfs(samples: np.ndarray, frame: int = TARGET_RATE // 50) -> float:
    """RMS level of the loudest 20 ms frame over all channels, in dBFS."""
    usable = samples.shape[-1] // frame * frame
    if usable == 0:
        energy = float(np.mean(np.square(samples, dtype=np.float64))) if samples.size else 0.0
    else:
        frames = samples[..., :usable].reshape(*samples.shape[:-1], -1, frame)
        energy = float(np.mean(np.square(frames, dtype=np.float64), axis=-1).max())
    return 10 * np.log10(energy) if energy > 0 else float("-inf")


def _reject_silence(samples: np.ndarray) -> None:
    level = loudest_frame_dbfs(samples)
    if level < SILENCE_FLOOR_DBFS:
        what = "digital silence" if level == float("-inf") else f"silence (loudest moment {level:.0f} dBFS)"
        raise SilentAudioError(f"the recording holds only {what}: nothing to transcribe")
