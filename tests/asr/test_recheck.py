"""Which stretches get a second, hinted decoding, and when its words are kept (voc.asr.recheck)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from voc.asr.correct import DomainLexicon
from voc.asr.recheck import DecodedSegment, merge_hinted, plan_recheck, recheck_windows
from voc.asr.vocabulary import load_vocabulary
from voc.schemas import Word


@pytest.fixture(scope="module")
def lexicon() -> DomainLexicon:
    vocabulary = load_vocabulary("default")
    assert vocabulary is not None
    return DomainLexicon.build(vocabulary, "ru")


@pytest.fixture(scope="module")
def customer(data_dir: Path) -> list[Word]:
    """Whisper base's real words for the customer of the 8 kHz deposit call ("в склад" for "вклад")."""
    raw = json.loads((data_dir / "asr_domain" / "decoded_deposit_ru_8k.json").read_text(encoding="utf-8"))
    return [Word(**w) for w in raw["words"]["customer"]]


def _segment(words: list[Word]) -> DecodedSegment:
    return DecodedSegment(words[0].start, words[-1].end, tuple(words))


def _words(*items: tuple[str, float], at: float = 0.0) -> list[Word]:
    return [Word(word=w, start=at + 0.4 * i, end=at + 0.4 * i + 0.3, probability=p) for i, (w, p) in enumerate(items)]


def test_the_misheard_deposit_is_rechecked_and_nothing_else(customer: list[Word], lexicon: DomainLexicon) -> None:
    # Whisper's three sentences: "у меня в склад заканчивается 15 марта, хочу его продлить" /
    # "а если я захочу снять деньги раньше срока" / "перезвоните мне после 20 декабря".
    segments = [_segment(customer[:12]), _segment(customer[12:20]), _segment(customer[20:])]
    plan = plan_recheck(segments, lexicon)
    assert plan.segments == [0]
    assert plan.likely_terms[0] == "вклад"  # the hint for the second look starts with it


def test_a_doubtful_word_without_banking_around_it_is_not_rechecked(lexicon: DomainLexicon) -> None:
    # "склад" is a near-miss of "вклад", but nothing near it is about a bank.
    warehouse = _words(("Хочу", 0.9), ("открыть", 0.9), ("склад", 0.4), ("в", 0.9), ("Подольске", 0.8))
    assert plan_recheck([_segment(warehouse)], lexicon).segments == []


def test_a_banking_stream_supports_a_doubtful_word_far_from_its_domain_words(lexicon: DomainLexicon) -> None:
    # A garbled 8 kHz sentence holds no domain word of its own; the same side of the call says
    # "вклад", "процент" and "ставка" elsewhere, so "склад" gets its second look.
    garbled = _words(("Мне", 0.6), ("склад", 0.4), ("зарыли", 0.5), ("вчера", 0.7))
    filler = _words(*((word, 0.9) for word in ["я", "бы", "хотела", "узнать", "что", "будет", "дальше"]), at=5.0)
    banking = _words(("Вклад", 0.9), ("под", 0.9), ("процент", 0.9), ("ставка", 0.9), at=10.0)
    segments = [_segment(garbled), _segment(filler), _segment(banking)]
    assert plan_recheck(segments, lexicon).segments == [0]
    # Two context words and no term: not enough to call the stream banking.
    thin = _words(("под", 0.9), ("процент", 0.9), ("ставка", 0.9), at=10.0)
    assert plan_recheck([_segment(garbled), _segment(filler), _segment(thin)], lexicon).segments == []


def test_a_sure_word_is_not_rechecked(customer: list[Word], lexicon: DomainLexicon) -> None:
    sure = [w.model_copy(update={"probability": 0.95}) if w.word in {"в", "склад"} else w for w in customer]
    assert plan_recheck([_segment(sure[:12])], lexicon).segments == []


def test_a_doubtful_word_far_from_every_term_is_not_rechecked(lexicon: DomainLexicon) -> None:
    # Low confidence on an ordinary word next to a banking one: no term sounds like "пересчитают".
    words = _words(("Проценты", 0.9), ("пересчитают", 0.3), ("по", 0.9), ("ставке", 0.9))
    assert plan_recheck([_segment(words)], lexicon).segments == []


def test_windows_stay_off_the_neighbouring_words() -> None:
    first = _segment(_words(("раз", 0.9), ("два", 0.9)))  # words up to 0.7 s
    second = _segment(_words(("три", 0.9), ("четыре", 0.9), at=0.8))  # from 0.8 s to 1.5 s
    third = _segment(_words(("пять", 0.9), at=3.0))
    windows = recheck_windows([first, second, third], [1], duration=4.0)
    assert windows == [(0.7, pytest.approx(1.75))]
    assert recheck_windows([first, second, third], [0, 2], duration=3.1) == [(0.0, 0.8), (2.75, 3.1)]


def _text(words: list[Word]) -> str:
    return " ".join(w.word for w in words)


def _timed(*items: tuple[str, float, float, float]) -> list[Word]:
    return [Word(word=w, start=start, end=end, probability=p) for w, start, end, p in items]


def test_a_term_heard_with_the_hint_replaces_the_words_it_was_heard_over(
    customer: list[Word], lexicon: DomainLexicon
) -> None:
    bare = customer[2:12]  # у меня в склад заканчивается 15 марта, хочу его продлить.
    # The hinted reading also changed a word elsewhere ("хочу" -> "хотел"): that stays bare.
    hinted = [
        *bare[:2],
        Word(word="вклад", start=8.0, end=8.4, probability=0.7),
        *bare[4:7],
        bare[7].model_copy(update={"word": "хотел"}),
        *bare[8:],
    ]
    merged = merge_hinted(bare, hinted, lexicon)
    assert _text(merged) == _text(bare).replace("в склад", "вклад")
    [taken] = [w for w in merged if w.heard]
    assert (taken.word, taken.heard) == ("вклад", "в склад")  # what bare Whisper wrote stays visible
    assert (taken.start, taken.end) == (bare[2].start, bare[3].end)
    assert merge_hinted(bare, bare, lexicon) == bare  # nothing gained


def test_the_hint_writing_its_list_is_not_taken(customer: list[Word], lexicon: DomainLexicon) -> None:
    bare = customer[2:12]
    listed = [*bare, *_words(("вклад,", 0.3), ("депозит,", 0.3), ("кредит,", 0.3), at=13.0)]
    assert merge_hinted(bare, listed, lexicon) == bare
    assert merge_hinted(bare, [], lexicon) == bare


def test_only_the_term_is_taken_from_a_rewritten_stretch(lexicon: DomainLexicon) -> None:
    # Dev call, 8 kHz: bare "Да, крышбук начислен." re-decoded as "Да, кэшбэк на чеслин,".
    bare = _timed(("Да,", 1.0, 1.3, 0.9), ("крышбук", 1.4, 1.9, 0.3), ("начислен.", 2.0, 2.6, 0.8))
    hinted = _timed(
        ("Да,", 1.0, 1.3, 0.9), ("кэшбэк", 1.4, 1.9, 0.5), ("на", 2.0, 2.1, 0.4), ("чеслин,", 2.1, 2.6, 0.3)
    )
    merged = merge_hinted(bare, hinted, lexicon)
    assert _text(merged) == "Да, кэшбэк начислен."
    assert merged[1].heard == "крышбук"


def test_domain_words_and_sure_words_are_not_replaced(lexicon: DomainLexicon) -> None:
    # The hint heard "кэшбэк" over "счет" (a term word already): it stays.
    bare = _timed(("накопительный", 0.0, 0.8, 0.7), ("счет", 0.9, 1.2, 0.4))
    hinted = _timed(("накопительный", 0.0, 0.8, 0.7), ("кэшбэк", 0.9, 1.2, 0.3))
    assert merge_hinted(bare, hinted, lexicon) == bare
    sure = _timed(("Да,", 1.0, 1.3, 0.9), ("крышбук", 1.4, 1.9, 0.95), ("начислен.", 2.0, 2.6, 0.8))
    assert (
        merge_hinted(
            sure, _timed(("Да,", 1.0, 1.3, 0.9), ("кэшбэк", 1.4, 1.9, 0.5), ("начислен.", 2.0, 2.6, 0.8)), lexicon
        )
        == sure
    )


def test_a_term_split_at_its_hyphen_counts(lexicon: DomainLexicon) -> None:
    bare = _timed(("неправильный", 0.0, 0.8, 0.9), ("пингкот.", 0.9, 1.5, 0.3))
    hinted = _timed(("неправильный", 0.0, 0.8, 0.9), ("пин", 0.9, 1.1, 0.6), ("-код,", 1.1, 1.5, 0.6))
    merged = merge_hinted(bare, hinted, lexicon)
    assert _text(merged) == "неправильный пин-код."  # the bare word's full stop, not the hint's comma
    assert merged[1].heard == "пингкот."


def test_an_ivr_clips_text_calls_for_a_second_look_only_near_banking(lexicon: DomainLexicon) -> None:
    from voc.asr.recheck import text_calls_for_hint

    # What Whisper base wrote for spoken customer lines on an 8 kHz line (eval_asr_domain --ivr).
    assert text_calls_for_hint("Добрый день у меня склад заканчивается в конце месяца. Хочу продлить.", lexicon)
    assert not text_calls_for_hint("Хочу открыть склад в Подольске.", lexicon)
    assert not text_calls_for_hint("Введите пароль и нажмите решетку.", lexicon)
