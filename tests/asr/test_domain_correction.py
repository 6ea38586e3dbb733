"""Near-misses of domain terms corrected on Whisper's real output, only where the evidence allows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from voc.asr.correct import DomainLexicon, correct_domain_words, sound_key
from voc.asr.vocabulary import Vocabulary, load_vocabulary
from voc.schemas import Turn, Word


@pytest.fixture(scope="module")
def lexicon() -> DomainLexicon:
    vocabulary = load_vocabulary("default")
    assert vocabulary is not None
    return DomainLexicon.build(vocabulary, "ru")


@pytest.fixture(scope="module")
def decoded(data_dir: Path) -> dict[str, list[Word]]:
    raw = json.loads((data_dir / "asr_domain" / "decoded_deposit_ru_8k.json").read_text(encoding="utf-8"))
    return {speaker: [Word(**w) for w in words] for speaker, words in raw["words"].items()}


def _text(words: list[Word]) -> str:
    return " ".join(w.word for w in words)


def _words(*items: tuple[str, float]) -> list[Word]:
    return [Word(word=w, start=0.4 * i, end=0.4 * i + 0.3, probability=p) for i, (w, p) in enumerate(items)]


def test_real_near_miss_is_corrected_and_the_heard_words_kept(
    decoded: dict[str, list[Word]], lexicon: DomainLexicon
) -> None:
    heard = decoded["customer"]
    assert "в склад" in _text(heard)  # what Whisper base wrote for "вклад" on the 8 kHz call
    fixed = correct_domain_words(heard, lexicon)
    corrected = [w for w in fixed if w.heard]
    assert [(w.word, w.heard) for w in corrected] == [("вклад", "в склад")]
    [word] = corrected
    first, second = heard[4], heard[5]
    assert (word.start, word.end) == (first.start, second.end)
    assert word.probability == min(first.probability, second.probability)
    assert len(fixed) == len(heard) - 1
    # Everything else is untouched, including "15 марта" (a month is never turned into "карта").
    assert _text(fixed) == _text(heard).replace("в склад", "вклад")


def test_no_correction_without_a_banking_word_near_it(decoded: dict[str, list[Word]], lexicon: DomainLexicon) -> None:
    # The same real words up to "марта": "продлить" (the supporting word) is cut off.
    heard = decoded["customer"][:9]
    assert correct_domain_words(heard, lexicon) == heard


def test_no_correction_when_whisper_was_sure(decoded: dict[str, list[Word]], lexicon: DomainLexicon) -> None:
    heard = [w.model_copy(update={"probability": 0.95}) if w.word in {"в", "склад"} else w for w in decoded["customer"]]
    assert correct_domain_words(heard, lexicon) == heard


def test_agent_stream_has_nothing_to_correct_without_evidence(
    decoded: dict[str, list[Word]], lexicon: DomainLexicon
) -> None:
    # "в колатр" (also "вклад") is too far in sound to touch; "процента" and "годовых" are terms already.
    fixed = correct_domain_words(decoded["agent"], lexicon)
    assert fixed == decoded["agent"]


def test_context_decides_between_warehouse_and_deposit(lexicon: DomainLexicon) -> None:
    warehouse = _words(("Хочу", 0.9), ("открыть", 0.9), ("склад", 0.4), ("в", 0.9), ("Подольске", 0.8))
    assert correct_domain_words(warehouse, lexicon) == warehouse
    deposit = correct_domain_words(_words(("Процент", 0.9), ("по", 0.9), ("складу", 0.45), ("какой?", 0.9)), lexicon)
    assert _text(deposit) == "Процент по вкладу какой?"  # the heard case (dative) is kept
    assert deposit[2].heard == "складу"


def test_punctuation_and_capital_follow_the_heard_word(lexicon: DomainLexicon) -> None:
    fixed = correct_domain_words(_words(("Склад,", 0.3), ("ставка", 0.9), ("восемь", 0.9), ("процентов", 0.9)), lexicon)
    assert fixed[0].word == "Вклад," and fixed[0].heard == "Склад,"


def test_per_call_terms_are_targets_too() -> None:
    own = DomainLexicon.build(Vocabulary(context={"ru": ("карта",)}), "ru", ["Халва"])
    fixed = correct_domain_words(_words(("карта", 0.9), ("халвы", 0.9), ("халлы", 0.4)), own)
    assert fixed[2].word == "Халвы" and fixed[2].heard == "халлы"  # the product's capital, the heard case


def test_sound_key_brings_near_homophones_together() -> None:
    assert sound_key("вклад") == "фклат"
    assert sound_key("склад") == "склат"
    assert sound_key("кэшбэк") == sound_key("кешбек")


def test_heard_is_optional_and_in_the_contract() -> None:
    word = Word(word="вклад", start=0.0, end=0.3, probability=0.5, heard="в склад")
    turn = Turn(index=0, speaker="customer", start=0.0, end=0.3, text="вклад", words=[word])
    assert turn.words[0].heard == "в склад"
    assert Word(word="да", start=0.0, end=0.1, probability=0.9).heard is None
    assert "heard" in Word.model_json_schema()["properties"]


def test_a_verb_is_not_turned_into_a_noun_term(lexicon: DomainLexicon) -> None:
    # Held-out call: "в выписке по кредитке висит комиссия" - "висит" is close to "вычет" in sound.
    heard = _words(("по", 0.9), ("кредитке", 0.8), ("висит", 0.4), ("комиссия", 0.9))
    assert correct_domain_words(heard, lexicon) == heard


def test_short_terms_are_left_to_the_decoder(lexicon: DomainLexicon) -> None:
    # Held-out call: "пини за просрочку" was once written "пенен" (a form of the verb "пенить").
    heard = _words(("а", 0.9), ("пини", 0.3), ("за", 0.9), ("просрочку", 0.9))
    assert correct_domain_words(heard, lexicon) == heard


def test_echoed_hint_terms_are_dropped() -> None:
    from voc.asr.transcribe import drop_hint_echoes

    # Held-out call with the decoder hint: "...будет на один пункт, ниже, дебетовая карта, дебетовая карта, Понятно"
    heard = _words(
        ("пункт,", 0.9),
        ("ниже,", 0.8),
        ("дебетовая", 0.5),
        ("карта,", 0.6),
        ("дебетовая", 0.5),
        ("карта,", 0.6),
        ("Понятно,", 0.9),
    )
    kept = drop_hint_echoes(heard, ["вклад", "дебетовая карта", "кэшбэк"])
    assert _text(kept) == "пункт, ниже, Понятно,"
    once = _words(("моя", 0.9), ("дебетовая", 0.9), ("карта", 0.9), ("и", 0.9), ("кэшбэк", 0.9))
    assert drop_hint_echoes(once, ["дебетовая карта", "кэшбэк"]) == once


def test_a_day_said_as_an_ordinal_is_never_made_into_a_term(lexicon: DomainLexicon) -> None:
    # Whisper base on a natural voice: "Следующий платеж по графику десятого августа" became
    # "дебетово августа" (the short form of "дебетовая" is one edit from "десятого")
    words = _words(("платеж", 0.9), ("по", 0.9), ("графику", 0.9), ("десятого", 0.4), ("августа", 0.5))
    assert _text(correct_domain_words(words, lexicon)) == "платеж по графику десятого августа"
