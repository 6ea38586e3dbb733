"""voc's ASR path against bare faster-whisper: same model object, same decoding settings, same files.

Prints
- end-to-end voc time over bare transcription of both channels      (target <= 1.15)
- voc on the stereo call over bare transcription of its mono downmix (target <= 1.3)
- WER on real recordings (festvox-ru, asterisk prompts), voc vs bare  (target: within 1 point)
- peak resident memory of this process                              (target <= 1.5 GB)

The stereo call (a few minutes, 8 kHz mu-law, -22 dB echo bleed both ways) is built here from
real recordings, so nothing big is committed. Run with scripts/bench_asr [--minutes M].
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import soundfile as sf
import soxr

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from callsynth import Line, add_bleed, render_call, to_telephone, write_audio  # noqa: E402

from voc.asr.transcribe import Transcriber, transcribe_streams  # noqa: E402
from voc.audio.bleed import remove_bleed  # noqa: E402
from voc.audio.channels import split_channels  # noqa: E402
from voc.audio.decode import decode_audio  # noqa: E402
from voc.config import Settings  # noqa: E402

FESTVOX = Path("/usr/share/festival/voices/russian/msu_ru_nsh_clunits")
ASTERISK = Path("/usr/share/asterisk/sounds")
ASTERISK_TEXT = "/usr/share/doc/asterisk-core-sounds-{lang}/core-sounds-{lang}.txt.gz"
COMMITTED = ROOT / "tests" / "data" / "real"
# Fixed, spread-out picks so every run scores the same recordings.
ASTERISK_WER = {
    "ru": ["agent-alreadyon", "agent-incorrect", "agent-loginok", "auth-incorrect", "call-forwarding",
           "check-number-dial-again", "conf-getpin", "conf-full", "all-circuits-busy-now", "conf-invalid"],
    "en": ["agent-alreadyon", "agent-incorrect", "agent-loginok", "auth-incorrect", "call-forwarding",
           "check-number-dial-again", "conf-getpin", "conf-full", "all-circuits-busy-now", "conf-invalid"],
}


# ---------------------------------------------------------------- real recordings with text

def real_clips(limit: int) -> list[tuple[Path, str, str]]:
    """(path, language, transcript) from the Debian packages, or the committed few without them."""
    clips: list[tuple[Path, str, str]] = []
    if (FESTVOX / "etc" / "txt.done.data").is_file():
        text = (FESTVOX / "etc" / "txt.done.data").read_text(encoding="utf-8")
        festvox = [(FESTVOX / "wav" / f"{m[1]}.wav", "ru", m[2])
                   for m in re.finditer(r'\( (\S+) "(.*)" \)', text)]
        clips += [c for c in festvox[:: max(1, len(festvox) // (limit // 2 or 1))] if c[0].is_file()][
            : limit // 2]
    for lang, names in ASTERISK_WER.items():
        text_file = Path(ASTERISK_TEXT.format(lang=lang))
        if not text_file.is_file():
            continue
        with gzip.open(text_file, "rt", encoding="utf-8") as handle:
            prompts = dict(line.split(":", 1) for line in handle if ":" in line and not line.startswith(";"))
        clips += [(ASTERISK / lang / f"{n}.wav", lang, prompts[n].strip()) for n in names
                  if (ASTERISK / lang / f"{n}.wav").is_file() and n in prompts][: limit // 4]
    if not clips:
        manifest = json.loads((COMMITTED / "transcripts.json").read_text(encoding="utf-8"))
        clips = [(COMMITTED / name, info["language"], info["text"]) for name, info in manifest.items()]
    return clips


def build_call(minutes: float, clips: list[tuple[Path, str, str]], target: Path) -> float:
    """Alternate real Russian recordings between agent and customer up to `minutes`; returns seconds."""
    russian = [c for c in clips if c[1] == "ru"] or clips
    lines: list[Line] = []
    seconds = 0.0
    index = 0
    while seconds < minutes * 60:
        path, _, text = russian[index % len(russian)]
        speaker = "agent" if index % 2 == 0 else "customer"
        lines.append(Line(speaker, text, gap_before=0.7, recording=str(path)))
        seconds += sf.info(str(path)).duration + 0.7
        index += 1
    channels, _ = render_call(lines)
    write_audio(target, to_telephone(add_bleed(channels, -22.0)), 8000, "ULAW")
    return channels.shape[1] / 16000


# ---------------------------------------------------------------- the two paths

def bare_transcribe(transcriber: Transcriber, samples: np.ndarray, language: str | None) -> str:
    """faster-whisper as its README uses it, with voc's decoding settings and its own default VAD."""
    segments, _ = transcriber.model.transcribe(
        samples, language=language, vad_filter=True, **transcriber.decoding_options()
    )
    return " ".join(segment.text.strip() for segment in segments)


def bare_channels(path: Path) -> np.ndarray:
    data, rate = sf.read(str(path), dtype="float32", always_2d=True)
    return np.ascontiguousarray(soxr.resample(data, rate, 16000).T.astype(np.float32))


def voc_path(transcriber: Transcriber, source: Path | bytes, language: str | None) -> str:
    audio = decode_audio(source, max_duration_s=7200)
    streams = split_channels(audio, ("agent", "customer"))
    transcripts = remove_bleed(transcribe_streams(streams, transcriber, language), streams)
    return " ".join(w.word for t in transcripts for w in t.words)


def full_analysis(settings: Settings, transcriber: Transcriber) -> Callable[[Path], dict[str, float]]:
    """The whole `Analyzer.analyze_recording`; returns its per-stage timings."""
    from voc.pipeline import AnalyzeOptions, Analyzer

    analyzer = Analyzer(settings)
    analyzer._transcriber = transcriber  # share the loaded model: one process, one model
    _ = analyzer.sentiment  # load the text models now, not inside the first timed run

    def run(path: Path) -> dict[str, float]:
        return analyzer.analyze_recording(path, AnalyzeOptions()).timings

    return run


# ---------------------------------------------------------------- scoring

def normalise(text: str) -> list[str]:
    text = text.lower().replace("ё", "е")
    return re.sub(r"[^\w]+", " ", text).split()


def word_errors(reference: list[str], hypothesis: list[str]) -> int:
    previous = list(range(len(hypothesis) + 1))
    for i, ref in enumerate(reference, 1):
        current = [i] + [0] * len(hypothesis)
        for j, hyp in enumerate(hypothesis, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ref != hyp))
        previous = current
    return previous[-1]


def fastest(paths: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """Best time per path over `rounds`, the paths interleaved so load from others hits all alike."""
    best = dict.fromkeys(paths, float("inf"))
    for _ in range(rounds):
        for name, run in paths.items():
            began = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - began)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=3.5, help="length of the built stereo call")
    parser.add_argument("--wer-clips", type=int, default=40, help="real recordings scored for WER")
    parser.add_argument("--repeat", type=int, default=1, help="timing runs per path (the fastest counts)")
    args = parser.parse_args()

    settings = Settings()
    began = time.perf_counter()
    transcriber = Transcriber(settings)
    print(f"model {transcriber.model_path} on {transcriber.device}/{transcriber.compute_type}, "
          f"beam {settings.asr.beam_size}, loaded in {time.perf_counter() - began:.1f} s")
    clips = real_clips(args.wer_clips)

    with tempfile.TemporaryDirectory() as tmp:
        call = Path(tmp) / "bench_call.wav"
        seconds = build_call(args.minutes, clips, call)
        size_kib = call.stat().st_size >> 10
        print(f"stereo call: {seconds / 60:.1f} min, 8 kHz mu-law, bleed -22 dB, {size_kib} KiB")
        call_bytes = call.read_bytes()
        stereo = bare_channels(call)
        downmix = stereo.mean(axis=0)
        transcriber.model.transcribe(downmix[: 16000 * 5], language="ru")  # warm-up

        analyze = full_analysis(settings, transcriber)
        stages: dict[str, float] = {}
        paths: dict[str, Callable[[], object]] = {
            "bare_both": lambda: [bare_transcribe(transcriber, ch, None) for ch in stereo],
            "bare_mono": lambda: bare_transcribe(transcriber, downmix, None),
            "voc_asr": lambda: voc_path(transcriber, call_bytes, None),
            "voc_full": lambda: stages.update(analyze(call)),
        }
        times = fastest(paths, args.repeat)

    bare_both, bare_mono, voc_asr, voc_full = (times[k] for k in ("bare_both", "bare_mono", "voc_asr", "voc_full"))
    print(f"bare faster-whisper, both channels : {bare_both:7.2f} s  (RTF {bare_both / seconds:.3f})")
    print(f"bare faster-whisper, mono downmix  : {bare_mono:7.2f} s")
    print(f"voc decode+channels+asr+bleed      : {voc_asr:7.2f} s")
    print(f"voc Analyzer.analyze_recording     : {voc_full:7.2f} s  stages (last run): "
          + ", ".join(f"{k} {v:.2f}" for k, v in stages.items()))
    for label, value in (("Analyzer.analyze_recording", voc_full), ("decode+channels+asr+bleed", voc_asr)):
        print(f"end-to-end ({label}) / bare both channels = {value / bare_both:.3f}  (target <= 1.15)")
    for label, value in (("Analyzer.analyze_recording", voc_full), ("decode+channels+asr+bleed", voc_asr)):
        print(f"stereo call ({label}) / bare mono downmix = {value / bare_mono:.3f}  (target <= 1.3)")

    errors = {"voc": 0, "bare": 0}
    words = 0
    per_language: dict[str, dict[str, int]] = {}
    for path, language, text in clips:
        reference = normalise(text)
        data, rate = sf.read(str(path), dtype="float32", always_2d=True)
        samples = soxr.resample(data.mean(axis=1), rate, 16000).astype(np.float32)
        hypotheses = {
            "voc": voc_path(transcriber, path, None),
            "bare": bare_transcribe(transcriber, samples, None),
        }
        words += len(reference)
        stats = per_language.setdefault(language, {"words": 0, "voc": 0, "bare": 0})
        stats["words"] += len(reference)
        for name, hypothesis in hypotheses.items():
            wrong = word_errors(reference, normalise(hypothesis))
            errors[name] += wrong
            stats[name] += wrong
    for language, stats in sorted(per_language.items()):
        print(f"WER {language}: voc {100 * stats['voc'] / stats['words']:.1f}%  "
              f"bare {100 * stats['bare'] / stats['words']:.1f}%  ({stats['words']} words)")
    voc_wer, bare_wer = 100 * errors["voc"] / words, 100 * errors["bare"] / words
    print(f"WER on {len(clips)} real recordings ({words} words): voc {voc_wer:.2f}%  bare {bare_wer:.2f}%  "
          f"difference {voc_wer - bare_wer:+.2f} points  (target: within 1)")
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1024 * 1024)
    print(f"peak RSS {peak_gb:.2f} GB  (target <= 1.5)")


if __name__ == "__main__":
    main()
