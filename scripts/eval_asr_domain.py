"""Domain vocabulary on and off: term recall on synthesised bank calls, WER on real recordings.

PYTHONPATH=$PWD python scripts/eval_asr_domain.py [--set dev|heldout] [--configs bare,off,hotwords,...]

One process, one loaded Whisper base model, every configuration on the same files:

- bare      faster-whisper as its README uses it (its own VAD), voc's decoding settings, no vocabulary;
            on the 8 kHz copies it also transcribes each party's bleed, which gives every term two chances
- bare-clean  bare with voc's bleed rule applied to its words (the fair 8 kHz baseline)
- recheck   voc's default: bare decoding, doubtful near-misses of terms re-decoded with a hint (+ corrections)
- off       voc's ASR path (decode, channels, VAD, Whisper, bleed) with the vocabulary off
- correct   voc, no decoder hint, near-miss corrections only
- hotwords  voc, the vocabulary as faster-whisper `hotwords` (+ corrections)
- prompt    voc, the vocabulary as `initial_prompt` (+ corrections)
- hotwords-raw / prompt-raw: the hint without corrections

Figures:
- domain-term recall on the scripted calls (tests/data/asr_domain/<set>.json), each rendered by
  festival's Russian voice as a 16 kHz stereo call and as an 8 kHz mu-law band-limited copy
  with -22 dB bleed: a reference word counts when its lemma is a lemma of a vocabulary term (or of
  the call's own `terms`), and is recalled when the hypothesis has that lemma (multiset match);
- WER on the same calls and on real recordings (festvox-ru, asterisk prompts, as scripts/bench_asr);
- words invented on noise with no speech, per hint (decoded without VAD, the worst case);
- decoding time of each configuration over the same files, interleaved; ratios to `off`.

Corrections in the eval are applied to each stream's words after bleed removal (the pipeline
applies them just before); the decoder hint runs inside the real decode.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf
import soxr

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from bench_asr import bare_channels, normalise, real_clips, word_errors  # noqa: E402
from callsynth import Line, add_bleed, render_call, speak, to_telephone, write_audio  # noqa: E402

from voc.asr.correct import DomainLexicon, correct_domain_words, lemma  # noqa: E402
from voc.asr.transcribe import Transcriber, transcribe_streams  # noqa: E402
from voc.asr.vocabulary import Vocabulary, load_vocabulary  # noqa: E402
from voc.audio.bleed import remove_bleed  # noqa: E402
from voc.audio.channels import split_channels  # noqa: E402
from voc.audio.decode import decode_audio  # noqa: E402
from voc.config import AsrSettings, Settings  # noqa: E402
from voc.schemas import Word  # noqa: E402
from voc.stage_types import StreamTranscript  # noqa: E402

DATA = ROOT / "tests" / "data" / "asr_domain"
CACHE = Path(os.environ.get("VOC_EVAL_CACHE", Path.home() / ".cache" / "voc" / "asr_domain"))


@dataclass
class Clip:
    name: str
    path: Path
    language: str | None  # None: detect
    reference: str
    terms: tuple[str, ...] = ()


# ---------------------------------------------------------------- the calls


def set_path(split: str) -> Path:
    """tests/data/asr_domain/<split>.json, or a set of gold task calls: `tasks/<split>` (their turns
    are {"speaker", "text"}; those written for hearing carry `terms` and voices too)."""
    return ROOT / "tests" / "data" / f"{split}.json" if "/" in split else DATA / f"{split}.json"


def render_calls(split: str) -> list[Clip]:
    """Each scripted call as a 16 kHz stereo FLAC and an 8 kHz mu-law copy (cached by its text)."""
    calls = json.loads(set_path(split).read_text(encoding="utf-8"))["calls"]
    clips: list[Clip] = []
    for call in calls:
        call["turns"] = [(t["speaker"], t["text"]) if isinstance(t, dict) else tuple(t) for t in call["turns"]]
        # pitch_semitones, tempo: other voices than festival's own for the customer (and the agent)
        voices = {"customer": call.get("customer_voice", {}), "agent": call.get("agent_voice", {})}
        # the cache key: the turns, then the voices given (older sets' renderings keep their names)
        given = [voices["customer"], voices["agent"]] if voices["agent"] else [voices["customer"]]
        spoken = json.dumps([call["turns"], *given] if any(given) else call["turns"], ensure_ascii=False)
        digest = hashlib.sha256(spoken.encode()).hexdigest()[:10]
        wide, narrow = CACHE / f"{call['id']}-{digest}-16k.flac", CACHE / f"{call['id']}-{digest}-8k.wav"
        if not (wide.is_file() and narrow.is_file()):
            lines = [Line(speaker, text, gap_before=0.6, **voices[speaker]) for speaker, text in call["turns"]]
            channels, _ = render_call(lines)
            write_audio(wide, channels, 16000)
            write_audio(narrow, to_telephone(add_bleed(channels, -22.0)), 8000, "ULAW")
        reference = " ".join(text for _, text in call["turns"])
        terms = tuple(call.get("terms", ()))
        clips += [
            Clip(f"{call['id']}/16k", wide, "ru", reference, terms),
            Clip(f"{call['id']}/8k", narrow, "ru", reference, terms),
        ]
    return clips


# ---------------------------------------------------------------- the configurations


def with_asr(settings: Settings, **changes: object) -> Settings:
    return settings.model_copy(update={"asr": AsrSettings(**{**settings.asr.model_dump(), **changes})})


def bare(transcriber: Transcriber, clip: Clip) -> list[list[Word]]:
    """faster-whisper with its own VAD on each channel: words per channel."""
    channels: list[list[Word]] = []
    for channel in bare_channels(clip.path):
        segments, _ = transcriber.model.transcribe(
            channel, language=clip.language, vad_filter=True, **transcriber.decoding_options()
        )
        channels.append(
            [
                Word(word=w.word.strip(), start=w.start, end=w.end, probability=w.probability)
                for segment in segments
                for w in segment.words or []
                if w.word.strip()
            ]
        )
    return channels


def without_bleed(clip: Clip, channels: list[list[Word]]) -> list[list[Word]]:
    """Bare words with voc's bleed rule applied (a word heard on both channels stays on the louder)."""
    streams = split_channels(decode_audio(clip.path, max_duration_s=7200), ("agent", "customer"))
    if len(streams) != len(channels):
        return channels
    transcripts = [StreamTranscript(speaker=s.speaker, words=words) for s, words in zip(streams, channels, strict=True)]
    return [t.words for t in remove_bleed(transcripts, streams)]


def voc_words(transcriber: Transcriber, clip: Clip) -> list[list[Word]]:
    """voc's ASR path (decode, channels, VAD, Whisper with the transcriber's hint, bleed): words per stream."""
    audio = decode_audio(clip.path, max_duration_s=7200)
    streams = split_channels(audio, ("agent", "customer"))
    transcripts = remove_bleed(transcribe_streams(streams, transcriber, clip.language, clip.terms), streams)
    return [t.words for t in transcripts]


def joined(streams: list[list[Word]]) -> str:
    return " ".join(w.word for w in sorted((w for words in streams for w in words), key=lambda w: w.start))


# name -> (decoder hint, corrections)
CONFIGS: dict[str, tuple[str, bool]] = {
    "bare": ("bare", False),
    "bare-clean": ("bare", False),
    "off": ("off", False),
    "correct": ("off", True),
    "recheck": ("recheck", True),
    "hotwords": ("hotwords", True),
    "prompt": ("prompt", True),
    "hotwords-raw": ("hotwords", False),
    "prompt-raw": ("prompt", False),
    "recheck-raw": ("recheck", False),
    # the re-check of terms alone, without the second look at dates and promise verbs (task_words)
    "recheck-terms": ("recheck-terms", True),
}


def run_all(
    transcriber: Transcriber, clips: list[Clip], names: list[str]
) -> tuple[dict[str, list[str]], dict[str, float]]:
    """Every configuration on every clip, interleaved per clip; (hypotheses, seconds) per configuration.

    Each distinct decode runs once per clip; a configuration's time is its decode plus its corrections.
    """
    base = transcriber.settings
    vocabulary = load_vocabulary("default") or Vocabulary()
    lexicons: dict[tuple[str, tuple[str, ...]], DomainLexicon] = {}
    hypotheses: dict[str, list[str]] = {name: [] for name in names}
    seconds = dict.fromkeys(names, 0.0)
    for number, clip in enumerate(clips, 1):
        seconds_this = dict.fromkeys(names, 0.0)
        decodes: dict[str, tuple[list[list[Word]], float]] = {}
        for hint in dict.fromkeys(CONFIGS[name][0] for name in names):
            transcriber.settings = with_asr(
                base,
                bias={"bare": "off", "recheck-terms": "recheck"}.get(hint, hint),
                correct_terms=False,
                task_words=hint == "recheck",  # the other configurations are what they were before it
            )
            transcriber.vocabulary = vocabulary
            began = time.perf_counter()
            streams = bare(transcriber, clip) if hint == "bare" else voc_words(transcriber, clip)
            decodes[hint] = (streams, time.perf_counter() - began)
        for name in names:
            hint, corrected = CONFIGS[name]
            streams, spent = decodes[hint]
            began = time.perf_counter()
            if name == "bare-clean":
                streams = without_bleed(clip, streams)
            if corrected:
                fixed = []
                for words in streams:
                    key = (clip.language or _guess_language(words), clip.terms)
                    if key not in lexicons:
                        lexicons[key] = DomainLexicon.build(vocabulary, *key)
                    fixed.append(correct_domain_words(words, lexicons[key]))
                streams = fixed
            seconds_this[name] = spent + time.perf_counter() - began
            seconds[name] += seconds_this[name]
            hypotheses[name].append(joined(streams))
        cells = []
        for name in names:
            hit, gold = term_recall(clip.reference, hypotheses[name][-1], lemmas_of(clip))
            reference = normalise(clip.reference)
            wrong = word_errors(reference, normalise(hypotheses[name][-1]))
            cells.append(f"{name} terms {hit}/{gold} errors {wrong}/{len(reference)} {seconds_this[name]:.1f}s")
        print(f"  [{number}/{len(clips)}] {clip.name}: " + "; ".join(cells), flush=True)
    transcriber.settings = base
    return hypotheses, seconds


def _guess_language(words: list[Word]) -> str:
    text = " ".join(w.word for w in words)
    return (
        "ru"
        if sum(c.isalpha() and c.lower() in "абвгдеёжзийклмнопрстуфхцчшщъыьэюя" for c in text) * 2
        >= sum(c.isalpha() for c in text)
        else "en"
    )


# ---------------------------------------------------------------- scoring


def term_lemmas(vocabulary: Vocabulary, language: str, extra: tuple[str, ...]) -> set[str]:
    return {lemma(word) for term in vocabulary.terms_for(language, extra) for word in term.split()}


def lemmas_of(clip: Clip) -> set[str]:
    return term_lemmas(load_vocabulary("default") or Vocabulary(), "ru", clip.terms)


def term_recall(reference: str, hypothesis: str, lemmas: set[str]) -> tuple[int, int]:
    gold = Counter(lemma(w) for w in normalise(reference) if lemma(w) in lemmas)
    heard = Counter(lemma(w) for w in normalise(hypothesis))
    return sum((gold & heard).values()), sum(gold.values())


def noise_words(transcriber: Transcriber, names: list[str]) -> dict[str, int]:
    """Words each hint makes Whisper write on 10 s of noise with no speech (no VAD to stop it)."""
    rng = np.random.default_rng(7)
    noises = {
        "white -50 dBFS": rng.normal(0, 10 ** (-50 / 20), 160_000),
        "hum 50 Hz -35 dBFS": 10 ** (-35 / 20) * np.sin(2 * np.pi * 50 * np.arange(160_000) / 16000),
        "phone band noise -40 dBFS": soxr.resample(
            soxr.resample(rng.normal(0, 10 ** (-40 / 20), 160_000), 16000, 8000), 8000, 16000
        ),
    }
    base = transcriber.settings
    counts: dict[str, int] = {}
    for name in names:
        if name == "bare" or name.endswith("-raw") or name == "correct":
            continue
        transcriber.settings = with_asr(base, bias=CONFIGS[name][0])
        hint = transcriber.bias_options("ru")
        transcriber.settings = base
        total = 0
        for samples in noises.values():
            segments, _ = transcriber.model.transcribe(
                samples.astype(np.float32), language="ru", vad_filter=False, **transcriber.decoding_options(), **hint
            )
            total += sum(len(s.text.split()) for s in segments)
        counts[name] = total
    return counts


def score_calls(transcriber: Transcriber, vocabulary: Vocabulary, split: str, names: list[str], band: str = "") -> None:
    calls = [clip for clip in render_calls(split) if not band or clip.name.endswith(f"/{band}")]
    audio_s = sum(sf.info(str(c.path)).duration for c in calls)
    print(f"{split}: {len(calls)} call renderings, {audio_s / 60:.1f} min of audio")
    hypotheses, seconds = run_all(transcriber, calls, names)
    print(f"\n{'config':<13} {'recall all':>10} {'16k':>7} {'8k':>7} {'WER':>7}   decode s  / off")
    for name in names:
        found = gold = 0
        by_band: dict[str, list[int]] = {"16k": [0, 0], "8k": [0, 0]}
        errors = words = 0
        for clip, hypothesis in zip(calls, hypotheses[name], strict=True):
            hit, total = term_recall(clip.reference, hypothesis, term_lemmas(vocabulary, "ru", clip.terms))
            found, gold = found + hit, gold + total
            counts = by_band[clip.name.split("/")[1]]
            counts[0], counts[1] = counts[0] + hit, counts[1] + total
            reference = normalise(clip.reference)
            errors += word_errors(reference, normalise(hypothesis))
            words += len(reference)
        ratio = seconds[name] / seconds["off"] if seconds.get("off") else float("nan")
        wide, narrow = (f"{100 * by_band[b][0] / by_band[b][1]:6.1f}%" if by_band[b][1] else "     -" for b in by_band)
        print(
            f"{name:<13} {100 * found / gold:9.1f}% {wide} {narrow} {100 * errors / words:6.1f}%   "
            f"{seconds[name]:7.1f}  {ratio:.3f}"
        )
    bands = 1 if band else 2
    print(f"(term occurrences per rendering set: {gold // bands}; WER over {words // bands} words per band)")
    if os.environ.get("VOC_EVAL_SHOW"):
        for index, clip in enumerate(calls):
            print(f"\n{clip.name}: {clip.reference}")
            for name in names:
                print(f"  {name:<13} {hypotheses[name][index]}")


def ivr_clips(splits: list[str]) -> list[Clip]:
    """Each customer line of the sets' calls, spoken alone and sent through an 8 kHz phone line
    (what a caller says to the IVR), cached by its text; plus the real Russian asterisk prompts."""
    clips: list[Clip] = []
    for split in splits:
        for call in json.loads(set_path(split).read_text(encoding="utf-8"))["calls"]:
            turns = [(t["speaker"], t["text"]) if isinstance(t, dict) else tuple(t) for t in call["turns"]]
            for number, (speaker, text) in enumerate(turns):
                if speaker != "customer":
                    continue
                digest = hashlib.sha256(text.encode()).hexdigest()[:10]
                path = CACHE / "ivr" / f"{call['id']}-{number}-{digest}.wav"
                if not path.is_file():
                    write_audio(path, to_telephone(speak(text, "ru")[None, :]), 8000, "ULAW")
                clips.append(Clip(f"{call['id']}/{number}", path, "ru", text, tuple(call.get("terms", ()))))
    return clips


def score_ivr(transcriber: Transcriber, splits: list[str], wer_clips: int) -> None:
    """The route's clip transcriber (no word times, greedy) without and with the vocabulary's hint."""
    from voc.routing.engines import ClipTranscriber

    synthetic = ivr_clips(splits)
    real = [Clip(p.name, p, lang, text) for p, lang, text in real_clips(wer_clips) if lang == "ru"]
    base = transcriber.settings
    vocabulary = load_vocabulary("default") or Vocabulary()
    print(f"\nIVR clips: {len(synthetic)} customer lines ({'+'.join(splits)}), {len(real)} real Russian recordings")
    print(f"{'config':<10} {'recall':>7} {'WER lines':>10} {'WER real':>9}   decode s")
    for bias in ("off", base.asr.bias):
        transcriber.settings = with_asr(base, bias=bias)
        clip_transcriber = ClipTranscriber(lambda: transcriber)
        found = gold = errors = words = real_errors = real_words = 0
        began = time.perf_counter()
        for clip in synthetic + real:
            audio = decode_audio(clip.path, max_duration_s=60)
            text = clip_transcriber(audio.samples.mean(axis=0), audio.sample_rate, clip.language)
            reference = normalise(clip.reference)
            wrong = word_errors(reference, normalise(text))
            if clip in real:
                real_errors, real_words = real_errors + wrong, real_words + len(reference)
                continue
            hit, total = term_recall(clip.reference, text, term_lemmas(vocabulary, "ru", clip.terms))
            found, gold, errors, words = found + hit, gold + total, errors + wrong, words + len(reference)
            if os.environ.get("VOC_EVAL_SHOW"):
                print(f"  {bias:<8} {clip.name}: {text}")
        spent = time.perf_counter() - began
        print(
            f"{bias:<10} {100 * found / gold:6.1f}% {100 * errors / words:9.1f}% "
            f"{100 * real_errors / max(1, real_words):8.2f}%   {spent:7.1f}"
        )
    transcriber.settings = base
    print(f"({gold} term occurrences in {words} words; {real_words} words of real speech)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--set", default="dev", help="tests/data/asr_domain/<set>.json, or tasks/<split> ('': skip the calls)"
    )
    parser.add_argument("--configs", default="bare,off,correct,hotwords,prompt,hotwords-raw,prompt-raw")
    parser.add_argument("--band", choices=["16k", "8k"], help="only the calls' renderings in this band")
    parser.add_argument("--wer-clips", type=int, default=40, help="real recordings for WER (0: skip)")
    parser.add_argument("--noise", action="store_true", help="also count words written on noise")
    parser.add_argument(
        "--ivr", default="", help="also score the IVR clip path on these sets' customer lines, e.g. dev,heldout"
    )
    parser.add_argument("--detect", action="store_true", help="detect the real recordings' language (as bench_asr)")
    args = parser.parse_args()
    names = [n for n in args.configs.split(",") if n]
    unknown = set(names) - set(CONFIGS)
    if unknown:
        parser.error(f"unknown configurations {sorted(unknown)}; choose from {list(CONFIGS)}")

    if os.environ.get("VOC_EVAL_SHOW"):  # also each re-decoded segment, bare -> hinted
        logging.basicConfig(format="    %(message)s")
        logging.getLogger("voc.asr.transcribe").setLevel(logging.DEBUG)
    transcriber = Transcriber(Settings())
    vocabulary = load_vocabulary("default") or Vocabulary()
    print(f"load average {os.getloadavg()[0]:.1f}; model {transcriber.model_path} {transcriber.compute_type}")

    if args.set:
        score_calls(transcriber, vocabulary, args.set, names, args.band or "")
    if args.wer_clips:
        clips = [
            Clip(path.name, path, None if args.detect else language, text)
            for path, language, text in real_clips(args.wer_clips)
        ]
        print(f"\nreal recordings: {len(clips)}")
        real, real_seconds = run_all(transcriber, clips, names)
        words = sum(len(normalise(c.reference)) for c in clips)
        print(f"\n{'config':<13} {'WER':>7} {'ru':>7} {'en':>7}   decode s  / off")
        for name in names:
            per: dict[str, list[int]] = {}
            for clip, hypothesis in zip(clips, real[name], strict=True):
                language = "en" if "_en_" in str(clip.path) or "/en/" in str(clip.path) else "ru"
                reference = normalise(clip.reference)
                stats = per.setdefault(language, [0, 0])
                stats[0] += word_errors(reference, normalise(hypothesis))
                stats[1] += len(reference)
            total = sum(s[0] for s in per.values())
            ratio = real_seconds[name] / real_seconds["off"] if real_seconds.get("off") else float("nan")
            cells = " ".join(
                f"{100 * per[lang][0] / per[lang][1]:6.2f}%" if lang in per else "      -" for lang in ("ru", "en")
            )
            print(f"{name:<13} {100 * total / words:6.2f}% {cells}   {real_seconds[name]:7.1f}  {ratio:.3f}")
        print(f"({words} words)")
    if args.ivr:
        score_ivr(transcriber, args.ivr.split(","), args.wer_clips or 40)
    if args.noise:
        print("\nwords written on 30 s of noise (3 kinds, no VAD):", noise_words(transcriber, names))


if __name__ == "__main__":
    main()
