"""The two ASR engines: the packaged CTranslate2 model converted for transformers, and the
transformers engine against faster-whisper on the real recordings (WER, word times, batching)."""

from __future__ import annotations

import json
import struct
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np
import pytest

from scripts.bench_asr import normalise, word_errors
from voc.asr.model_files import resolve_asr_model
from voc.asr.transcribe import Transcriber, transcribe_calls, transcribe_streams
from voc.audio.decode import decode_audio
from voc.config import Settings
from voc.errors import ModelMissingError
from voc.schemas import Word
from voc.stage_types import SpeakerStream

torch = pytest.importorskip("torch", reason="the transformers engine needs torch (the hf extra is not installed)")
pytest.importorskip("transformers", reason="the transformers engine needs transformers (the hf extra)")

RU_CLIPS = [
    "festvox_ru_0063.flac",
    "festvox_ru_0306.flac",
    "festvox_ru_0695.flac",
    "asterisk_ru_all-circuits-busy-now.wav",
    "asterisk_ru_check-number-dial-again.wav",
    "asterisk_ru_auth-incorrect.wav",
]
EN_CLIPS = [
    "asterisk_en_all-circuits-busy-now.wav",
    "asterisk_en_check-number-dial-again.wav",
    "asterisk_en_auth-incorrect.wav",
]
GAP_S = 1.0
# Whisper base's alignment heads (openai/whisper, _ALIGNMENT_HEADS["base"]), layer and head.
BASE_ALIGNMENT_HEADS = [[3, 1], [4, 2], [4, 3], [4, 7], [5, 1], [5, 2], [5, 4], [5, 6]]


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Path:
    from voc.asr.convert import convert_ct2_whisper

    return convert_ct2_whisper(Path(resolve_asr_model(settings)), tmp_path_factory.mktemp("hf") / "whisper-base")


def test_converted_base_loads_into_transformers_with_every_weight(converted: Path) -> None:
    from transformers import WhisperForConditionalGeneration

    model, info = WhisperForConditionalGeneration.from_pretrained(converted, output_loading_info=True)
    assert not info["missing_keys"] and not info["unexpected_keys"] and not info["mismatched_keys"], info
    config = model.config
    # Whisper base as published: 512 wide, 6+6 layers of 8 heads, 80 mel bins, 51865 tokens.
    assert (config.d_model, config.encoder_layers, config.decoder_layers) == (512, 6, 6)
    assert (config.encoder_attention_heads, config.num_mel_bins, config.vocab_size) == (8, 80, 51865)
    generation = model.generation_config
    assert generation.alignment_heads == BASE_ALIGNMENT_HEADS
    assert generation.lang_to_id["<|ru|>"] == 50263 and generation.lang_to_id["<|en|>"] == 50259
    assert generation.task_to_id == {"transcribe": 50359, "translate": 50358}
    assert generation.no_timestamps_token_id == 50363
    # the key projections have no bias in Whisper; the CTranslate2 zeros must not come back as one
    assert model.model.encoder.layers[0].self_attn.k_proj.bias is None


def test_convert_refuses_what_is_not_a_ctranslate2_whisper_folder(tmp_path: Path, settings: Settings) -> None:
    from voc.asr.convert import convert_ct2_whisper

    with pytest.raises(ModelMissingError, match=r"no model\.bin"):
        convert_ct2_whisper(tmp_path, tmp_path / "out")
    source = Path(resolve_asr_model(settings))
    broken = tmp_path / "broken"
    broken.mkdir()
    for name in ("config.json", "tokenizer.json"):
        (broken / name).write_bytes((source / name).read_bytes())
    (broken / "model.bin").write_bytes(struct.pack("I", 99) + b"\0" * 16)
    with pytest.raises(ModelMissingError, match="binary version 99"):
        convert_ct2_whisper(broken, tmp_path / "out2")
    assert not (tmp_path / "out2").exists()


def test_voc_models_convert_writes_a_folder_the_engine_loads(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from voc.cli import app

    result = CliRunner().invoke(app, ["models", "convert", "packaged", str(tmp_path / "base-hf")])
    assert result.exit_code == 0, result.output
    assert {"model.safetensors", "config.json", "generation_config.json", "tokenizer.json"} <= {
        p.name for p in (tmp_path / "base-hf").iterdir()
    }
    missing = CliRunner().invoke(app, ["models", "convert", str(tmp_path / "nowhere"), str(tmp_path / "x")])
    assert missing.exit_code != 0 and "no such folder" in missing.output


# ------------------------------------------------------------------ parity on real recordings


def _stream(data_dir: Path, clips: list[str], channel: int) -> tuple[SpeakerStream, list[tuple[float, float]]]:
    """The clips one after another with a second of silence between: one speaker's stream."""
    pieces, bounds, at = [], [], 0.0
    for clip in clips:
        samples = decode_audio(data_dir / "real" / clip, max_duration_s=60).samples[0]
        pieces += [samples, np.zeros(int(GAP_S * 16000), dtype=np.float32)]
        bounds.append((at, at + len(samples) / 16000))
        at += len(samples) / 16000 + GAP_S
    return SpeakerStream(speaker="unknown", channel=channel, samples=np.concatenate(pieces)), bounds


def _wer(data_dir: Path, words: list[Word], clips: list[str], bounds: list[tuple[float, float]]) -> tuple[int, int]:
    truth = json.loads((data_dir / "real" / "transcripts.json").read_text(encoding="utf-8"))
    errors = total = 0
    for clip, (start, end) in zip(clips, bounds, strict=True):
        heard = normalise(" ".join(w.word for w in words if start - 0.5 <= (w.start + w.end) / 2 <= end + 0.5))
        reference = normalise(truth[clip]["text"])
        errors += word_errors(reference, heard)
        total += len(reference)
    return errors, total


@pytest.fixture(scope="module")
def engines(analyzer, settings: Settings) -> dict[str, Transcriber]:  # type: ignore[no-untyped-def]
    # Greedy decoding for both, to keep the test's CPU time modest; the engines differ, not the settings.
    greedy = settings.asr.model_copy(update={"beam_size": 1})
    return {
        "faster-whisper": Transcriber(settings.model_copy(update={"asr": greedy})),
        "transformers": Transcriber(
            settings.model_copy(update={"asr": greedy.model_copy(update={"engine": "transformers"})})
        ),
    }


def _batched(transcriber: Transcriber, size: int) -> Transcriber:
    asr = transcriber.settings.asr.model_copy(update={"batch_size": size})
    return Transcriber(transcriber.settings.model_copy(update={"asr": asr}), engine=transcriber.engine)


@pytest.fixture(scope="module")
def parity(data_dir: Path, engines: dict[str, Transcriber]) -> dict[str, dict[str, list[Word]]]:
    """Each engine's words on the Russian and the English stream. The transformers engine decodes
    both as two calls in one batch (the GPU path); faster-whisper one stream after the other."""
    ru, _ = _stream(data_dir, RU_CLIPS, 0)
    en, _ = _stream(data_dir, EN_CLIPS, 1)
    [ru_fw] = transcribe_streams([ru], engines["faster-whisper"], language="ru")
    [en_fw] = transcribe_streams([en], engines["faster-whisper"], language="en")
    [[ru_hf], [en_hf]] = transcribe_calls([[ru], [en]], _batched(engines["transformers"], 2), language=None)
    assert (ru_hf.language, en_hf.language) == ("ru", "en"), "each call's language detected on its own"
    return {
        "faster-whisper": {"ru": ru_fw.words, "en": en_fw.words},
        "transformers": {"ru": ru_hf.words, "en": en_hf.words},
    }


@pytest.mark.slow
def test_engine_is_chosen_by_setting(engines: dict[str, Transcriber]) -> None:
    assert engines["transformers"].engine.name == "transformers"
    assert engines["faster-whisper"].engine.name == "faster-whisper"
    with pytest.raises(TypeError, match="no faster-whisper model"):
        _ = engines["transformers"].model


@pytest.mark.slow
def test_transformers_engine_wer_within_a_point_of_faster_whisper(data_dir: Path, parity) -> None:  # type: ignore[no-untyped-def]
    rates, counts = {}, {}
    for name, words in parity.items():
        ru_errors, ru_total = _wer(data_dir, words["ru"], RU_CLIPS, _stream(data_dir, RU_CLIPS, 0)[1])
        en_errors, en_total = _wer(data_dir, words["en"], EN_CLIPS, _stream(data_dir, EN_CLIPS, 1)[1])
        rates[name] = 100 * (ru_errors + en_errors) / (ru_total + en_total)
        counts[name] = (ru_errors + en_errors, ru_total + en_total)
    print(f"WER on {len(RU_CLIPS) + len(EN_CLIPS)} real recordings (errors, words): {rates} {counts}")
    for language in ("ru", "en"):
        print(language, "faster-whisper:", " ".join(w.word for w in parity["faster-whisper"][language]))
        print(language, "transformers:  ", " ".join(w.word for w in parity["transformers"][language]))
    assert rates["faster-whisper"] < 30, "the reference engine itself hears these recordings"
    # Not worse by more than a point. (At 73 words one word is 1.4 points: the float32 transformers
    # engine hearing one word better than int8 CTranslate2 is not a loss of parity.)
    assert rates["transformers"] <= rates["faster-whisper"] + 1.0, rates


@pytest.mark.slow
def test_transformers_engine_word_times_within_a_quarter_of_a_second(parity) -> None:  # type: ignore[no-untyped-def]
    gaps = []
    for language in ("ru", "en"):
        reference, other = parity["faster-whisper"][language], parity["transformers"][language]
        matcher = SequenceMatcher(a=[w.word.lower() for w in reference], b=[w.word.lower() for w in other])
        same = [(reference[a + k], other[b + k]) for a, b, size in matcher.get_matching_blocks() for k in range(size)]
        assert len(same) >= 0.9 * len(reference), (language, reference, other)
        gaps += [max(abs(x.start - y.start), abs(x.end - y.end)) for x, y in same]
    spread = f"median {np.median(gaps):.3f} s, 90th percentile {np.percentile(gaps, 90):.3f} s, max {max(gaps):.3f} s"
    print(f"word time differences: {spread} over {len(gaps)} words")
    # The 90th percentile sits at the bound of a fifth of a second: 0.202 s on one CPU with this stop's
    # code and with the previous stop's alike (the engines' float32 and int8 numerics), 0.2 on another.
    assert np.median(gaps) <= 0.2 and np.percentile(gaps, 90) <= 0.25, sorted(gaps)
    assert all(0 <= w.probability <= 1 for words in parity["transformers"].values() for w in words)


@pytest.mark.slow
def test_a_stream_decoded_in_a_batch_comes_out_as_decoded_alone(data_dir: Path, engines, parity) -> None:  # type: ignore[no-untyped-def]
    """The English stream, batched with the Russian one in `parity`, against the same stream alone."""
    en, _ = _stream(data_dir, EN_CLIPS, 1)
    [alone] = transcribe_streams([en], engines["transformers"], language="en")
    batched = parity["transformers"]["en"]
    assert [w.word for w in batched] == [w.word for w in alone.words]
    assert max(abs(a.start - b.start) for a, b in zip(batched, alone.words, strict=True)) <= 0.05


@pytest.mark.slow
def test_ivr_clip_transcriber_runs_on_the_transformers_engine(data_dir: Path, engines) -> None:  # type: ignore[no-untyped-def]
    from voc.routing.engines import ClipTranscriber

    samples = decode_audio(data_dir / "real" / "asterisk_en_check-number-dial-again.wav", max_duration_s=60).samples[0]
    text = ClipTranscriber(lambda: engines["transformers"])(samples, 16000, "en")
    assert {"check", "number", "dial"} <= set(normalise(text)), text
