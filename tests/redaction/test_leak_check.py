"""The leak check the redaction evaluations share (scripts/redaction_leaks.py): what it calls a leak
decides every recall figure in docs/redaction.md, so its coincidence rule is tested on its own."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

from redaction_leaks import readable


def test_a_masked_accounts_zeros_are_not_read_in_an_amount_said_with_thousands() -> None:
    account = "40702810500000012345"
    assert not readable("ACCOUNT_NUMBER", account, ["Счёт [ACCOUNT_NUMBER], зарплата двести тысяч."], "ru")
    assert not readable("ACCOUNT_NUMBER", account, ["Счёт [ACCOUNT_NUMBER], списали 70 000 ₽."], "ru")


def test_digits_of_the_secret_are_still_a_leak() -> None:
    account = "40702810500000012345"
    # a dictated run holding "0000" is no amount: the account's zeros are read back
    assert readable("ACCOUNT_NUMBER", account, ["Остаток на ноль ноль ноль ноль, проверьте."], "ru")
    # four different digits of it inside an amount are read back all the same
    assert readable("ACCOUNT_NUMBER", account, ["Списали 4 070 000 рублей."], "ru")
    assert readable("CVV", "357", ["Your code was 357, thanks."], "en")


def test_a_cards_last_four_said_alone_are_no_leak_but_any_other_four_are() -> None:
    card = "5213532721467128"
    assert not readable("CARD_NUMBER", card, ["Got it, the card ending 7128."], "en")
    assert not readable("CARD_NUMBER", card, ["Карта с окончанием семь один два восемь."], "ru")
    assert readable("CARD_NUMBER", card, ["The card ending 6712, right?"], "en")
    assert readable("CARD_NUMBER", card, ["Номер 2146 7128, верно?"], "ru")


def test_a_code_begun_and_stopped_is_read_back_only_as_a_number_of_its_own() -> None:
    # "И на обороте код, три..." - "Стоп, не называйте": the CVV's one digit said
    assert readable("CVV", "3", ["И на обороте код 3"], "ru")
    assert readable("PIN", "18", ["Пин один восемь..."], "ru")
    # the same digit inside a sum or another number is not the code read back
    assert not readable("CVV", "3", ["Оплата прошла, 23 400.", "Код [CVV]."], "ru")
    assert not readable("PIN", "18", ["Дом 118, квартира 180."], "ru")
    # but a number of its own that equals it is counted, coincidence or not (strict on purpose)
    assert readable("PIN", "18", ["Звоните до 18:30."], "ru")


def test_a_date_with_its_year_is_read_as_a_day_a_month_and_a_year() -> None:
    card = "2202202349117788"  # a Mir card's first digits, "2202", which "15.12.2026" holds across its dots
    assert not readable("CARD_NUMBER", card, ["Перезвонить клиенту 15.12.2026"], "ru")
    # a dictation the recogniser wrote as a date still leaks what each group holds
    assert readable("CARD_NUMBER", card, ["Карта 22.02.2023, дальше не помню"], "ru")
    # an expiry written with a slash is read across it
    assert readable("CARD_EXPIRY", "0927", ["Срок 09/27"], "ru")
    # nor is a code begun and stopped read back as a date's month
    assert not readable("CVV", "12", ["Перезвонить клиенту 11.12.2026"], "ru")
