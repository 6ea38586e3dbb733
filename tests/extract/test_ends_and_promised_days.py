"""What ends (warranties, licences, service contracts), end words that only anchor another date, reminders said
now, and which of two dates a payment promise takes."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_a_warranty_a_licence_and_a_service_contract_end() -> None:
    warranty = tasks_of([("agent", "Расширенная гарантия на ваш холодильник заканчивается 9 декабря.")])
    assert pairs(warranty) == [("product_expiry", "2026-12-09")]
    licence = tasks_of([("agent", "Your software licence expires on December 9th.")], "en")
    assert pairs(licence) == [("product_expiry", "2026-12-09")]
    contract = tasks_of([("agent", "Ваш договор на домашний интернет заканчивается 31 декабря.")])
    assert pairs(contract) == [("product_expiry", "2026-12-31")]
    # "гарантирую" is a promise, not a warranty
    assert pairs(tasks_of([("agent", "Гарантирую, что всё закончится девятого декабря.")])) == []


def test_the_day_before_an_end_dates_the_call_not_an_end() -> None:
    tasks = tasks_of(
        [
            ("agent", "Ваш вклад заканчивается 12 декабря."),
            ("customer", "Позвоните мне накануне окончания вклада."),
        ]
    )
    assert pairs(tasks) == [("callback", "2026-12-11"), ("deposit_maturity", "2026-12-12")]


def test_closing_a_debt_in_parts_ends_no_product() -> None:
    tasks = tasks_of([("customer", "По рассрочке могу закрыть частями: пять тысяч завтра, пять в понедельник.")])
    assert ("product_expiry", "2026-11-30") not in pairs(tasks)


def test_a_reminder_of_a_fact_said_now_is_no_callback() -> None:
    tasks = tasks_of([("agent", "Записала. И напомню, следующий платёж по графику — 10 декабря.")])
    assert pairs(tasks) == []


def test_the_other_side_corrects_an_end_across_the_question_that_closed_the_turn() -> None:
    tasks = tasks_of(
        [
            ("agent", "Гарантия на ноутбук заканчивается 3 декабря. Хотите продлить ещё на год?"),
            ("customer", "Нет, по моим документам гарантия до 13 декабря."),
        ]
    )
    assert pairs(tasks) == [("product_expiry", "2026-12-13")]


def test_thats_not_right_corrects_the_end_date() -> None:
    tasks = tasks_of(
        [
            ("agent", "Your home insurance policy expires on December third."),
            ("customer", "That's not right, it should run until the thirteenth."),
        ],
        "en",
    )
    assert pairs(tasks) == [("product_expiry", "2026-12-13")]


def test_a_new_subject_in_a_run_on_line_keeps_its_call_off_the_payment_date() -> None:
    tasks = tasks_of([("agent", "хорошо оплату ждём первого декабря я вам позвоню тридцатого ноября напомнить")])
    assert ("callback", "2026-12-01") not in pairs(tasks)
    assert ("callback", "2026-11-30") in pairs(tasks)


def test_the_day_named_for_a_promised_month_replaces_the_month() -> None:
    tasks = tasks_of(
        [
            ("customer", "Остаток смогу внести только в январе."),
            ("agent", "А конкретнее? Нам нужна дата."),
            ("customer", "Тогда десятого января, к этому времени выйду на работу."),
        ]
    )
    assert pairs(tasks) == [("payment_promise", "2027-01-10")]
    tasks = tasks_of(
        [
            ("customer", "Внесу в январе."),
            ("agent", "Нам нужна конкретная дата в январе."),
            ("customer", "Пусть будет пятнадцатого января."),
        ]
    )
    assert pairs(tasks) == [("payment_promise", "2027-01-15")]


def test_a_yes_no_question_to_pay_by_a_day_opens_the_haggle_in_english() -> None:
    tasks = tasks_of(
        [
            ("agent", "Your loan payment is late. Can you pay it by Friday?"),
            ("customer", "Friday's impossible. How about the fifth?"),
            ("agent", "The latest I can accept is the third."),
            ("customer", "Okay, the third then."),
        ],
        "en",
    )
    assert pairs(tasks) == [("payment_promise", "2026-12-03")]


def test_able_to_close_a_debt_in_parts_promises_each_part() -> None:
    tasks = tasks_of(
        [("customer", "По карте долг двадцать тысяч. Закрыть могу двумя частями: половину в пятницу, половину пятого.")]
    )
    assert pairs(tasks) == [("payment_promise", "2026-11-27"), ("payment_promise", "2026-12-05")]


def test_a_correction_keeps_its_own_day_not_the_day_something_else_happens() -> None:
    tasks = tasks_of([("customer", "Просрочку погашу первого. Хотя нет, третьего, зарплату дают второго.")])
    assert pairs(tasks) == [("payment_promise", "2026-12-03")]


def test_an_english_day_named_for_a_promised_month_replaces_the_month() -> None:
    tasks = tasks_of(
        [
            ("customer", "I can only pay the arrears in January."),
            ("agent", "We need an exact day, please."),
            ("customer", "Let's say the twelfth of January, my new job starts then."),
        ],
        "en",
    )
    assert pairs(tasks) == [("payment_promise", "2027-01-12")]


def test_the_day_before_the_end_counts_from_the_answer_to_when_it_ends() -> None:
    tasks = tasks_of(
        [
            ("customer", "Когда у меня заканчивается вклад Надёжный?"),
            ("agent", "Двенадцатого декабря. Напомню, проценты по нему выплачиваются первого числа каждого месяца."),
            ("customer", "Понятно, позвоните мне накануне окончания вклада."),
        ]
    )
    assert pairs(tasks) == [("callback", "2026-12-11"), ("deposit_maturity", "2026-12-12")]


def test_an_english_reminder_said_now_is_no_callback() -> None:
    for line in ("Let me remind you, your next payment is due on the 5th.", "Just to remind you, it is on the 10th."):
        assert pairs(tasks_of([("agent", line)], "en")) == []
    assert pairs(tasks_of([("agent", "I'll remind you on the 4th.")], "en")) == [("callback", "2026-12-04")]


def test_an_english_guarantee_ends_and_are_you_able_to_pay_opens_the_haggle() -> None:
    guarantee = tasks_of([("agent", "Your guarantee on the fridge expires on December 9th.")], "en")
    assert pairs(guarantee) == [("product_expiry", "2026-12-09")]
    haggle = tasks_of(
        [
            ("agent", "Are you able to pay the arrears by Friday?"),
            ("customer", "Friday's no good. Monday then?"),
            ("agent", "Monday is fine."),
        ],
        "en",
    )
    assert pairs(haggle) == [("payment_promise", "2026-11-30")]
