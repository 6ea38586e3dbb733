"""What calls_fresh35, the stop's last batch, scored once on the code with every fix before it, leaked: a
code asked for as the one that confirms an application ("код подтверждения заявки"), and a PIN begun under
"don't tell me your PIN" as Whisper wrote it ("you're P.I.N.")."""

from __future__ import annotations

from tests.redaction.turn_texts import redacted_texts
from voc.redaction.questions import asked_for


def test_the_code_confirming_an_application_is_asked_for_not_the_application_s_number() -> None:
    question = "Я отправил на этот номер с сходом подтверждения заявки, продиктуете его, пожалуйста."
    assert asked_for(question) == "DICTATED_NUMBER"
    assert redacted_texts([("agent", question), ("customer", "Сейчас ага. Вот. 4-8-1-0-6-5")])[1] == (
        "Сейчас ага. Вот. [DICTATED_NUMBER]"
    )
    assert asked_for("Продиктуйте номер заявки.") is None


def test_a_pin_begun_and_warned_about_as_whisper_wrote_the_warning_is_masked() -> None:
    texts = redacted_texts(
        [
            ("customer", "Oh, I thought I did that. I set the p-line to 2.8."),
            ("agent", "Please don't tell me you're P.I.N. Nobody at the bank will ever ask for it."),
        ],
        "en",
    )
    assert texts[0] == "Oh, I thought I did that. I set the p-line to [PIN]."
