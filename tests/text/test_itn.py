from __future__ import annotations

import importlib.util
from pathlib import Path

from voc.schemas import Turn, Word
from voc.text.itn import NBSP, add_display_text, display_text, normalise_numbers
from voc.turns import join_words

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "data" / "itn" / "gold.tsv"


def _eval_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("eval_itn", ROOT / "scripts" / "eval_itn.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gold_forms_match_with_a_margin() -> None:
    evaluation = _eval_module()
    rows = evaluation.read_gold(GOLD)
    assert len(rows) >= 200
    right, total = evaluation.score(rows, errors=False)
    assert right / total >= 0.93


def test_russian_typography_uses_no_break_spaces() -> None:
    assert display_text("вклад на двести тысяч рублей", "ru").text == f"вклад на 200{NBSP}000{NBSP}₽"
    assert display_text("пять процентов", "ru").text == f"5{NBSP}%"
    assert display_text("five percent", "en").text == "5%"


def test_rewrites_point_back_to_the_spoken_characters() -> None:
    text = "платёж двадцать пятого марта на пятнадцать тысяч рублей"
    display = display_text(text, "ru")
    assert display.text == f"платёж 25 марта на 15{NBSP}000{NBSP}₽"
    spoken = [(text[r.source_start : r.source_end], display.text[r.start : r.end], r.kind) for r in display.rewrites]
    assert spoken == [
        ("двадцать пятого", "25", "date"),
        ("пятнадцать тысяч рублей", f"15{NBSP}000{NBSP}₽", "amount"),
    ]


def test_the_stage_maps_display_spans_to_words_and_times() -> None:
    spoken = ["Мой", " номер", " восемь", " девятьсот", " шестнадцать", " сто", " двадцать", " три", ",", " спасибо."]
    words = [Word(word=w, start=i * 0.5, end=i * 0.5 + 0.4, probability=0.9) for i, w in enumerate(spoken)]
    turn = Turn(index=0, speaker="customer", start=0.0, end=5.0, text=join_words(words), words=words)
    (out,) = add_display_text([turn], "ru")
    assert out.display_text == "Мой номер 8 916 123, спасибо."
    (span,) = out.display_spans
    assert out.display_text[span.char_start : span.char_end] == "8 916 123"
    assert span.words == [2, 3, 4, 5, 6, 7]
    assert (span.start, span.end) == (1.0, 3.9)
    assert turn.text[span.text_start : span.text_end] == "восемь девятьсот шестнадцать сто двадцать три"


def test_small_numbers_without_a_unit_stay_words() -> None:
    assert display_text("у меня два вопроса, первый про карту", "ru").text == "у меня два вопроса, первый про карту"
    assert display_text("жду пять минут", "ru").text == "жду 5 минут"


def test_extraction_view_keeps_plain_digits_and_day_marks() -> None:
    result = normalise_numbers("до двадцать первого, двести тысяч рублей", "ru")
    assert result.text == "до 21, 200000 рублей"
    assert [(n.value, n.ordinal, n.genitive) for n in result.numbers] == [(21, True, True), (200000, False, False)]


def test_text_without_numbers_is_unchanged() -> None:
    text = "Здравствуйте, семью обслуживаем давно; одну минуту, сейчас посмотрю."
    display = display_text(text, "ru")
    assert display.text == text
    assert display.rewrites == []


def test_an_amount_followed_by_a_day_stays_two_numbers() -> None:
    text = "десять тысяч седьмого декабря, а пять тысяч двадцатого"
    assert display_text(text, "ru").text == f"10{NBSP}000 7 декабря, а 5000 20-го"
    assert normalise_numbers(text, "ru").text == "10000 7 декабря, а 5000 20"
    assert display_text("две тысячи седьмого года", "ru").text == "2007 года"


def test_hundred_in_the_genitive_is_a_number_and_words_that_start_alike_are_not() -> None:
    assert display_text("лимит до ста тысяч рублей", "ru").text == f"лимит до 100{NBSP}000{NBSP}₽"
    assert display_text("около ста двадцати пяти тысяч", "ru").text == f"около 125{NBSP}000"
    assert display_text("ставка старая, стали платить больше", "ru").text == "ставка старая, стали платить больше"


def test_digits_written_with_a_decimal_keep_every_place() -> None:
    # A rate or a price rounded on display would be a different rate or price.
    assert display_text("ставка 2,75 процента", "ru").text == f"ставка 2,75{NBSP}%"
    assert display_text("charged 349.99 dollars", "en").text == "charged $349.99"
    assert display_text("it was 12.50 dollars", "en").text == "it was $12.50"
