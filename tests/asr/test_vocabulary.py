"""The domain vocabulary: the shipped default, a contact centre's own file, per-call terms."""

from __future__ import annotations

from pathlib import Path

import pytest

from voc.asr.vocabulary import VocabularyError, load_vocabulary
from voc.config import Settings


def test_default_vocabulary_has_banking_terms_in_both_languages() -> None:
    vocabulary = load_vocabulary("default")
    assert vocabulary is not None
    russian = vocabulary.terms["ru"]
    for term in ("вклад", "ипотека", "рассрочка", "кэшбэк", "СБП", "досрочное погашение", "овердрафт"):
        assert term in russian
    assert "mortgage" in vocabulary.terms["en"]
    assert "процент" in vocabulary.context["ru"]
    assert "март" in vocabulary.protect["ru"]


def test_vocabulary_off() -> None:
    assert load_vocabulary("off") is None


def test_contact_centre_file_extends_the_default_and_goes_first(tmp_path: Path) -> None:
    own = tmp_path / "bank.yaml"
    own.write_text("terms:\n  ru: [вклад Стабильный, карта Халва]\ncontext:\n  ru: [бонусы]\n", encoding="utf-8")
    vocabulary = load_vocabulary(str(own))
    assert vocabulary is not None
    assert vocabulary.terms["ru"][:2] == ("вклад Стабильный", "карта Халва")
    assert "ипотека" in vocabulary.terms["ru"]
    assert "mortgage" in vocabulary.terms["en"]
    assert vocabulary.context["ru"][0] == "бонусы" and "процент" in vocabulary.context["ru"]


def test_a_contact_centre_adds_its_own_task_words(tmp_path: Path) -> None:
    own = tmp_path / "bank.yaml"
    own.write_text("task_words:\n  ru: [пролонгирую]\n", encoding="utf-8")
    vocabulary = load_vocabulary(str(own))
    assert vocabulary is not None
    assert vocabulary.task_words["ru"][0] == "пролонгирую"
    assert {"внесу", "марта", "пятницу"} <= set(vocabulary.task_words["ru"])


def test_contact_centre_file_can_replace_the_default(tmp_path: Path) -> None:
    own = tmp_path / "insurer.yaml"
    own.write_text("extends: none\nterms:\n  ru: [ОСАГО, КАСКО]\n", encoding="utf-8")
    vocabulary = load_vocabulary(str(own))
    assert vocabulary is not None
    assert vocabulary.terms == {"ru": ("ОСАГО", "КАСКО")}
    assert vocabulary.context == {}


def test_per_call_terms_lead_the_decoder_hint_without_repeats() -> None:
    vocabulary = load_vocabulary("default")
    assert vocabulary is not None
    hint = vocabulary.hotwords("ru", ["Накопительный Плюс", "вклад"])
    assert hint is not None
    assert hint.startswith("Накопительный Плюс, вклад, депозит")
    assert hint.count("вклад,") == 1
    assert vocabulary.hotwords("de") is None


def test_decoder_hint_keeps_the_first_terms_that_fit() -> None:
    vocabulary = load_vocabulary("default")
    assert vocabulary is not None
    hint = vocabulary.hotwords("ru", ["Халва"], fits=lambda text: len(text) <= 30)
    assert hint == "Халва, вклад, депозит, кредит"
    assert vocabulary.hotwords("ru", fits=lambda text: False) is None


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("terms: [вклад]\n", "map a language"),
        ("terms:\n  ru: [вклад]\nwords:\n  ru: [x]\n", "unknown keys"),
        ("extends: everything\n", "`extends`"),
        ("terms: {ru: [вклад\n", "not valid YAML"),
    ],
)
def test_bad_vocabulary_files_say_what_is_wrong(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(VocabularyError, match=problem):
        load_vocabulary(str(path))


def test_missing_vocabulary_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(VocabularyError, match="cannot read"):
        load_vocabulary(str(tmp_path / "absent.yaml"))


def test_vocabulary_setting_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("VOC_ASR__VOCABULARY", str(tmp_path / "bank.yaml"))
    monkeypatch.setenv("VOC_ASR__BIAS", "prompt")
    settings = Settings()
    assert settings.asr.vocabulary == str(tmp_path / "bank.yaml")
    assert settings.asr.bias == "prompt"
    assert Settings().asr.correct_terms is True
    monkeypatch.delenv("VOC_ASR__BIAS")
    # By default the hint only re-decodes doubtful near-misses of terms (docs/asr.md).
    assert Settings().asr.bias == "recheck"


def test_product_names_from_a_profile_become_terms() -> None:
    from voc.intake import terms_from_products

    assert terms_from_products(["Вклад", "Полис КАСКО", "СБП", "вклад", "Карта Халва"]) == (
        "вклад",
        "полис КАСКО",
        "СБП",
        "карта Халва",
    )
