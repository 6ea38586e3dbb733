"""The real signal engines on real inputs: the text stage's lexicon, recorded speech, the decoder."""

from __future__ import annotations

import io

import numpy as np
import pytest
import soundfile as sf
import soxr

from tests.conftest import DATA
from voc.errors import AudioError, AudioTooLongError, SilentAudioError
from voc.pipeline import Analyzer
from voc.routing.signals import POPULATION_BASELINE, prosody_z

CLIP = DATA / "prosody" / "ru_0003.flac"  # a real male Russian speaker, 6 s, 16 kHz


def _speech() -> tuple[np.ndarray, int]:
    samples, rate = sf.read(CLIP, dtype="float32")
    return samples, rate


def _wav(samples: np.ndarray, rate: int) -> bytes:
    out = io.BytesIO()
    sf.write(out, samples, rate, format="WAV", subtype="PCM_16")
    return out.getvalue()


@pytest.fixture(scope="module")
def lexical():
    from voc.routing.engines import lexical_text_analyzer

    return lexical_text_analyzer()


def test_lexical_text_signals(lexical) -> None:
    angry = lexical("Это безобразие, я уйду к конкурентам!", "ru")
    assert angry.sentiment is not None and angry.sentiment.label == "negative"
    assert {c.kind for c in angry.cues} >= {"threat_to_leave"}
    thanks = lexical("Спасибо, всё отлично", "ru")
    assert thanks.sentiment is not None and thanks.sentiment.label == "positive"
    plain = lexical("Хочу узнать остаток по карте", "ru")
    assert plain.sentiment is not None and plain.sentiment.label == "neutral"
    assert plain.cues == ()
    negated = lexical("Не плохо, но хотелось бы быстрее", "ru")
    assert negated.sentiment is not None and negated.sentiment.label != "negative"


def test_measure_voice_on_recorded_speech_and_a_louder_copy() -> None:
    from voc.routing.engines import measure_voice

    samples, rate = _speech()
    calm = measure_voice(samples, rate)
    assert calm.pitch_median_hz is not None and 70 < calm.pitch_median_hz < 200  # a male voice
    assert calm.loudness_dbfs is not None
    loud = measure_voice(np.clip(samples * 4.0, -1, 1), rate)
    assert loud.loudness_dbfs is not None and 10 < loud.loudness_dbfs - calm.loudness_dbfs < 13
    z_calm, z_loud = prosody_z(calm, POPULATION_BASELINE), prosody_z(loud, POPULATION_BASELINE)
    assert z_loud["loudness"] - z_calm["loudness"] == pytest.approx(2.0, abs=0.25)


def test_measure_voice_on_silence_says_there_is_no_speech() -> None:
    from voc.routing.engines import measure_voice

    with pytest.raises(ValueError, match="no voiced speech"):
        measure_voice(np.zeros(16000 * 3, dtype=np.float32), 16000)


def _decode(data: bytes) -> tuple[np.ndarray, int]:
    from voc.routing.engines import decode_clip

    return decode_clip(data)


def test_decode_clip_takes_telephone_audio_to_16_khz_mono() -> None:
    samples, rate = _speech()
    narrow = soxr.resample(samples, rate, 8000)
    stereo = np.stack([narrow, narrow * 0.5], axis=1)
    decoded, out_rate = _decode(_wav(stereo, 8000))
    assert out_rate == 16000
    assert decoded.ndim == 1
    assert len(decoded) == pytest.approx(len(samples), rel=0.01)


def test_decode_clip_refuses_what_is_not_audio_and_what_is_too_long() -> None:
    samples, rate = _speech()
    with pytest.raises(AudioError):
        _decode(b"RIFF but not really a wave file at all")
    with pytest.raises(SilentAudioError):
        _decode(_wav(np.zeros(8000 * 3, dtype=np.float32), 8000))
    with pytest.raises(AudioTooLongError, match="longer than the 15 s an IVR clip may last"):
        _decode(_wav(np.concatenate([samples] * 3), rate))


@pytest.mark.slow
def test_clip_transcriber_on_recorded_speech(analyzer: Analyzer) -> None:
    from voc.routing.engines import ClipTranscriber

    model = analyzer.transcriber
    samples, rate = _speech()
    text = ClipTranscriber(lambda: model)(samples, rate, "ru").lower()
    assert "спокойным" in text
    assert "город" in text
