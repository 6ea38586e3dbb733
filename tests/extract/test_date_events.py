"""Which date belongs to which task: several events of one kind, summaries, corrections, next week."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_a_split_payment_is_two_promises() -> None:
    tasks = tasks_of([("customer", "Три тысячи заплачу первого декабря, а оставшиеся две — десятого.")])
    assert pairs(tasks) == [("payment_promise", "2026-12-01"), ("payment_promise", "2026-12-10")]


def test_haggling_over_one_payment_keeps_the_last_date() -> None:
    tasks = tasks_of(
        [
            ("customer", "Могу заплатить двенадцатого."),
            ("agent", "Двенадцатого поздно. Сможете оплатить до восьмого?"),
            ("customer", "Хорошо, внесу до восьмого."),
        ]
    )
    assert pairs(tasks) == [("payment_promise", "2026-12-08")]


def test_a_scheduled_payment_in_a_summary_is_not_a_promise() -> None:
    tasks = tasks_of(
        [
            ("customer", "Внесу долг в понедельник."),
            ("agent", "Записал: оплата в понедельник, тридцатого, а следующий платёж по графику пятнадцатого декабря."),
        ]
    )
    assert pairs(tasks) == [("payment_promise", "2026-11-30")]


def test_call_backs_about_two_products_are_two_tasks() -> None:
    tasks = tasks_of([("agent", "По вкладу вам позвонит специалист завтра. А по карте я перезвоню вам в понедельник.")])
    assert pairs(tasks) == [("callback", "2026-11-26"), ("callback", "2026-11-30")]


def test_a_corrected_date_moves_the_task_and_says_so() -> None:
    tasks = tasks_of([("customer", "Sorry, my deposit ends on the tenth of March. No, the eleventh.")], "en")
    assert pairs(tasks) == [("deposit_maturity", "2027-03-11")]
    assert tasks[0].evidence.reason is not None and "corrects" in tasks[0].evidence.reason


def test_next_friday_is_the_friday_of_next_week() -> None:
    tasks = tasks_of([("customer", "Перезвоните мне в следующую пятницу.")])
    assert pairs(tasks) == [("callback", "2026-12-04")]
    plain = tasks_of([("customer", "Перезвоните мне в пятницу.")])
    assert pairs(plain) == [("callback", "2026-11-27")]


def test_an_offer_deadline_is_not_the_product_end() -> None:
    tasks = tasks_of([("agent", "Предложение по вкладу действует до конца недели, подумайте.")])
    assert pairs(tasks) == []


def test_a_date_of_another_act_in_the_same_sentence_is_not_the_payment() -> None:
    tasks = tasks_of([("customer", "Заявление подам завтра, а деньги положу на счёт первого декабря.")])
    assert pairs(tasks) == [("payment_promise", "2026-12-01")]
    assert "own clause" in (tasks[0].evidence.reason or "")


def test_a_decision_deadline_the_agent_sets_is_no_product_end() -> None:
    tasks = tasks_of(
        [("agent", "Ваш полис заканчивается десятого января. Новая цена будет действовать, если вы решите до пятницы.")]
    )
    assert pairs(tasks) == [("product_expiry", "2027-01-10")]


def test_the_end_of_a_grace_period_is_not_the_end_of_the_card() -> None:
    tasks = tasks_of(
        [
            ("agent", "Льготный период по вашей кредитной карте заканчивается тридцатого ноября."),
            ("customer", "Всю сумму закрою двадцать восьмого."),
        ]
    )
    assert pairs(tasks) == [("payment_promise", "2026-11-28")]


def test_an_instalment_due_is_no_product_end() -> None:
    tasks = tasks_of(
        [
            ("agent", "We can note a promise to pay for the first of December."),
            ("agent", "The instalment after that is due on the fifth of January."),
        ],
        "en",
    )
    assert pairs(tasks) == [("payment_promise", "2026-12-01")]


def test_a_past_clause_in_a_sentence_dates_nothing() -> None:
    tasks = tasks_of(
        [
            ("customer", "Один вклад закрылся в октябре, а второй когда заканчивается?"),
            ("agent", "Второй вклад заканчивается десятого декабря."),
        ]
    )
    assert pairs(tasks) == [("deposit_maturity", "2026-12-10")]


def test_the_answer_to_when_will_you_pay_is_a_promise() -> None:
    tasks = tasks_of(
        [
            ("agent", "Просрочка была с двадцатого ноября. Когда сможете внести?"),
            ("customer", "Половину завтра, половину первого декабря."),
        ]
    )
    assert pairs(tasks) == [("payment_promise", "2026-11-26"), ("payment_promise", "2026-12-01")]


def test_a_customers_transfer_after_talk_of_a_missed_payment_is_a_promise() -> None:
    tasks = tasks_of(
        [("agent", "Платёж двадцатого ноября не поступил."), ("customer", "Ой, забыла. Сегодня вечером переведу.")]
    )
    assert pairs(tasks) == [("payment_promise", "2026-11-25")]


def test_a_call_the_customer_declines_or_makes_themselves_is_no_task() -> None:
    declined = tasks_of([("agent", "Хотите, я вам перезвоню?"), ("customer", "Не надо, я сама позвоню.")])
    assert pairs(declined) == []
    english = tasks_of(
        [("agent", "Would you like us to call you?"), ("customer", "No thanks, I'll call you myself.")], "en"
    )
    assert pairs(english) == []


def test_an_agreeing_reply_keeps_the_other_products_date() -> None:
    tasks = tasks_of(
        [
            ("customer", "По ипотеке заплачу в понедельник, а по карте — пятого декабря."),
            ("agent", "А по карте пятого уже будет просрочка, давайте до четвёртого?"),
            ("customer", "Ладно, до четвёртого."),
        ]
    )
    assert pairs(tasks) == [("payment_promise", "2026-11-30"), ("payment_promise", "2026-12-04")]


def test_another_things_date_in_a_clause_of_its_own_is_not_the_promise() -> None:
    tasks = tasks_of([("customer", "Зарплата у меня тридцатого, но платёж по кредиту я внесу уже в пятницу.")])
    assert pairs(tasks) == [("payment_promise", "2026-11-27")]


def test_a_correction_whisper_split_from_its_sorry_still_moves_the_date() -> None:
    tasks = tasks_of(
        [("customer", "My card payment will be late. I can make it on the 20th. Sorry. I mean the 22nd.")], "en"
    )
    assert pairs(tasks) == [("payment_promise", "2026-12-22")]


def test_an_answer_whisper_split_in_two_sentences_keeps_both_payments() -> None:
    tasks = tasks_of(
        [("agent", "По карте долг, когда сможете внести?"), ("customer", "Половину завтра. Половину первого.")]
    )
    assert pairs(tasks) == [("payment_promise", "2026-11-26"), ("payment_promise", "2026-12-01")]


def test_the_agent_confirming_the_day_it_expects_the_money_is_a_promise() -> None:
    tasks = tasks_of([("customer", "Всё внесло, у меня отпускные."), ("agent", "Хорошо, первого декабря ждём оплату.")])
    assert pairs(tasks) == [("payment_promise", "2026-12-01")]


def test_the_other_side_correcting_a_date_moves_it() -> None:
    tasks = tasks_of(
        [
            ("agent", "Ваш полис ОСАГО заканчивается третьего февраля."),
            ("customer", "Нет, у меня до тринадцатого февраля."),
        ]
    )
    assert pairs(tasks) == [("product_expiry", "2027-02-13")]


def test_a_run_on_sentence_gives_the_date_to_its_own_subject() -> None:
    tasks = tasks_of([("customer", "мне нужно уточнить про страховку квартиры она у вас до 15 января")])
    assert pairs(tasks) == [("product_expiry", "2027-01-15")]


def test_a_customer_asking_to_pay_later_proposes_the_date() -> None:
    tasks = tasks_of([("customer", "Can I pay in ten days?"), ("agent", "Yes, that's the fifth of December.")], "en")
    assert pairs(tasks) == [("payment_promise", "2026-12-05")]


def test_a_summary_keeps_each_restated_payment_and_gives_the_call_its_own_day() -> None:
    tasks = tasks_of(
        [
            ("customer", "Давайте я по кредиту первого заплачу, а карту закрою третьего."),
            ("agent", "Итак: кредит — первого декабря, карта — третьего, а я позвоню пятого проверить."),
        ]
    )
    assert pairs(tasks) == [
        ("callback", "2026-12-05"),
        ("payment_promise", "2026-12-01"),
        ("payment_promise", "2026-12-03"),
    ]


def test_a_reminder_before_the_end_counts_back_from_the_end_not_from_another_date() -> None:
    tasks = tasks_of(
        [
            (
                "agent",
                "Your fixed-rate bond matures on the thirtieth of December. Interest is paid monthly on the first.",
            ),
            ("customer", "Thanks. Please remind me a week before it matures."),
        ],
        "en",
    )
    assert pairs(tasks) == [("callback", "2026-12-23"), ("deposit_maturity", "2026-12-30")]


def test_the_other_side_corrects_a_restated_promise() -> None:
    tasks = tasks_of(
        [
            ("agent", "Вы обещали внести минимальный платёж до тридцатого."),
            ("customer", "Нет, я говорила до второго, у меня зарплата первого."),
            ("agent", "Хорошо, записываю до второго декабря."),
        ]
    )
    assert pairs(tasks) == [("payment_promise", "2026-12-02")]
