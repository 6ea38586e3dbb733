"""What calls_fresh20 leaked or masked wrongly at its first score: an expiry with its zero heard as a
word, a price after a card's name, a time after "at", and an address read back as one glued token."""

from __future__ import annotations

from tests.redaction.turn_texts import redacted_texts
from voc.redaction import find_personal_data


def test_an_expiry_whose_zero_was_heard_as_a_word_is_masked_and_a_price_after_a_card_is_kept() -> None:
    texts = redacted_texts(
        [
            ("agent", "Банк Мирдиан, Станислав, слушаю вас."),
            ("customer", "Мне пришло уведомление, что у меня карта заканчивается. Там срок ныли 1,27."),
            ("agent", "Да, перевыпуск автоматически. Обслуживание новой карты будет 100-90-92 рублей в год."),
        ]
    )
    assert texts[1].endswith("Там срок [CARD_EXPIRY].")
    assert texts[2].endswith("будет 100-90-92 рублей в год.")


def test_a_time_after_at_is_no_address() -> None:
    text = "The earliest opening after the third is December 17th at 9.15, where I can put you on the wait list."
    assert find_personal_data(text, "en")[0] == []
    assert [f.type for f in find_personal_data("My email is tom at mail2.com", "en")[0]] == ["EMAIL"]


def test_an_address_read_back_as_one_glued_token_is_masked() -> None:
    texts = redacted_texts(
        [
            ("customer", "Could you call me or email? It's H-E-L-E-N-M at example.com."),
            ("agent", "Got it, HelenMetExample.com, you're on the wait list."),
            ("agent", "Our site is clinicexample.com, and the portal is portal.example.com."),
        ],
        "en",
    )
    assert texts[0] == "Could you call me or email? It's [EMAIL]."
    assert texts[1] == "Got it, [EMAIL], you're on the wait list."
    # "clinicexample.com" also glues a name to the domain: a site read out this soon is masked too (a
    # subdomain with its dot stays)
    assert texts[2].endswith("the portal is portal.example.com.")
