"""A number said in groups of digits that no trigger named (the recogniser garbled the name or the
question): dictated, so someone's number; sums, times, prices, flights and counts written the same
way stay."""

from __future__ import annotations

from tests.redaction.turn_texts import redacted_texts


def test_groups_of_digits_with_no_name_are_masked() -> None:
    texts = redacted_texts(
        [
            ("agent", "Подскажите, пожалуйста, данные для проверки."),
            ("customer", "Так, записывайте, 40 17 52, это с бумажки."),
            ("agent", "Что у вас в документе написано?"),
            ("customer", "Там 515-142 и ещё буквы какие-то."),
        ]
    )
    assert texts[1] == "Так, записывайте, [DICTATED_NUMBER], это с бумажки."
    assert texts[3] == "Там [DICTATED_NUMBER] и ещё буквы какие-то."


def test_times_sums_flights_and_ranges_in_groups_stay() -> None:
    lines = [
        ("agent", "Во сколько вам удобно?"),
        ("customer", "В 14 30, после обеда, или в 16 45."),
        ("agent", "А сколько пришло?"),
        ("customer", "Перевёл двадцать пять тысяч, а пришло только 24 750."),
        ("agent", "Какой рейс?"),
        ("customer", "Вылет 14 января в 06:15, рейс SU 1402, два взрослых."),
        ("agent", "Что в справке?"),
        ("customer", "Справка номер 2211-08, номер убытка 1234-55."),
        ("agent", "Сколько стоит?"),
        ("customer", "Было 1 250, стало 1 490, это за 2-3 дня, пункты 3, 5, 7, 9 договора."),
    ]
    assert redacted_texts(lines) == [text for _, text in lines]
    english = [
        ("agent", "What does the bill say?"),
        ("customer", "It says 112.40, after the update to 2.13.0, room 12-30 on floor 3."),
    ]
    assert redacted_texts(english, "en") == [text for _, text in english]
