"""The transformers backend's code path, on a tiny random model built here from a config."""

from __future__ import annotations

from pathlib import Path

import pytest

from voc.config import Settings
from voc.schemas import Turn
from voc.summary import load_summarizer, summarize_call

VOCAB = ["<pad>", "<unk>", "<eos>", "Клиент", "звонил", "вклад", "перезвонить", "customer", "called", ".", ":"]


def build_tiny_model(folder: Path) -> None:
    pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    tokenizers = pytest.importorskip("tokenizers")

    vocab = {word: i for i, word in enumerate(VOCAB)}
    tokenizer = tokenizers.Tokenizer(tokenizers.models.WordLevel(vocab, unk_token="<unk>"))
    tokenizer.pre_tokenizer = tokenizers.pre_tokenizers.Whitespace()
    fast = transformers.PreTrainedTokenizerFast(
        tokenizer_object=tokenizer, unk_token="<unk>", pad_token="<pad>", eos_token="<eos>"
    )
    config = transformers.LlamaConfig(
        vocab_size=len(VOCAB),
        hidden_size=16,
        intermediate_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        num_key_value_heads=2,
        max_position_embeddings=256,
        pad_token_id=0,
        eos_token_id=2,
        bos_token_id=2,
    )
    transformers.set_seed(0)
    model = transformers.LlamaForCausalLM(config)
    model.save_pretrained(folder)
    fast.save_pretrained(folder)


def test_summary_from_a_local_transformers_model(tmp_path: Path) -> None:
    folder = tmp_path / "tiny-instruct"
    build_tiny_model(folder)
    summarizer = load_summarizer(Settings(summary_backend=str(folder), device="cpu"))
    assert summarizer.name == "transformers:tiny-instruct"

    turns = [
        Turn(index=0, speaker="customer", start=0.0, end=2.0, text="У меня вклад заканчивается пятнадцатого марта."),
        Turn(index=1, speaker="agent", start=2.0, end=4.0, text="Я вам перезвоню в пятницу."),
    ] * 40  # longer than the model's 256 positions: the prompt must be cut, not crash
    summary = summarize_call(turns, [], None, "ru", summarizer)
    # random weights, fixed seed: the text is words of the tiny vocabulary, decoded by the backend
    assert summary.backend == "transformers:tiny-instruct"
    generated = summary.text.rstrip("…").split()
    assert generated and set(generated) <= set(VOCAB[3:])
    assert summary.reason is not None and "вклад" in summary.reason
