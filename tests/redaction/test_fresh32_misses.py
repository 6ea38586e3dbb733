"""What calls_fresh32 leaked at its first score: a passport's last four that the agent named as the
passport's, after a card named earlier in the sentence."""

from __future__ import annotations

from tests.redaction.turn_texts import redacted_texts


def test_the_number_named_between_last_four_and_the_digits_is_theirs() -> None:
    texts = redacted_texts(
        [
            (
                "agent",
                "можете перезвонить по номеру на обороте карты для подтверждения и могу назвать последние четыре"
                " цифры вашего паспорта 5 5 2 1",
            )
        ]
    )
    assert texts[0].endswith("последние четыре цифры вашего паспорта [PASSPORT]")
    # "номер" alone there is the card's number
    card = redacted_texts([("agent", "По карте вижу, последние четыре цифры номера 7767, верно?")])
    assert card == ["По карте вижу, последние четыре цифры номера 7767, верно?"]
