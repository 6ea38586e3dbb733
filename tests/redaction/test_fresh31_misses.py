"""What calls_fresh31 left readable at its first score: a passport's series, its zero lost, before the
word "номер" and the number that was masked."""

from __future__ import annotations

from tests.redaction.turn_texts import redacted_texts


def test_the_series_said_before_the_passport_number_goes_with_it() -> None:
    texts = redacted_texts(
        [
            ("agent", "Назовите, пожалуйста, серию и номер паспорта."),
            ("customer", "ЭП сейчас минуту достану. Сире 45.9 номер с имесрот 81.234."),
        ]
    )
    assert texts[1] == "ЭП сейчас минуту достану. Сире [PASSPORT] номер с имесрот [PASSPORT]."
    # two numbers of another kind before a passport stay
    assert redacted_texts([("customer", "У меня 3 ребёнка, номер паспорта 4509 781234")]) == [
        "У меня 3 ребёнка, номер паспорта [PASSPORT]"
    ]
