"""Task rules on wordings a customer or agent uses that earlier rounds missed (sentences written for these tests)."""

from __future__ import annotations

import datetime as dt

from voc.extract import extract_tasks
from voc.schemas import Turn

CALL = dt.date(2026, 11, 25)  # a Wednesday


def pairs_of(*lines: tuple[str, str], language: str = "ru") -> list[tuple[str, str | None]]:
    turns = [Turn(index=i, speaker=s, start=float(i), end=float(i) + 0.9, text=t) for i, (s, t) in enumerate(lines)]  # type: ignore[arg-type]
    tasks = extract_tasks(turns, language, CALL)
    return sorted((t.type, t.due_date.isoformat() if t.due_date else None) for t in tasks)


def test_taking_money_to_another_provider_is_a_threat_with_its_deadline() -> None:
    assert pairs_of(
        ("customer", "Если до десятого декабря не уберёте эту плату, выведу все деньги к другому управляющему."),
    ) == [("churn_risk", "2026-12-10")]
    assert pairs_of(
        ("customer", "If you don't fix it by the twelfth, I'm taking my savings to another provider."),
        language="en",
    ) == [("churn_risk", "2026-12-12")]


def test_thinking_of_closing_is_a_threat_without_a_date() -> None:
    assert pairs_of(
        ("customer", "The app has been down all week and I'm seriously considering closing my account."),
        language="en",
    ) == [("churn_risk", None)]


def test_closing_all_accounts_and_paying_for_a_package_are_no_payment_promise() -> None:
    assert pairs_of(
        ("customer", "Я плачу за обслуживание каждый месяц, а толку нет. Закрою все карты и уйду в другой банк."),
    ) == [("churn_risk", None)]


def test_a_dated_present_tense_payment_is_still_a_promise() -> None:
    assert pairs_of(("customer", "По кредиту в понедельник вношу всю сумму.")) == [("payment_promise", "2026-11-30")]


def test_the_agent_restating_what_the_customer_will_pay() -> None:
    assert pairs_of(
        ("agent", "Правильно понимаю: остаток по карте вы погасите четвёртого декабря, а я наберу вас пятого?"),
        ("customer", "Да."),
    ) == [("callback", "2026-12-05"), ("payment_promise", "2026-12-04")]


def test_an_end_said_beside_a_wish_to_pay_is_still_an_end() -> None:
    assert pairs_of(
        ("customer", "Аренда ячейки у меня заканчивается восьмого декабря, хочу оплатить ещё полгода третьего."),
    ) == [("payment_promise", "2026-12-03"), ("product_expiry", "2026-12-08")]


def test_repaying_a_debt_is_no_product_end() -> None:
    assert pairs_of(
        ("customer", "По кредитке долг, но в понедельник всё погашу."),
        ("agent", "Записала, погашение будет в понедельник."),
    ) == [("payment_promise", "2026-11-30")]


def test_a_pronoun_does_not_hand_the_date_to_the_purpose_after_it() -> None:
    assert pairs_of(("agent", "Я наберу вас девятого уточнить, дошли ли деньги.")) == [("callback", "2026-12-09")]


def test_an_unnamed_product_after_a_short_question_keeps_the_product() -> None:
    assert pairs_of(
        ("agent", "Рублёвый вклад истекает десятого января."),
        ("customer", "А долларовый?"),
        ("agent", "Долларовый действует до двадцать первого февраля."),
    ) == [("deposit_maturity", "2027-01-10"), ("deposit_maturity", "2027-02-21")]


def test_a_quoted_name_is_not_the_subject_that_ends() -> None:
    assert pairs_of(("agent", "Ваша карта «Золотой стандарт» истекает в марте.")) == [("product_expiry", "2027-03-01")]


def test_two_products_joined_by_and_keep_their_own_dates() -> None:
    assert pairs_of(
        ("agent", "Вклад истекает седьмого февраля и подписка на кэшбэк — пятнадцатого февраля."),
    ) == [("deposit_maturity", "2027-02-07"), ("product_expiry", "2027-02-15")]


def test_a_promotional_rate_ending_is_no_product_end() -> None:
    assert (
        pairs_of(
            ("agent", "Your new card is on its way, and the introductory rate on it ends on January tenth."),
            language="en",
        )
        == []
    )


def test_the_year_of_a_date_is_not_the_subject_that_ends() -> None:
    assert pairs_of(("agent", "Погашение ваших облигаций десятого июня следующего года.")) == [
        ("product_expiry", "2027-06-10")
    ]


def test_the_agent_reading_the_bank_record_corrects_the_customer() -> None:
    assert pairs_of(
        ("customer", "Страховка квартиры у меня до пятого января, хочу продлить."),
        ("agent", "Одну минуту... По нашим данным полис действует до девятого января."),
        ("customer", "А, ну тогда хорошо."),
    ) == [("product_expiry", "2027-01-09")]


def test_the_agent_confirming_from_the_record_keeps_the_date() -> None:
    assert pairs_of(
        ("customer", "Страховка квартиры у меня до пятого января?"),
        ("agent", "Да, по нашим данным полис действует до пятого января."),
    ) == [("product_expiry", "2027-01-05")]
