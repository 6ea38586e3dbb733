"""What calls_fresh34 (the stop's last batch) left readable at its first score: a phone the customer
announced herself ("у меня сменился телефон, запишите новый"), the agent's "Говорите" between."""

from __future__ import annotations

from tests.redaction.turn_texts import redacted_texts


def test_what_the_speaker_announced_is_what_the_reply_to_go_ahead_holds() -> None:
    texts = redacted_texts(
        [
            ("customer", "у меня сменился телефон, запишите новый"),
            ("agent", "Говорите,"),
            ("customer", "Значит так, сначала 8 916, а потом дальше 2054 и в конце 17"),
        ]
    )
    assert "2054" not in texts[2] and "916" not in texts[2]
    # an announcement with digits in it is the number's first piece, not a question
    kept = redacted_texts(
        [
            ("customer", "Телефон у меня сломался, третий за год, 2 раза чинила."),
            ("agent", "Так,"),
            ("customer", "Заплатила 4500 за ремонт."),
        ]
    )
    assert kept[2] == "Заплатила 4500 за ремонт."


def test_an_announcement_after_other_numbers_in_the_same_turn_counts() -> None:
    texts = redacted_texts(
        [
            ("customer", "16 лучше давайте я приеду в отделение 15 мая у меня сменился телефон запишите новый"),
            ("agent", "Говорите,"),
            ("customer", "903 нет 100 это старый новый 8 965 высе имя 121 0 0 66 да"),
        ]
    )
    assert texts[0].startswith("16 лучше давайте я приеду в отделение 15 мая")
    assert texts[2] == "[PHONE] это старый новый [PHONE] высе имя [PHONE] да"
