"""Summaries written by an instruction-tuned model through `transformers`, loaded from a local path.

Optional (the `hf` extra): torch and transformers are imported only when this backend is chosen.
The structured facts (reason, outcome, open items) still come from the rules; the model writes the
prose from the transcript and those facts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from voc.errors import ModelMissingError
from voc.schemas import Turn
from voc.summary.structured import CallFacts

MAX_NEW_TOKENS = 160
PROMPT = {
    "ru": (
        "Кратко перескажи звонок в банк для менеджера, 2-4 предложения на русском: зачем звонил клиент, "
        "о чём договорились, что осталось открытым, как себя чувствовал клиент.\n"
        "Известно: {facts}\n\nРазговор:\n{dialogue}\n\nПересказ:"
    ),
    "en": (
        "Summarise this bank call for a manager in 2-4 English sentences: why the customer called, what was "
        "agreed, what is still open, how the customer felt.\n"
        "Known facts: {facts}\n\nConversation:\n{dialogue}\n\nSummary:"
    ),
}
SPEAKER_NAMES = {
    "ru": {"agent": "Оператор", "customer": "Клиент", "unknown": "Собеседник"},
    "en": {"agent": "Agent", "customer": "Customer", "unknown": "Speaker"},
}


class TransformersSummarizer:
    def __init__(self, path: Path, device: str = "auto") -> None:
        try:
            import torch
            from transformers import AutoConfig, AutoModelForCausalLM, AutoModelForSeq2SeqLM, AutoTokenizer
        except ImportError as exc:
            raise ModelMissingError(
                "the transformers summary backend needs torch and transformers (install voc[hf])"
            ) from exc
        if not path.is_dir():
            raise ModelMissingError(f"summary model folder {path} does not exist")
        config = AutoConfig.from_pretrained(path, local_files_only=True)
        self.seq2seq = bool(getattr(config, "is_encoder_decoder", False))
        loader = AutoModelForSeq2SeqLM if self.seq2seq else AutoModelForCausalLM
        self.tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        self.device = "cuda" if device in ("auto", "cuda") and torch.cuda.is_available() else "cpu"
        model: Any = loader.from_pretrained(path, local_files_only=True)
        move: Any = model.to
        self.model: Any = move(self.device)
        self.model.eval()
        self.torch = torch
        self.name = f"transformers:{path.name}"

    def write(self, turns: Sequence[Turn], facts: CallFacts, language: str) -> str:
        lang = "ru" if language.startswith("ru") else "en"
        prompt = build_prompt(turns, facts, lang)
        inputs = self._encode(prompt)
        with self.torch.no_grad():
            output = self.model.generate(
                **inputs,
                max_new_tokens=MAX_NEW_TOKENS,
                do_sample=False,
                pad_token_id=self.tokenizer.pad_token_id or self.tokenizer.eos_token_id,
            )
        new_tokens = output[0] if self.seq2seq else output[0][inputs["input_ids"].shape[1] :]
        return first_sentences(str(self.tokenizer.decode(new_tokens, skip_special_tokens=True)))

    def _encode(self, prompt: str) -> dict[str, Any]:
        if getattr(self.tokenizer, "chat_template", None):
            text = self.tokenizer.apply_chat_template(
                [{"role": "user", "content": prompt}], tokenize=False, add_generation_prompt=True
            )
        else:
            text = prompt
        limit = getattr(self.model.config, "max_position_embeddings", None) or 2048
        budget = max(16, limit - MAX_NEW_TOKENS) if not self.seq2seq else limit
        encoded = self.tokenizer(text, return_tensors="pt")
        if encoded["input_ids"].shape[1] > budget:
            # keep the end: the instruction head is short, the call's outcome is at the end
            encoded = {k: v[:, -budget:] for k, v in encoded.items()}
        return {k: v.to(self.device) for k, v in encoded.items()}


def build_prompt(turns: Sequence[Turn], facts: CallFacts, lang: str) -> str:
    names = SPEAKER_NAMES[lang]
    dialogue = "\n".join(f"{names[t.speaker]}: {t.text}" for t in turns)
    known = "; ".join(
        part
        for part in (
            facts.reason and (f"повод: {facts.reason}" if lang == "ru" else f"reason: {facts.reason}"),
            facts.agreed and ("договорились: " if lang == "ru" else "agreed: ") + ", ".join(facts.agreed),
            facts.open_items and ("открыто: " if lang == "ru" else "open: ") + ", ".join(facts.open_items),
            ("настроение: " if lang == "ru" else "mood: ") + facts.mood,
        )
        if part
    )
    return PROMPT[lang].format(facts=known, dialogue=dialogue)


def first_sentences(text: str, most: int = 4, limit: int = 700) -> str:
    text = " ".join(text.split())
    sentences = re.split(r"(?<=[.!?])\s+", text)
    kept = " ".join(sentences[:most]).strip()
    return kept if len(kept) <= limit else kept[:limit].rsplit(" ", 1)[0] + "…"
