from __future__ import annotations

from voc.extract.numbers import normalise_numbers


def test_russian_spelled_numbers_become_digits() -> None:
    result = normalise_numbers("пятьсот тысяч рублей и тридцать одна тысяча двести", "ru")
    assert result.text == "500000 рублей и 31200"


def test_genitive_ordinals_are_marked_as_days() -> None:
    result = normalise_numbers("не пятнадцатого, а шестнадцатого января", "ru")
    assert result.text == "не 15, а 16 января"
    assert [(n.value, n.ordinal, n.genitive) for n in result.numbers] == [(15, True, True), (16, True, True)]


def test_whisper_suffix_forms() -> None:
    assert normalise_numbers("до 15-го марта", "ru").text == "до 15 марта"
    assert normalise_numbers("on the 20th of March", "en").text == "on the 20 of March"


def test_a_year_in_words() -> None:
    assert normalise_numbers("две тысячи двадцать седьмого года", "ru").text == "2027 года"


def test_english_compounds_and_amounts() -> None:
    assert normalise_numbers("the thirty-first, three hundred dollars", "en").text == "the 31, 300 dollars"


def test_original_span_maps_back_to_spoken_words() -> None:
    text = "вклад до пятнадцатого марта"
    result = normalise_numbers(text, "ru")
    number = result.numbers[0]
    begin, end = result.original_span(number.start, number.end)
    assert text[begin:end] == "пятнадцатого"


def test_two_numbers_side_by_side_stay_apart() -> None:
    assert normalise_numbers("двадцать девятое, тридцатого", "ru").text == "29, 30"
    assert normalise_numbers("пять пять", "ru").text == "5 5"
