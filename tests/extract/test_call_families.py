"""Churn with a deadline, unquoted product names, what makes a call-back and which of two days it takes."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_a_slang_exit_with_a_deadline_is_churn_with_that_day() -> None:
    tasks = tasks_of([("customer", "Если до десятого декабря не решите, я счёт закрываю и сваливаю к конкурентам.")])
    assert pairs(tasks) == [("churn_risk", "2026-12-10")]


def test_taking_everything_to_another_broker_by_a_day_is_churn_with_that_day() -> None:
    tasks = tasks_of([("customer", "Если до первого декабря убыток не отыграете, я всё забираю к другому брокеру.")])
    assert pairs(tasks) == [("churn_risk", "2026-12-01")]


def test_an_english_threat_with_its_condition_keeps_the_deadline() -> None:
    tasks = tasks_of([("customer", "If the fee isn't refunded by Friday, I'll cancel my card.")], "en")
    assert pairs(tasks) == [("churn_risk", "2026-11-27")]


def test_a_products_unquoted_name_before_its_end_verb_is_no_other_subject() -> None:
    tasks = tasks_of([("agent", "Ваш полис страхования квартиры Уютный дом истекает третьего декабря.")])
    assert pairs(tasks) == [("product_expiry", "2026-12-03")]


def test_a_bank_guarantee_ends_like_a_contract() -> None:
    tasks = tasks_of([("agent", "Банковская гарантия по тендеру действует до пятнадцатого декабря.")])
    assert pairs(tasks) == [("product_expiry", "2026-12-15")]


def test_two_deposits_named_by_their_currency_each_end() -> None:
    tasks = tasks_of(
        [
            ("customer", "У меня два вклада, рублёвый и евровый."),
            ("agent", "Рублёвый до восьмого декабря, а евровый до девятнадцатого января."),
        ]
    )
    assert pairs(tasks) == [("deposit_maturity", "2026-12-08"), ("deposit_maturity", "2027-01-19")]


def test_the_agents_if_it_has_not_come_call_us_is_no_callback() -> None:
    tasks = tasks_of([("agent", "Если до тридцатого ноября перевод не зачислят, позвоните нам, разберёмся.")])
    assert pairs(tasks) == []


def test_the_agents_english_call_us_if_is_no_callback() -> None:
    tasks = tasks_of(
        [("agent", "If the card hasn't arrived by the 3rd of December, get in touch and we'll reissue it.")], "en"
    )
    assert pairs(tasks) == []


def test_a_customer_who_will_think_and_call_himself_makes_no_callback() -> None:
    tasks = tasks_of([("customer", "I'll talk it over with my wife and call you back myself.")], "en")
    assert pairs(tasks) == []


def test_a_booked_call_takes_the_day_the_customer_asked_for() -> None:
    tasks = tasks_of(
        [
            ("agent", "An adviser will call you next week."),
            ("customer", "Could they call on Friday instead? Next week I'm away."),
            ("agent", "Of course, I've scheduled the call for Friday the 27th."),
        ],
        "en",
    )
    assert pairs(tasks) == [("callback", "2026-11-27")]


def test_of_two_days_the_one_preferred_is_the_callback_day() -> None:
    tasks = tasks_of(
        [
            ("agent", "Могу перезвонить в понедельник или во вторник, как вам удобнее?"),
            ("customer", "В понедельник лучше, во вторник я на работе до ночи."),
        ]
    )
    assert pairs(tasks) == [("callback", "2026-11-30")]


def test_a_customers_doubt_that_the_agent_confirms_moves_the_end() -> None:
    tasks = tasks_of(
        [
            ("agent", "Ваш вклад заканчивается четвёртого декабря."),
            ("customer", "Мне казалось, что до четырнадцатого."),
            ("agent", "Да, вы правы, до четырнадцатого декабря."),
        ]
    )
    assert pairs(tasks) == [("deposit_maturity", "2026-12-14")]


def test_the_date_inside_the_threats_condition_is_its_deadline() -> None:
    tasks = tasks_of([("customer", "Если первого декабря не будет перерасчёта, я переведу ипотеку в другой банк.")])
    assert pairs(tasks) == [("churn_risk", "2026-12-01")]


def test_an_ultimatum_with_otherwise_gives_the_deadline() -> None:
    tasks = tasks_of([("customer", "Крайний срок — третье декабря, иначе я расторгаю договор.")])
    assert pairs(tasks) == [("churn_risk", "2026-12-03")]


def test_the_idiom_of_leaving_for_good_is_churn() -> None:
    tasks = tasks_of([("customer", "Не вернёте комиссию до пятницы — ноги моей у вас не будет.")])
    assert pairs(tasks) == [("churn_risk", "2026-11-27")]


def test_a_deposit_that_comes_to_its_end_on_a_day_ends_then() -> None:
    tasks = tasks_of([("agent", "Срок вашего вклада подходит к концу седьмого декабря.")])
    assert pairs(tasks) == [("deposit_maturity", "2026-12-07")]


def test_the_date_of_the_deposits_end_is_its_end_but_a_grace_periods_is_not() -> None:
    assert pairs(tasks_of([("agent", "Дата окончания вклада — девятое декабря.")])) == [
        ("deposit_maturity", "2026-12-09")
    ]
    assert pairs(tasks_of([("agent", "Дата окончания льготного периода по карте — девятое декабря.")])) == []


def test_the_last_day_of_cover_is_the_policys_end() -> None:
    tasks = tasks_of([("agent", "The last day of cover on your pet policy is the 11th of December.")], "en")
    assert pairs(tasks) == [("product_expiry", "2026-12-11")]


def test_a_debts_repayment_put_on_record_is_a_promise_beside_a_callback() -> None:
    tasks = tasks_of(
        [("agent", "Записываю погашение задолженности второго декабря и ещё менеджер свяжется с вами в пятницу.")]
    )
    assert pairs(tasks) == [("callback", "2026-11-27"), ("payment_promise", "2026-12-02")]


def test_a_customer_who_will_ring_back_on_a_day_makes_a_callback() -> None:
    assert pairs(tasks_of([("customer", "Отзвонюсь вам в понедельник, как решу.")])) == [("callback", "2026-11-30")]


def test_a_day_the_customer_is_away_is_not_the_callback_day() -> None:
    tasks = tasks_of(
        [
            ("agent", "Перезвоню вам в четверг или в пятницу."),
            ("customer", "Давайте в пятницу, в четверг я в дороге."),
        ]
    )
    assert pairs(tasks) == [("callback", "2026-11-27")]
