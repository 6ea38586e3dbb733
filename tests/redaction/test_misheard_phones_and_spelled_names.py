"""A phone split by words the recogniser made of its digits ("ноль" heard "на"), and an address's name said
whole right before it is spelled. Whisper's own lines from synthesised calls, with made-up numbers and
names."""

from __future__ import annotations

from tests.redaction.test_stage import redact, timed_turn
from voc.config import REDACTION_TYPES

TYPES = tuple(t for t in REDACTION_TYPES if t != "PERSON_NAME")


def _texts(lines: list[tuple[str, str]], language: str = "ru") -> list[str]:
    turns = [timed_turn(i, speaker, text, i * 5.0) for i, (speaker, text) in enumerate(lines)]
    return [t.text for t in redact(turns, language, TYPES).turns]


def test_a_phone_split_by_misheard_words_after_its_name_is_one_phone() -> None:
    texts = _texts(
        [
            ("agent", "Когда вам удобно?"),
            ("customer", "Четвертого я дома, пусть курьер наберет за час мой номер. 916, на лишь 4, 38, 27."),
            ("customer", "Да, и телефон на всякий случай, плюс 950-3 на 41-27-66."),
        ]
    )
    assert texts[1] == "Четвертого я дома, пусть курьер наберет за час мой номер. [PHONE]."
    assert texts[2] == "Да, и телефон на всякий случай, [PHONE]."


def test_numbers_split_by_words_that_name_no_phone_stay() -> None:
    texts = _texts(
        [
            ("agent", "Какой у вас заказ?"),
            ("customer", "Номер заказа 4512, на 338 и ещё 21."),
            ("customer", "Сдача со 1000 на 250, а 3 на 45 коробки."),
        ]
    )
    assert texts[1] == "Номер заказа 4512, на 338 и ещё 21."
    assert texts[2] == "Сдача со 1000 на 250, а 3 на 45 коробки."


def test_the_name_said_before_it_is_spelled_goes_with_the_address() -> None:
    texts = _texts(
        [("customer", "Send the confirmation email to Ortega, O-R-T-E-G-A at Outlook.com.")],
        "en",
    )
    assert texts[0] == "Send the confirmation email to [EMAIL]."
    texts = _texts([("agent", "Ваша почта?"), ("customer", "Пишите: в, е, т, р, о, в, а собака mail точка ru")])
    assert texts[1] == "Пишите: [EMAIL]"
