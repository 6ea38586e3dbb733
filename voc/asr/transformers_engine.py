"""Hugging Face transformers' Whisper on torch behind voc's ASR engine interface.

Runs wherever torch runs. Loads a local Hugging Face Whisper folder (VOC_ASR__MODEL=/path, for
example a large-v3-turbo download), the packaged base model converted from its CTranslate2
weights (`voc models convert`; done on first use when missing, no download), or a hub id when
VOC_ASR__ALLOW_NETWORK=true.

Word times come from cross-attention DTW over the model's alignment heads
(`return_token_timestamps`), word probabilities from the decoder's scores, both per token and
grouped into words the way Whisper writes them (a token starting with a space starts a word;
punctuation joins its neighbour), so the words match faster-whisper's shape.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from voc.asr.engine import DecodeOptions, EngineName, EngineSegment, pick_device
from voc.config import Settings
from voc.errors import ModelMissingError
from voc.schemas import Word

log = logging.getLogger(__name__)

RATE = 16000
WINDOW_SAMPLES = 30 * RATE
# faster-whisper's default fallback temperatures, so both engines retry the same way.
FALLBACK_TEMPERATURES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
# Whisper's own punctuation merging (openai/whisper timing.py, also faster-whisper's defaults).
PREPEND_PUNCTUATION = "\"'“¿([{-«"
APPEND_PUNCTUATION = "\"'.。,，!！?？:：”)]}、»"
CONVERTED_PACKAGED = "whisper-base-hf"


def hf_model_folder(settings: Settings) -> str:
    """What the transformers engine loads: a Hugging Face Whisper folder, or a hub id."""
    from voc.asr.model_files import PACKAGED_ASR_MODEL, hub_model_id, resolve_asr_model

    wanted = settings.resolved_asr_model
    if wanted in ("packaged", PACKAGED_ASR_MODEL):
        target = settings.cache_dir / "models" / CONVERTED_PACKAGED
        if not (target / "model.safetensors").is_file():
            from voc.asr.convert import convert_ct2_whisper

            log.info("converting the packaged Whisper base to %s (once)", target)
            convert_ct2_whisper(Path(resolve_asr_model(settings)), target)
        return str(target)
    path = Path(wanted).expanduser()
    if path.exists():
        if is_hf_whisper_folder(path):
            return str(path)
        raise ModelMissingError(
            f"VOC_ASR_MODEL={wanted} is not a Hugging Face Whisper folder (config.json and weights); "
            f"a CTranslate2 folder can be converted with `voc models convert {wanted} DEST`"
        )
    return hub_model_id(settings, wanted)


class TransformersWhisperEngine:
    name: EngineName = "transformers"

    def __init__(self, settings: Settings) -> None:
        try:
            import torch
            from tokenizers import Tokenizer
            from transformers import WhisperFeatureExtractor, WhisperForConditionalGeneration
        except ImportError as err:  # the hf extra
            raise ModelMissingError(
                f"VOC_ASR__ENGINE=transformers needs torch and transformers (pip install 'voc[hf]'): {err}"
            ) from err
        self.model_path = hf_model_folder(settings)
        self.device = pick_device(settings.device, self.name)
        compute_type = settings.asr.compute_type
        if compute_type == "auto":
            compute_type = "float16" if self.device == "cuda" else "float32"
        dtypes = {"float16": torch.float16, "bfloat16": torch.bfloat16, "float32": torch.float32}
        if compute_type not in dtypes:
            raise ModelMissingError(
                f"VOC_ASR__COMPUTE_TYPE={compute_type}: the transformers engine takes float16, bfloat16 or float32"
            )
        self.compute_type = compute_type
        self._torch = torch
        self.dtype = dtypes[compute_type]
        if self.device == "cpu" and settings.asr.cpu_threads:
            torch.set_num_threads(settings.asr.cpu_threads)
        local = Path(self.model_path).is_dir()
        model: Any = WhisperForConditionalGeneration.from_pretrained(
            self.model_path, dtype=self.dtype, local_files_only=local
        )
        self.model = model.to(self.device).eval()
        self.features = WhisperFeatureExtractor.from_pretrained(self.model_path, local_files_only=local)
        tokenizer_file = Path(self.model_path) / "tokenizer.json"
        if local and tokenizer_file.is_file():
            self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        else:
            from transformers import AutoTokenizer

            self.tokenizer = AutoTokenizer.from_pretrained(self.model_path).backend_tokenizer
        generation = self.model.generation_config
        # transformers' SuppressTokensLogitsProcessor rebuilds its vocabulary mask with torch.isin at
        # every step (a quarter of the decoding time on CPU); the same mask, built once, instead.
        self._suppress = _SuppressTokens(
            list(generation.suppress_tokens or []), self.model.config.vocab_size, self.device
        )
        generation.suppress_tokens = None
        self.eos = int(generation.eos_token_id)
        self.prev_sot = int(generation.prev_sot_token_id)
        self.lang_to_id: dict[str, int] = dict(generation.lang_to_id or {})
        self.decoder_start = int(generation.decoder_start_token_id)
        # One generate at a time per model: the API's IVR clips and a worker may share a process.
        self._lock = threading.Lock()

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer.encode(" " + text, add_special_tokens=False).ids)

    def _features(self, audios: Sequence[np.ndarray]) -> tuple[Any, Any]:
        longest = max(len(audio) for audio in audios)
        if longest <= WINDOW_SAMPLES:
            batch = self.features(
                list(audios), sampling_rate=RATE, return_tensors="pt", return_attention_mask=True
            )  # padded to one 30 s window, as Whisper was trained
        else:
            batch = self.features(
                list(audios),
                sampling_rate=RATE,
                return_tensors="pt",
                return_attention_mask=True,
                truncation=False,
                padding="longest",
            )
        return batch.input_features.to(self.device, self.dtype), batch.attention_mask.to(self.device)

    def detect_language(self, audio: np.ndarray, segments: int) -> tuple[str, float]:
        """Language probabilities from the first decoder step, averaged over the first `segments` windows."""
        torch = self._torch
        windows = [audio[i : i + WINDOW_SAMPLES] for i in range(0, max(len(audio), 1), WINDOW_SAMPLES)][:segments]
        codes = sorted(self.lang_to_id, key=self.lang_to_id.__getitem__)
        ids = torch.tensor([self.lang_to_id[code] for code in codes], device=self.device)
        features, _ = self._features(windows)
        start = torch.full((len(windows), 1), self.decoder_start, device=self.device)
        with self._lock, torch.inference_mode():
            logits = self.model(input_features=features, decoder_input_ids=start).logits[:, -1, :]
        probabilities = logits.float()[:, ids].softmax(dim=-1).mean(dim=0)
        best = int(probabilities.argmax())
        return codes[best].strip("<|>"), float(probabilities[best])

    def decode(
        self,
        audio: np.ndarray,
        language: str | None,
        options: DecodeOptions,
        on_decoded: Callable[[float], None] | None = None,
    ) -> list[EngineSegment]:
        [segments] = self._generate([audio], [language] if language else None, options)
        if on_decoded is not None:  # generate gives no progress of its own: told once, at the end
            for segment in segments:
                on_decoded(segment.end)
        return segments

    def decode_batch(
        self, audios: Sequence[np.ndarray], languages: Sequence[str], options: DecodeOptions
    ) -> list[list[EngineSegment]]:
        if not audios:
            return []
        return self._generate(audios, list(languages), options)

    def _generate(
        self, audios: Sequence[np.ndarray], languages: list[str] | None, options: DecodeOptions
    ) -> list[list[EngineSegment]]:
        torch = self._torch
        words_wanted = bool(options.get("word_timestamps", True))
        long_form = max(len(a) for a in audios) > WINDOW_SAMPLES
        timestamps = long_form or not options.get("without_timestamps", False)
        temperature = options.get("temperature", FALLBACK_TEMPERATURES)
        features, attention = self._features(audios)
        kwargs: dict[str, Any] = {
            "language": languages,
            "task": "transcribe",
            "return_timestamps": timestamps,
            "return_token_timestamps": words_wanted,
            "return_segments": True,
            "return_dict_in_generate": True,
            "output_scores": words_wanted,
            "num_beams": int(options.get("beam_size", 5)),  # type: ignore[call-overload]
            "condition_on_prev_tokens": bool(options.get("condition_on_previous_text", False)),
            "temperature": tuple(temperature) if isinstance(temperature, list | tuple) else temperature,
        }
        for ours, theirs in (
            ("no_speech_threshold", "no_speech_threshold"),
            ("compression_ratio_threshold", "compression_ratio_threshold"),
            ("log_prob_threshold", "logprob_threshold"),
            ("max_new_tokens", "max_new_tokens"),
        ):
            if options.get(ours) is not None:
                kwargs[theirs] = options[ours]
        hint = options.get("hotwords") or options.get("initial_prompt")
        if hint:
            # With condition_on_prev_tokens off, transformers puts prompt_ids before every window:
            # what faster-whisper does with hotwords (initial_prompt reaches its first window only).
            prompt = [self.prev_sot, *self.tokenizer.encode(" " + str(hint).strip(), add_special_tokens=False).ids]
            kwargs["prompt_ids"] = torch.tensor(prompt, device=self.device)
        with self._lock, torch.inference_mode():
            out = self.model.generate(features, attention_mask=attention, logits_processor=self._processors(), **kwargs)
        if isinstance(out, dict) and "segments" in out:
            return [_cap_sentence_words([self._segment(s, words_wanted) for s in item]) for item in out["segments"]]
        sequences = out["sequences"] if isinstance(out, dict) else out
        texts = [self.tokenizer.decode([t for t in row.tolist() if t < self.eos]) for row in sequences]
        pairs = zip(audios, texts, strict=True)
        return [[EngineSegment(0.0, len(a) / RATE, text, ())] if text.strip() else [] for a, text in pairs]

    def _processors(self) -> Any:
        from transformers import LogitsProcessorList

        return LogitsProcessorList([self._suppress])

    def _segment(self, segment: dict[str, Any], words_wanted: bool) -> EngineSegment:
        tokens = [int(t) for t in segment["tokens"].tolist()]
        start, end = float(segment["start"]), float(segment["end"])
        text = self.tokenizer.decode([t for t in tokens if t < self.eos])
        if not words_wanted or "token_timestamps" not in segment:
            return EngineSegment(start, end, text, ())
        times = [float(t) for t in segment["token_timestamps"].tolist()]
        result = segment["result"]
        scores = result.get("scores") or []
        prompt_length = int(result["sequences"].shape[-1]) - len(scores)
        first = int(segment["idxs"][0])
        probabilities = []
        for offset, token in enumerate(tokens):
            step = first + offset - prompt_length
            if 0 <= step < len(scores):
                probabilities.append(float(scores[step].float().softmax(dim=-1)[token]))
            else:
                probabilities.append(1.0)
        return EngineSegment(start, end, text, self._words(tokens, times, probabilities, start, end))

    def _words(
        self, tokens: list[int], times: list[float], probabilities: list[float], start: float, end: float
    ) -> tuple[Word, ...]:
        """Group text tokens into words, with times and the mean of their tokens' probabilities."""
        groups: list[list[int]] = []  # token positions per word
        for position, token in enumerate(tokens):
            if token >= self.eos:
                continue
            piece = self.tokenizer.id_to_token(token) or ""
            if not groups or piece.startswith("Ġ"):
                groups.append([position])
            else:
                groups[-1].append(position)
        texts = [self.tokenizer.decode([tokens[p] for p in group]) for group in groups]
        merged: list[tuple[str, list[int]]] = []
        pending: tuple[str, list[int]] | None = None
        for text, group in zip(texts, groups, strict=True):
            bare = text.strip()
            if pending is not None:
                text, group = pending[0] + text.lstrip(), pending[1] + group
                pending = None
            if bare and all(ch in PREPEND_PUNCTUATION for ch in bare):
                pending = (text, group)
            elif bare and merged and all(ch in APPEND_PUNCTUATION for ch in bare):
                merged[-1] = (merged[-1][0] + bare, merged[-1][1] + group)
            else:
                merged.append((text, group))
        if pending is not None:
            merged.append(pending)
        spans: list[tuple[str, list[int], float, float]] = []
        for text, group in merged:
            if not text.strip():
                continue
            # token_timestamps[k] is where token k ends (the DTW step after it): a word runs from the
            # end of the token before it (the segment's opening timestamp for the first) to its last.
            before = group[0] - 1
            word_start = min(max(times[before] if before >= 0 else start, start), end)
            spans.append((text.strip(), group, word_start, min(max(times[group[-1]], word_start), end)))
        words = []
        for text, group, word_start, word_end in spans:
            probability = float(np.mean([probabilities[p] for p in group]))
            times_s = {"start": round(word_start, 3), "end": round(word_end, 3)}
            words.append(Word(word=text, **times_s, probability=round(probability, 3)))
        return tuple(words)


SENTENCE_END = ".。!！?？"


def _cap_sentence_words(segments: list[EngineSegment]) -> list[EngineSegment]:
    """Whisper's fix for DTW's long words at sentence ends (openai/whisper timing.py, kept by
    faster-whisper: no longer than twice the median word of the decoding), applied to whole words:
    transformers' alignment runs a sentence's last word on into the pause after it (by 0.2-0.7 s
    on the parity test's recordings), and the word after it may start that late."""
    durations = [w.end - w.start for s in segments for w in s.words if w.end > w.start]
    if not durations:
        return segments
    longest = 2 * min(0.7, float(np.median(durations)))
    capped, previous = [], ""
    for segment in segments:
        words = []
        for word in segment.words:
            start, end = word.start, word.end
            if word.word[-1:] in SENTENCE_END and end - start > longest:
                end = round(start + longest, 3)
            if previous[-1:] in SENTENCE_END and end - start > longest:
                start = round(end - longest, 3)
            words.append(
                word if (start, end) == (word.start, word.end) else word.model_copy(update={"start": start, "end": end})
            )
            previous = word.word
        capped.append(EngineSegment(segment.start, segment.end, segment.text, tuple(words)))
    return capped


class _SuppressTokens:
    """Whisper's suppressed tokens (never written), as transformers' processor with the mask made once."""

    def __init__(self, ids: list[int], vocab_size: int, device: str) -> None:
        import torch

        self.mask = torch.zeros(vocab_size, dtype=torch.bool, device=device)
        if ids:
            self.mask[torch.tensor(ids, device=device)] = True

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        return scores.masked_fill(self.mask[: scores.shape[-1]], float("-inf"))


def is_hf_whisper_folder(path: Path) -> bool:
    config = path / "config.json"
    if not config.is_file():
        return False
    return json.loads(config.read_text(encoding="utf-8")).get("model_type") == "whisper"
