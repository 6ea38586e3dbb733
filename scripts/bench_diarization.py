"""What speaker separation adds to the analysis of a 5-minute mono call, against ASR in the same run.

    python scripts/bench_diarization.py            # builds the call from the real voices
    python scripts/bench_diarization.py call.wav   # or times a given mono recording

The call is real-voice dialogue (scripts/make_mono_calls.py) at 8 kHz, decoded to 16 kHz.
ASR is the packaged Whisper model as voc runs it (voc's Transcriber when it is available,
else faster-whisper with the same decoding settings). ASR is most of `voc analyze`'s time,
so separation / ASR is an upper bound of the share separation adds; the target is <= 15%.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import numpy as np
import soundfile as sf
import soxr

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from voc.config import Settings
from voc.diarize.separate import separate_speakers
from voc.schemas import Word
from voc.stage_types import StreamTranscript


def five_minute_call(seconds: float = 300.0) -> np.ndarray:
    from callsynth import to_telephone
    from make_mono_calls import asterisk_clips, festvox_clips, real_speaker_call

    rng = random.Random(5)
    agents, customers = asterisk_clips(), festvox_clips()
    parts: list[np.ndarray] = []
    while sum(len(p) for p in parts) < seconds * 16000:
        mono, _ = real_speaker_call(rng, agents, customers)
        parts.append(mono)
    call = np.concatenate(parts)[: int(seconds * 16000)]
    phone = to_telephone(call[None, :])[0]
    return soxr.resample(phone / max(1.0, float(np.abs(phone).max()) / 0.95), 8000, 16000).astype(np.float32)


def transcribe(samples: np.ndarray, settings: Settings) -> list[Word]:
    try:
        from voc.asr.transcribe import Transcriber

        words, _, _ = Transcriber(settings).transcribe(samples, None)
        return words
    except NotImplementedError:
        from faster_whisper import WhisperModel

        from voc.asr.model_files import resolve_asr_model

        model = WhisperModel(
            resolve_asr_model(settings),
            device="cpu",
            compute_type="int8",
            cpu_threads=settings.asr.cpu_threads,
        )
        segments, _ = model.transcribe(
            samples,
            beam_size=settings.asr.beam_size,
            word_timestamps=True,
            vad_filter=True,
            condition_on_previous_text=False,
        )
        return [
            Word(word=w.word.strip(), start=w.start, end=w.end, probability=w.probability)
            for s in segments
            for w in (s.words or [])
            if w.word.strip()
        ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("recording", type=Path, nargs="?")
    args = parser.parse_args()
    if args.recording:
        audio, rate = sf.read(str(args.recording), dtype="float32", always_2d=True)
        samples = soxr.resample(audio.mean(axis=1), rate, 16000).astype(np.float32)
    else:
        samples = five_minute_call()
    duration = len(samples) / 16000
    settings = Settings()

    began = time.perf_counter()
    words = transcribe(samples, settings)
    asr_s = time.perf_counter() - began

    began = time.perf_counter()
    separation = separate_speakers(samples, StreamTranscript("unknown", words))
    first_s = time.perf_counter() - began  # includes loading Silero VAD and numba's first compiles
    began = time.perf_counter()
    separation = separate_speakers(samples, StreamTranscript("unknown", words))
    separation_s = time.perf_counter() - began

    print(f"call {duration:.0f}s, {len(words)} words, {separation.diarization.n_speakers} voices")
    print(f"ASR        {asr_s:7.1f}s  (RTF {asr_s / duration:.3f})")
    print(f"separation {separation_s:7.1f}s  (RTF {separation_s / duration:.3f}); first call {first_s:.1f}s")
    print(
        f"separation / ASR = {separation_s / asr_s:.1%} warm, {first_s / asr_s:.1%} "
        "first call in the process (target <= 15% of analyze time)"
    )


if __name__ == "__main__":
    main()
