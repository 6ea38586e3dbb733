"""ASR throughput per engine: five-minute calls per GPU-hour, and voc's path against the bare engine.

For each engine (VOC_ASR__ENGINE values), in one process, on the same calls:
- bare: the engine alone decodes every channel of every call whole (no VAD, no vocabulary, no
  corrections), batch_size channels at a time, with voc's decoding settings;
- voc: `transcribe_calls` (speech finding, language, batching both channels of several calls
  through the same engine object, re-check, guards, corrections).
It prints calls per hour scaled to five-minute calls, and voc's throughput over the bare engine's
(target >= 0.85). The calls are stereo, built here from the committed real recordings (each
channel one speaker, turns alternating, a second or two of silence between), so nothing is
downloaded. `--cpu` runs the same on CPU as a smoke check: those figures are NOT GPU figures and
are labelled so.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from voc.asr.transcribe import Transcriber, transcribe_calls  # noqa: E402
from voc.audio.decode import decode_audio  # noqa: E402
from voc.config import Settings  # noqa: E402
from voc.stage_types import SpeakerStream  # noqa: E402

RATE = 16000
CLIPS = ROOT / "tests" / "data" / "real"
RU_CLIPS = sorted(p for p in CLIPS.iterdir() if "_ru_" in p.name)


def make_call(seed: int, minutes: float) -> list[SpeakerStream]:
    """A stereo call of `minutes`: the Russian real recordings as alternating turns."""
    rng = random.Random(seed)
    clips = [decode_audio(path, max_duration_s=60).samples[0] for path in RU_CLIPS]
    length = int(minutes * 60 * RATE)
    channels = [np.zeros(length, dtype=np.float32), np.zeros(length, dtype=np.float32)]
    at, speaker = int(0.5 * RATE), 0
    while True:
        clip = clips[rng.randrange(len(clips))]
        if at + len(clip) > length:
            break
        channels[speaker][at : at + len(clip)] += clip
        channels[1 - speaker][at : at + len(clip)] += 0.08 * clip  # -22 dB of bleed, as on real lines
        at += len(clip) + int(rng.uniform(0.4, 1.8) * RATE)
        speaker = rng.choice([speaker, 1 - speaker, 1 - speaker])
    return [
        SpeakerStream(speaker="agent", channel=0, samples=channels[0]),
        SpeakerStream(speaker="customer", channel=1, samples=channels[1]),
    ]


def synchronise(device: str) -> None:
    if device == "cuda":
        try:
            import torch

            if torch.cuda.is_available():
                torch.cuda.synchronize()
        except ImportError:
            pass


def device_name(device: str) -> str:
    if device != "cuda":
        return "CPU"
    try:
        import torch

        return torch.cuda.get_device_name(0) if torch.cuda.is_available() else "cuda (torch sees none)"
    except ImportError:
        return "cuda"


def bench_engine(engine: str, args: argparse.Namespace, calls: list[list[SpeakerStream]]) -> dict[str, float] | str:
    asr: dict[str, object] = {"engine": engine, "batch_size": args.batch}
    if args.model:
        asr["model"] = args.model
    settings = Settings(device="cpu" if args.cpu else "cuda", asr=asr)
    try:
        transcriber = Transcriber(settings)
        return measure(transcriber, args, calls)
    except Exception as err:  # the point is to say why an engine cannot run here (CTranslate2 on CUDA 13)
        return f"cannot run: {type(err).__name__}: {err}"


def measure(transcriber: Transcriber, args: argparse.Namespace, calls: list[list[SpeakerStream]]) -> dict[str, float]:
    channels = [stream.samples for call in calls for stream in call]
    options = transcriber.decoding_options()
    warm = channels[0][: 10 * RATE]
    transcriber.engine.decode_batch([warm], ["ru"], options)  # kernels, caches, allocator

    def bare() -> None:
        for first in range(0, len(channels), args.batch):
            chunk = channels[first : first + args.batch]
            transcriber.engine.decode_batch(chunk, ["ru"] * len(chunk), options)

    def voc() -> None:
        transcribe_calls(calls, transcriber, language="ru")

    times: dict[str, float] = {}
    for name, run in (("bare", bare), ("voc", voc)) * args.repeat:
        synchronise(transcriber.device)
        began = time.perf_counter()
        run()
        synchronise(transcriber.device)
        times[name] = min(times.get(name, float("inf")), time.perf_counter() - began)
    call_minutes = len(calls) * args.minutes
    per_hour = {name: call_minutes / 5 * 3600 / seconds for name, seconds in times.items()}
    return {
        "bare_s": times["bare"],
        "voc_s": times["voc"],
        "bare_calls_per_hour": per_hour["bare"],
        "voc_calls_per_hour": per_hour["voc"],
        "ratio": per_hour["voc"] / per_hour["bare"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engines", default="faster-whisper,transformers")
    parser.add_argument("--calls", type=int, default=8, help="stereo calls decoded together")
    parser.add_argument("--minutes", type=float, default=5.0, help="length of each call")
    parser.add_argument("--batch", type=int, default=8, help="VOC_ASR__BATCH_SIZE for both bare and voc")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each path; the fastest counts")
    parser.add_argument("--model", default="", help="VOC_ASR__MODEL (a bigger model's folder), default packaged base")
    parser.add_argument("--cpu", action="store_true", help="smoke check on CPU (the figures are not GPU figures)")
    args = parser.parse_args()
    calls = [make_call(seed, args.minutes) for seed in range(args.calls)]
    where = "cpu" if args.cpu else "cuda"
    label = "CPU SMOKE CHECK - NOT A GPU FIGURE" if args.cpu else f"GPU: {device_name(where)}"
    print(f"{label}; {args.calls} stereo calls of {args.minutes:g} min, batch {args.batch}, repeat {args.repeat}")
    print(f"model: {args.model or 'packaged Whisper base (converted for transformers)'}")
    for engine in args.engines.split(","):
        result = bench_engine(engine, args, calls)
        if isinstance(result, str):
            print(f"{engine:15} {result}")
            continue
        unit = "CPU-hour (smoke check)" if args.cpu else "GPU-hour"
        print(
            f"{engine:15} bare {result['bare_s']:.1f} s ({result['bare_calls_per_hour']:.0f} five-minute calls "
            f"per {unit}); voc {result['voc_s']:.1f} s ({result['voc_calls_per_hour']:.0f} per {unit}); "
            f"voc/bare throughput {result['ratio']:.2f} (target >= 0.85)"
        )


if __name__ == "__main__":
    main()
