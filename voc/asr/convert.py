"""Turn a CTranslate2 Whisper folder (the packaged base model, or any faster-whisper model) into a
Hugging Face Whisper folder for the transformers engine, with no download.

CTranslate2's model.bin is a flat list of named arrays (ctranslate2/specs/model_spec.py, `save`:
binary version, spec name, revision, then per variable its name, shape, dtype id and bytes, then
aliases). Its names come from ctranslate2/converters/transformers.py (WhisperLoader over
BartLoader); this module is that mapping run backwards. Two things the forward conversion did
have to be undone: the query/key/value projections were fused into one matrix (self-attention:
q,k,v; cross-attention: q, then k,v), with a zero bias put in for the key projection, which has
none in Hugging Face's Whisper; and the output projection is an alias of the token embeddings.
"""

from __future__ import annotations

import json
import re
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from voc.errors import ModelMissingError

# ctranslate2/specs/model_spec.py: _dtype_to_type_id
_CT2_DTYPES = ("float32", "int8", "int16", "int32", "float16", "bfloat16")
SUPPORTED_BINARY_VERSIONS = (5, 6)

# Whisper's feature extractor and decoder limits, the same for every size.
SAMPLING_RATE = 16000
MAX_SOURCE_POSITIONS = 1500
MAX_TARGET_POSITIONS = 448
# OpenAI's timestamp rule: the first timestamp is at most 1 s (50 steps of 0.02 s).
MAX_INITIAL_TIMESTAMP_INDEX = 50


@dataclass(frozen=True)
class Ct2Model:
    spec: str
    revision: int
    variables: dict[str, np.ndarray]


def read_ct2_model(path: Path) -> Ct2Model:
    """The variables of a CTranslate2 model.bin, aliases resolved (bfloat16 widened to float32)."""
    data = memoryview(path.read_bytes())
    position = 0

    def number(fmt: str) -> int:
        nonlocal position
        (value,) = struct.unpack_from(fmt, data, position)
        position += struct.calcsize(fmt)
        return int(value)

    def text() -> str:
        nonlocal position
        size = number("H")  # includes the trailing NUL
        value = bytes(data[position : position + size - 1]).decode("utf-8")
        position += size
        return value

    version = number("I")
    if version not in SUPPORTED_BINARY_VERSIONS:
        raise ModelMissingError(f"{path}: CTranslate2 binary version {version} is not one voc can read")
    spec = text()
    revision = number("I")
    variables: dict[str, np.ndarray] = {}
    for _ in range(number("I")):
        name = text()
        shape = tuple(number("I") for _ in range(number("B")))
        dtype = _CT2_DTYPES[number("B")]
        size = number("I")
        raw = bytes(data[position : position + size])
        position += size
        if dtype == "bfloat16":
            array = (np.frombuffer(raw, dtype=np.uint16).astype(np.uint32) << 16).view(np.float32)
        else:
            array = np.frombuffer(raw, dtype=dtype)
        variables[name] = array.reshape(shape)
    for _ in range(number("I")):
        alias, target = text(), text()
        variables[alias] = variables[target]
    return Ct2Model(spec=spec, revision=revision, variables=variables)


def _count_layers(variables: dict[str, np.ndarray], stack: str) -> int:
    return len({name.split("/")[1] for name in variables if re.match(rf"{stack}/layer_\d+/", name)})


def _split_rows(array: np.ndarray, parts: int) -> list[np.ndarray]:
    return list(np.split(array, parts, axis=0))


def hf_state_dict(model: Ct2Model) -> dict[str, np.ndarray]:
    """Hugging Face WhisperForConditionalGeneration parameter names -> arrays."""
    if model.spec != "WhisperSpec":
        raise ModelMissingError(f"the CTranslate2 model is a {model.spec}, not a Whisper model")
    v = model.variables
    state: dict[str, np.ndarray] = {}

    def linear(hf: str, ct2: str) -> None:
        state[f"{hf}.weight"] = v[f"{ct2}/weight"]
        if f"{ct2}/bias" in v:
            state[f"{hf}.bias"] = v[f"{ct2}/bias"]

    def norm(hf: str, ct2: str) -> None:
        state[f"{hf}.weight"] = v[f"{ct2}/gamma"]
        state[f"{hf}.bias"] = v[f"{ct2}/beta"]

    def fused(hf_prefix: str, names: tuple[str, ...], ct2: str) -> None:
        weights = _split_rows(v[f"{ct2}/weight"], len(names))
        biases = _split_rows(v[f"{ct2}/bias"], len(names))
        for name, weight, bias in zip(names, weights, biases, strict=True):
            state[f"{hf_prefix}.{name}.weight"] = weight
            if name != "k_proj":  # the zeros CTranslate2 put in: Whisper's key projection has no bias
                state[f"{hf_prefix}.{name}.bias"] = bias

    def ffn(hf: str, ct2: str) -> None:
        linear(f"{hf}.fc1", f"{ct2}/ffn/linear_0")
        linear(f"{hf}.fc2", f"{ct2}/ffn/linear_1")
        norm(f"{hf}.final_layer_norm", f"{ct2}/ffn/layer_norm")

    for conv in ("conv1", "conv2"):
        linear(f"model.encoder.{conv}", f"encoder/{conv}")
    state["model.encoder.embed_positions.weight"] = v["encoder/position_encodings/encodings"]
    norm("model.encoder.layer_norm", "encoder/layer_norm")
    for index in range(_count_layers(v, "encoder")):
        hf, ct2 = f"model.encoder.layers.{index}", f"encoder/layer_{index}"
        fused(f"{hf}.self_attn", ("q_proj", "k_proj", "v_proj"), f"{ct2}/self_attention/linear_0")
        linear(f"{hf}.self_attn.out_proj", f"{ct2}/self_attention/linear_1")
        norm(f"{hf}.self_attn_layer_norm", f"{ct2}/self_attention/layer_norm")
        ffn(hf, ct2)

    state["model.decoder.embed_tokens.weight"] = v["decoder/embeddings/weight"]
    state["model.decoder.embed_positions.weight"] = v["decoder/position_encodings/encodings"]
    norm("model.decoder.layer_norm", "decoder/layer_norm")
    for index in range(_count_layers(v, "decoder")):
        hf, ct2 = f"model.decoder.layers.{index}", f"decoder/layer_{index}"
        fused(f"{hf}.self_attn", ("q_proj", "k_proj", "v_proj"), f"{ct2}/self_attention/linear_0")
        linear(f"{hf}.self_attn.out_proj", f"{ct2}/self_attention/linear_1")
        norm(f"{hf}.self_attn_layer_norm", f"{ct2}/self_attention/layer_norm")
        linear(f"{hf}.encoder_attn.q_proj", f"{ct2}/attention/linear_0")
        fused(f"{hf}.encoder_attn", ("k_proj", "v_proj"), f"{ct2}/attention/linear_1")
        linear(f"{hf}.encoder_attn.out_proj", f"{ct2}/attention/linear_2")
        norm(f"{hf}.encoder_attn_layer_norm", f"{ct2}/attention/layer_norm")
        ffn(hf, ct2)
    # proj_out is tied to the token embeddings (tie_word_embeddings), as in CTranslate2's alias.
    return state


def _special_ids(tokenizer_json: dict[str, Any]) -> dict[str, int]:
    return {token["content"]: int(token["id"]) for token in tokenizer_json.get("added_tokens", [])}


def whisper_config(model: Ct2Model, ct2_config: dict[str, Any], special: dict[str, int]) -> dict[str, Any]:
    """The WhisperConfig fields, read off the arrays' shapes and the tokenizer's special tokens."""
    v = model.variables
    vocab_size, d_model = v["decoder/embeddings/weight"].shape
    eos = special["<|endoftext|>"]
    return {
        "architectures": ["WhisperForConditionalGeneration"],
        "model_type": "whisper",
        "vocab_size": int(vocab_size),
        "num_mel_bins": int(v["encoder/conv1/weight"].shape[1]),
        "d_model": int(d_model),
        "encoder_layers": _count_layers(v, "encoder"),
        "decoder_layers": _count_layers(v, "decoder"),
        "encoder_attention_heads": int(v["encoder/num_heads"]),
        "decoder_attention_heads": int(v["decoder/num_heads"]),
        "encoder_ffn_dim": int(v["encoder/layer_0/ffn/linear_0/weight"].shape[0]),
        "decoder_ffn_dim": int(v["decoder/layer_0/ffn/linear_0/weight"].shape[0]),
        "max_source_positions": int(v["encoder/position_encodings/encodings"].shape[0]),
        "max_target_positions": int(v["decoder/position_encodings/encodings"].shape[0]),
        "activation_function": "gelu",
        "scale_embedding": False,
        "tie_word_embeddings": True,
        "bos_token_id": eos,
        "eos_token_id": eos,
        "pad_token_id": eos,
        "decoder_start_token_id": special["<|startoftranscript|>"],
        "suppress_tokens": list(ct2_config.get("suppress_ids", [])),
        "begin_suppress_tokens": list(ct2_config.get("suppress_ids_begin", [])),
        "torch_dtype": "float16",
    }


def generation_config(config: dict[str, Any], ct2_config: dict[str, Any], special: dict[str, int]) -> dict[str, Any]:
    """What transformers' Whisper generate needs: language and task ids, timestamps, alignment heads."""
    by_id = {token_id: token for token, token_id in special.items()}
    lang_to_id = {by_id[i]: i for i in ct2_config.get("lang_ids", []) if i in by_id}
    no_timestamps = special["<|notimestamps|>"]
    alignment_heads = [list(map(int, pair)) for pair in ct2_config.get("alignment_heads", [])]
    if not alignment_heads:  # CTranslate2's own default: every head of the second half of the decoder
        layers, heads = config["decoder_layers"], config["decoder_attention_heads"]
        alignment_heads = [[layer, head] for layer in range(layers // 2, layers) for head in range(heads)]
    return {
        "bos_token_id": config["bos_token_id"],
        "eos_token_id": config["eos_token_id"],
        "pad_token_id": config["pad_token_id"],
        "decoder_start_token_id": config["decoder_start_token_id"],
        "max_length": MAX_TARGET_POSITIONS,
        "is_multilingual": len(lang_to_id) > 1,
        "lang_to_id": lang_to_id,
        "task_to_id": {"transcribe": special["<|transcribe|>"], "translate": special["<|translate|>"]},
        "no_timestamps_token_id": no_timestamps,
        "prev_sot_token_id": special["<|startofprev|>"],
        "max_initial_timestamp_index": MAX_INITIAL_TIMESTAMP_INDEX,
        "suppress_tokens": config["suppress_tokens"],
        "begin_suppress_tokens": config["begin_suppress_tokens"],
        "alignment_heads": alignment_heads,
        "return_timestamps": False,
    }


def convert_ct2_whisper(source: Path, target: Path) -> Path:
    """Write a Hugging Face Whisper folder (safetensors, config, generation and tokenizer files) for
    the CTranslate2 Whisper model in `source`; returns `target`."""
    from safetensors.numpy import save_file

    for needed in ("model.bin", "config.json", "tokenizer.json"):
        if not (source / needed).is_file():
            raise ModelMissingError(f"{source} has no {needed}: give a CTranslate2 Whisper folder")
    tokenizer_json = json.loads((source / "tokenizer.json").read_text(encoding="utf-8"))
    ct2_config = json.loads((source / "config.json").read_text(encoding="utf-8"))
    special = _special_ids(tokenizer_json)
    missing = [t for t in ("<|endoftext|>", "<|startoftranscript|>", "<|notimestamps|>") if t not in special]
    if missing:
        raise ModelMissingError(f"{source}/tokenizer.json lacks Whisper's special tokens {missing}")
    model = read_ct2_model(source / "model.bin")
    state = {name: np.ascontiguousarray(array) for name, array in hf_state_dict(model).items()}
    config = whisper_config(model, ct2_config, special)

    target.mkdir(parents=True, exist_ok=True)
    save_file(state, str(target / "model.safetensors"), metadata={"format": "pt"})
    (target / "config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    generation = generation_config(config, ct2_config, special)
    (target / "generation_config.json").write_text(json.dumps(generation, indent=2), encoding="utf-8")
    (target / "tokenizer.json").write_text(json.dumps(tokenizer_json, ensure_ascii=False), encoding="utf-8")
    tokenizer_config = {
        "tokenizer_class": "WhisperTokenizer",
        "model_max_length": 1024,
        "bos_token": "<|endoftext|>",
        "eos_token": "<|endoftext|>",
        "pad_token": "<|endoftext|>",
        "unk_token": "<|endoftext|>",
        "errors": "replace",
    }
    (target / "tokenizer_config.json").write_text(json.dumps(tokenizer_config, indent=2), encoding="utf-8")
    preprocessor = {
        "feature_extractor_type": "WhisperFeatureExtractor",
        "processor_class": "WhisperProcessor",
        "feature_size": config["num_mel_bins"],
        "sampling_rate": SAMPLING_RATE,
        "hop_length": 160,
        "chunk_length": 30,
        "n_fft": 400,
        "n_samples": 480000,
        "nb_max_frames": 3000,
        "padding_side": "right",
        "padding_value": 0.0,
        "return_attention_mask": False,
    }
    (target / "preprocessor_config.json").write_text(json.dumps(preprocessor, indent=2), encoding="utf-8")
    return target
