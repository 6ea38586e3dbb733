from __future__ import annotations

from voc.text.lexicon import polarity, worry_words
from voc.text.normalize import clean_text, clip_for_model, fold_case


def test_negated_negative_reads_positive() -> None:
    assert polarity("не плохо").negated_negative == 1
    assert polarity("not bad at all").negated_negative == 1
    assert polarity("проблем нет").negated_negative == 1
    assert polarity("не плохо").score > 0


def test_negated_positive_reads_negative() -> None:
    assert polarity("я не доволен").negated_positive == 1
    assert polarity("I'm not happy").negated_positive == 1
    assert polarity("I'm not happy").score < 0


def test_plain_polarity() -> None:
    assert polarity("ужасный сервис").score < 0 < polarity("отличный сервис").score


def test_worry_words_use_lemmas() -> None:
    assert worry_words("Я очень волнуюсь, боюсь мошенников") == ["волнуюсь", "боюсь", "мошенников"]


def test_normalisation_keeps_offsets_and_bounds() -> None:
    assert fold_case("ЁЖИК Straße") == "ежик straße"
    assert len(fold_case("İstanbul")) == len("İstanbul")
    assert clean_text("a\x00b\n\tc  ") == "a b c"
    assert len(clip_for_model("слово " * 2000)) < 1300
