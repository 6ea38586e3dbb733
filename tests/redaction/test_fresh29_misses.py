"""What calls_fresh29 leaked at its first score and was not mended in the stop that wrote it: a phone
given to a callback question that names no phone ("перезвонит ..., на какой номер?")."""

from __future__ import annotations

from tests.redaction.turn_texts import redacted_texts
from voc.redaction.questions import asked_for


def test_a_callback_question_for_which_number_asks_for_a_phone() -> None:
    assert asked_for("инженер перезвонит до пятницы, до четвертого декабря, на какой номер.") == "PHONE"
    assert asked_for("На какой номер договора оформить?") is None
    assert asked_for("по какому номеру заказа искать?") is None


def test_a_phone_given_with_words_misheard_between_its_pieces_is_masked() -> None:
    texts = redacted_texts(
        [
            ("agent", "Давайте я поставлю срочную проверку, инженер перезвонит до четвертого декабря, на какой номер."),
            ("customer", "99 на лесорах 12-87 мая если можно не отключаете старый адрес до переезда и до 10-го"),
        ]
    )
    assert "12-87" not in texts[1]
    assert texts[1].endswith("до 10-го")
