"""Dates a speaker rules out, counter-proposals, split payments whose part moves, replies that set a date right."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_a_date_the_customer_rules_out_is_no_promise() -> None:
    tasks = tasks_of([("customer", "Долг верну, но в пятницу не смогу, внесу в понедельник.")])
    assert pairs(tasks) == [("payment_promise", "2026-11-30")]


def test_a_day_ruled_out_in_english_gives_way_to_the_one_proposed() -> None:
    tasks = tasks_of(
        [
            ("agent", "I'll call you back on Friday with the figures."),
            ("customer", "Friday's no good. Make it Monday."),
        ],
        "en",
    )
    assert pairs(tasks) == [("callback", "2026-11-30")]


def test_a_counter_proposal_in_one_run_on_line_keeps_the_later_date() -> None:
    tasks = tasks_of(
        [
            ("agent", "когда сможете оплатить задолженность"),
            ("customer", "ну могу в четверг хотя давайте в субботу двадцать восьмого"),
        ]
    )
    assert pairs(tasks) == [("payment_promise", "2026-11-28")]


def test_stop_i_am_mixing_it_up_corrects_the_end_date() -> None:
    tasks = tasks_of([("customer", "Полис на квартиру кончается пятого декабря. Стоп, путаю, пятого января.")])
    assert pairs(tasks) == [("product_expiry", "2027-01-05")]


def test_no_sorry_in_an_unpunctuated_line_corrects_the_date() -> None:
    tasks = tasks_of([("customer", "my savings bond matures on the 4th of march no sorry the 14th")], "en")
    assert pairs(tasks) == [("deposit_maturity", "2027-03-14")]


def test_a_threat_with_k_gives_its_deadline() -> None:
    tasks = tasks_of([("customer", "Если к понедельнику не разблокируете счёт, я уйду в другой банк.")])
    assert pairs(tasks) == [("churn_risk", "2026-11-30")]


def test_the_part_of_a_split_that_moves_leaves_the_other_part() -> None:
    tasks = tasks_of(
        [
            ("customer", "Половину внесу завтра, а остаток тридцатого."),
            ("agent", "Тридцатого будет просрочка. Сможете остаток двадцать восьмого?"),
            ("customer", "Хорошо, остаток двадцать восьмого."),
        ]
    )
    assert pairs(tasks) == [("payment_promise", "2026-11-26"), ("payment_promise", "2026-11-28")]


def test_the_rest_said_again_moves_only_the_rest() -> None:
    tasks = tasks_of(
        [
            ("customer", "I'll pay fifty today and the rest on the second of December."),
            ("agent", "Our records show your pension comes on the first."),
            ("customer", "Right, then the rest on the first."),
        ],
        "en",
    )
    assert pairs(tasks) == [("payment_promise", "2026-11-25"), ("payment_promise", "2026-12-01")]


def test_a_corrected_date_in_an_agents_list_moves_only_that_date() -> None:
    tasks = tasks_of(
        [
            ("customer", "Пять тысяч внесу в пятницу, а ещё пять тысяч третьего декабря."),
            ("agent", "Записываю: пять тысяч в пятницу, двадцать седьмого, и пять тысяч третьего."),
            ("customer", "Нет, третьего не получится, давайте четвёртого."),
        ]
    )
    assert pairs(tasks) == [("payment_promise", "2026-11-27"), ("payment_promise", "2026-12-04")]


def test_the_agent_who_says_actually_corrects_the_customers_date() -> None:
    tasks = tasks_of(
        [
            ("customer", "My home insurance runs out on the ninth of January."),
            ("agent", "Let me look. It actually ends on the nineteenth of January."),
        ],
        "en",
    )
    assert pairs(tasks) == [("product_expiry", "2027-01-19")]


def test_a_day_said_right_after_a_month_is_of_that_month() -> None:
    tasks = tasks_of([("customer", "Вклад у меня заканчивается в феврале, десятого.")])
    assert pairs(tasks) == [("deposit_maturity", "2027-02-10")]


def test_an_english_clause_about_the_rates_is_not_the_call_back() -> None:
    tasks = tasks_of(
        [("agent", "the new rates are published on the 1st of december so i'll ring you on the 3rd")], "en"
    )
    assert pairs(tasks) == [("callback", "2026-12-03")]


def test_the_polite_i_wanted_to_ask_is_not_the_past() -> None:
    tasks = tasks_of([("customer", "у меня вклад он до третьего февраля и я хотел уточнить ставку на продление")])
    assert pairs(tasks) == [("deposit_maturity", "2027-02-03")]


def test_a_reply_that_names_the_day_of_the_month_gives_the_end_its_day() -> None:
    tasks = tasks_of([("agent", "Ваша карта истекает в марте."), ("customer", "Да, тридцать первого марта, я знаю.")])
    assert pairs(tasks) == [("product_expiry", "2027-03-31")]


def test_the_agent_checking_the_day_of_the_payment_restates_the_promise() -> None:
    tasks = tasks_of(
        [
            ("customer", "Жена занесёт деньги в отделение."),
            ("agent", "То есть оплата поступит в пятницу? Отмечу."),
        ]
    )
    assert pairs(tasks) == [("payment_promise", "2026-11-27")]


def test_an_agent_who_registers_the_request_as_a_complaint_registers_it() -> None:
    tasks = tasks_of([("agent", "Я оформлю ваше обращение как официальную претензию.")])
    assert pairs(tasks) == [("complaint", None)]


def test_a_corrected_call_back_with_the_end_of_a_month_stays_a_call_back() -> None:
    tasks = tasks_of(
        [("customer", "Could you call me at the start of January? Scratch that, the end of December is better.")], "en"
    )
    assert pairs(tasks) == [("callback", "2026-12-31")]


def test_the_day_a_new_card_is_posted_is_not_its_end() -> None:
    tasks = tasks_of([("agent", "Your card expires end of December, a new one will be posted on the 10th.")], "en")
    assert pairs(tasks) == [("product_expiry", "2026-12-31")]


def test_closing_the_account_and_going_elsewhere_by_a_day_is_churn_with_that_deadline() -> None:
    tasks = tasks_of(
        [("customer", "If the fee isn't refunded by Monday I'm closing my account and going elsewhere.")], "en"
    )
    assert pairs(tasks) == [("churn_risk", "2026-11-30")]


def test_hang_on_moves_the_payment_past_the_day_the_customer_is_away() -> None:
    tasks = tasks_of(
        [("customer", "I'll clear the arrears on Thursday. Hang on, Thursday I'm away, Friday then.")], "en"
    )
    assert pairs(tasks) == [("payment_promise", "2026-11-27")]


def test_an_automatic_renewal_is_the_end_of_the_term_and_after_it_is_not() -> None:
    tasks = tasks_of(
        [
            ("agent", "Подписка на онлайн-кинотеатр продлевается двадцать восьмого ноября."),
            ("agent", "После двадцать восьмого ноября подписка продлится ещё на месяц."),
        ]
    )
    assert pairs(tasks) == [("product_expiry", "2026-11-28")]


def test_a_bare_no_between_two_days_corrects_and_next_week_names_the_week() -> None:
    tasks = tasks_of([("customer", "I'll send the money on Friday, no, Monday next week.")], "en")
    assert pairs(tasks) == [("payment_promise", "2026-11-30")]


def test_runs_until_ends_a_policy_and_actually_no_corrects_it() -> None:
    tasks = tasks_of([("customer", "my pet insurance runs until the 3rd of january actually no the 13th")], "en")
    assert pairs(tasks) == [("product_expiry", "2027-01-13")]


def test_the_week_before_counts_back_from_the_end() -> None:
    tasks = tasks_of(
        [
            ("agent", "Your fixed deposit matures on 20 December. Shall I call you the week before?"),
            ("customer", "Yes please."),
        ],
        "en",
    )
    assert pairs(tasks) == [("callback", "2026-12-13"), ("deposit_maturity", "2026-12-20")]


def test_a_ring_on_a_day_that_the_customer_finds_fine_is_a_call_back() -> None:
    tasks = tasks_of([("agent", "I'll have someone give you a ring on Friday."), ("customer", "Friday's fine.")], "en")
    assert pairs(tasks) == [("callback", "2026-11-27")]


def test_cannot_pay_until_a_day_promises_that_day() -> None:
    tasks = tasks_of([("customer", "I can't pay until the 30th, that's when my pension lands.")], "en")
    assert pairs(tasks) == [("payment_promise", "2026-11-30")]


def test_an_end_in_a_summary_finds_its_subject_in_its_own_clause() -> None:
    tasks = tasks_of(
        [("agent", "Итак: по карте платёж по графику до двадцатого, вклад у вас заканчивается третьего декабря.")]
    )
    assert pairs(tasks) == [("deposit_maturity", "2026-12-03")]


def test_the_agent_restating_what_the_customer_will_pay_is_a_promise() -> None:
    tasks = tasks_of(
        [("agent", "To sum up: you'll pay the overdue amount on Friday, and I'll call you on Monday about the limit.")],
        "en",
    )
    assert pairs(tasks) == [("callback", "2026-11-30"), ("payment_promise", "2026-11-27")]


def test_a_promise_with_an_errand_before_the_payment_is_a_promise() -> None:
    tasks = tasks_of([("customer", "I'll pop into the branch on my way home and pay on Saturday.")], "en")
    assert pairs(tasks) == [("payment_promise", "2026-11-28")]


def test_a_repayment_due_is_no_product_end() -> None:
    tasks = tasks_of(
        [("agent", "Your loan repayment is due on the 28th."), ("customer", "I know, I'll pay it on the 27th.")], "en"
    )
    assert pairs(tasks) == [("payment_promise", "2026-11-27")]


def test_a_few_days_before_counts_back_three_days() -> None:
    tasks = tasks_of(
        [("customer", "My ISA matures on the 10th of December, can you remind me a few days before?")], "en"
    )
    assert pairs(tasks) == [("callback", "2026-12-07"), ("deposit_maturity", "2026-12-10")]


def test_a_summary_keeps_an_end_a_call_and_a_payment_apart() -> None:
    tasks = tasks_of(
        [
            (
                "agent",
                "Повторю: вклад до третьего декабря, звоню вам первого декабря, "
                "а по кредиту вы вносите платёж тридцатого.",
            )
        ]
    )
    assert pairs(tasks) == [
        ("callback", "2026-12-01"),
        ("deposit_maturity", "2026-12-03"),
        ("payment_promise", "2026-11-30"),
    ]
    # a standing schedule is no promise; "а карту до двадцатого" after a payment goes on paying
    assert pairs(tasks_of([("agent", "По кредиту вы вносите платёж каждый месяц двадцатого числа.")])) == []
    elliptic = tasks_of([("customer", "Кредит погашу до пятнадцатого декабря, а карту до двадцатого.")])
    assert pairs(elliptic) == [("payment_promise", "2026-12-15"), ("payment_promise", "2026-12-20")]


def test_moving_the_money_to_a_brokerage_company_is_a_threat_not_a_payment() -> None:
    tasks = tasks_of(
        [
            ("agent", "Ваш вклад закрывается двадцать девятого ноября. Будете продлевать?"),
            ("customer", "Нет, заберу деньги и переведу их в брокерскую компанию."),
        ]
    )
    assert pairs(tasks) == [("churn_risk", None), ("deposit_maturity", "2026-11-29")]


def test_giving_up_the_banks_card_is_a_threat_to_leave() -> None:
    tasks = tasks_of([("customer", "Всё, я отказываюсь от вашей кредитки, закройте её.")])
    assert pairs(tasks) == [("churn_risk", None)]


def test_off_to_another_bank_by_a_deadline_is_churn_with_it() -> None:
    tasks = tasks_of([("customer", "If nothing changes by the end of the month, I'm off to another bank.")], "en")
    assert pairs(tasks) == [("churn_risk", "2026-11-30")]


def test_the_answer_to_when_the_bank_can_expect_the_money_is_the_promise() -> None:
    tasks = tasks_of(
        [
            ("agent", "When can we expect the payment?"),
            ("customer", "Not before the 30th, sorry. The 30th at the earliest."),
        ],
        "en",
    )
    assert pairs(tasks) == [("payment_promise", "2026-11-30")]


def test_the_corrected_day_said_again_as_the_reason_is_not_the_new_day() -> None:
    tasks = tasks_of([("customer", "Внесу в среду, хотя нет, в среду я в дороге, внесу в пятницу.")])
    assert pairs(tasks) == [("payment_promise", "2026-11-27")]


def test_the_answer_to_a_question_that_proposes_a_day_is_the_promise() -> None:
    tasks = tasks_of(
        [
            ("agent", "когда сможете погасить просрочку до понедельника успеете"),
            ("customer", "до понедельника нет давайте в среду у меня аванс тридцатого"),
        ]
    )
    assert pairs(tasks) == [("payment_promise", "2026-12-02")]


def test_a_past_marker_in_one_clause_leaves_the_promise_ahead() -> None:
    tasks = tasks_of([("customer", "В прошлом месяце я не успел заплатить, теперь оплачу тридцатого.")])
    assert pairs(tasks) == [("payment_promise", "2026-11-30")]


def test_a_correction_that_dates_two_ends_keeps_both() -> None:
    tasks = tasks_of(
        [
            ("customer", "Мой вклад в долларах заканчивается пятого декабря, да?"),
            ("agent", "Нет, он заканчивается восьмого декабря, а пятого у вас заканчивается рублёвый."),
        ]
    )
    assert pairs(tasks) == [("deposit_maturity", "2026-12-05"), ("deposit_maturity", "2026-12-08")]


def test_threats_said_in_the_other_order_or_as_taking_the_product_elsewhere() -> None:
    threats = [
        "Ещё одна такая комиссия, и я от вас ухожу.",
        "Меня в Газпромбанке зовут на лучших условиях, наверное, туда и уйду.",
        "Расторгну страховку и застрахуюсь в другой компании.",
        "Я больше не буду вашим клиентом.",
    ]
    for threat in threats:
        assert pairs(tasks_of([("customer", threat)])) == [("churn_risk", None)], threat
    for threat in [
        "One more charge like that and I'm done with you.",
        "I've opened an account elsewhere, I'm moving everything there.",
    ]:
        assert pairs(tasks_of([("customer", threat)], "en")) == [("churn_risk", None)], threat


def test_closing_every_card_after_a_deadline_is_the_threat_not_a_product_end() -> None:
    tasks = tasks_of([("customer", "Даю вам срок до понедельника, потом закрываю все карты.")])
    assert pairs(tasks) == [("churn_risk", "2026-11-30")]


def test_more_ways_to_say_a_product_ends() -> None:
    assert pairs(tasks_of([("agent", "Срок вашего депозита подходит к концу, он завершается седьмого декабря.")])) == [
        ("deposit_maturity", "2026-12-07")
    ]
    assert pairs(tasks_of([("agent", "Договор страхования жизни оформлен по двенадцатое января включительно.")])) == [
        ("product_expiry", "2027-01-12")
    ]
    assert pairs(tasks_of([("agent", "Your gym membership through us lapses at the end of the month.")], "en")) == [
        ("product_expiry", "2026-11-30")
    ]
    # "по" before a day is the last day included, but "по второму вкладу" is the second deposit
    two = tasks_of([("customer", "По первому вкладу срок до пятого марта, а по второму вкладу до пятого апреля.")])
    assert pairs(two) == [("deposit_maturity", "2027-03-05"), ("deposit_maturity", "2027-04-05")]


def test_coming_back_to_the_customer_with_an_answer_is_a_call_back() -> None:
    tasks = tasks_of([("agent", "Я уточню у юристов и вернусь к вам с ответом в пятницу.")])
    assert pairs(tasks) == [("callback", "2026-11-27")]


def test_waiting_for_the_specialists_call_on_a_day_is_a_call_back() -> None:
    tasks = tasks_of([("agent", "Ожидайте звонка от нашего специалиста в понедельник.")])
    assert pairs(tasks) == [("callback", "2026-11-30")]


def test_a_dated_offer_to_call_that_the_customer_declines_makes_no_call_back() -> None:
    tasks = tasks_of([("agent", "Могу перезвонить вам завтра?"), ("customer", "Нет, спасибо, не нужно.")])
    assert pairs(tasks) == []


def test_after_the_twentieth_in_english_is_the_day_after() -> None:
    tasks = tasks_of([("customer", "Please call me after the 20th, I'm abroad till then.")], "en")
    assert pairs(tasks) == [("callback", "2026-12-21")]


def test_within_the_day_is_today() -> None:
    tasks = tasks_of([("agent", "Я передам вашу заявку, и вам перезвонят в течение дня.")])
    assert pairs(tasks) == [("callback", "2026-11-25")]


def test_a_reminder_counted_back_from_the_date_said_after_it() -> None:
    tasks = tasks_of([("customer", "Напомните мне за три дня до платежа, платёж у меня тридцатого.")])
    assert pairs(tasks) == [("callback", "2026-11-27")]


def test_more_ways_a_customer_promises_a_payment() -> None:
    russian = {
        "Оплату сделаю послезавтра через приложение.": "2026-11-27",
        "Задолженность по карте будет закрыта к тридцатому.": "2026-11-30",
    }
    for line, due in russian.items():
        assert pairs(tasks_of([("customer", line)])) == [("payment_promise", due)], line
    english = {
        "I'll have the money in your account by Friday.": "2026-11-27",
        "You'll have the payment by the 30th, I promise.": "2026-11-30",
        "Payment will go out on the 30th, that's when I get paid.": "2026-11-30",
        "Let me pay the rest at the end of the month.": "2026-11-30",
    }
    for line, due in english.items():
        assert pairs(tasks_of([("customer", line)], "en")) == [("payment_promise", due)], line


def test_taking_it_to_the_regulator_is_a_complaint() -> None:
    assert pairs(tasks_of([("customer", "Это безобразие, я буду писать в Центробанк.")])) == [("complaint", None)]
    assert pairs(tasks_of([("customer", "I'm going to report this to the ombudsman.")], "en")) == [("complaint", None)]


def test_the_month_a_replacement_card_is_sent_is_not_its_end() -> None:
    tasks = tasks_of([("agent", "Your card expires in February, we'll send a new one in January.")], "en")
    assert pairs(tasks) == [("product_expiry", "2027-02-01")]


def test_the_agent_who_calls_back_in_the_present_tense_makes_a_call_back() -> None:
    tasks = tasks_of(
        [("agent", "Итак, фиксирую: вы вносите десять тысяч до пятницы, а я перезваниваю вам в понедельник.")]
    )
    assert pairs(tasks) == [("callback", "2026-11-30"), ("payment_promise", "2026-11-27")]


def test_a_day_of_this_month_or_the_next() -> None:
    tasks = tasks_of([("customer", "My deposit matures on the 28th of this month.")], "en")
    assert pairs(tasks) == [("deposit_maturity", "2026-11-28")]
    tasks = tasks_of([("customer", "Внесу третьего числа следующего месяца.")])
    assert pairs(tasks) == [("payment_promise", "2026-12-03")]


def test_closing_everything_with_the_bank_is_a_threat() -> None:
    assert pairs(tasks_of([("customer", "Если не вернёте деньги, я закрою у вас всё.")])) == [("churn_risk", None)]


def test_a_reminder_offered_before_its_date_counts_back_from_the_date_said_next() -> None:
    tasks = tasks_of(
        [
            ("agent", "Хотите, я напомню вам о платеже накануне?"),
            ("customer", "Да, было бы здорово. Платёж у меня тридцатого."),
        ]
    )
    assert pairs(tasks) == [("callback", "2026-11-29")]


def test_alternatives_keep_the_later_day_until_the_agent_fixes_one() -> None:
    alone = tasks_of([("customer", "Внесу двадцать восьмого или двадцать девятого, как получится.")])
    assert pairs(alone) == [("payment_promise", "2026-11-29")]
    fixed = tasks_of(
        [
            ("customer", "Внесу двадцать восьмого или двадцать девятого, как получится."),
            ("agent", "Давайте зафиксируем двадцать восьмое."),
        ]
    )
    assert pairs(fixed) == [("payment_promise", "2026-11-28")]


def test_a_day_proposed_with_say_replaces_the_day_of_another_thing() -> None:
    tasks = tasks_of([("customer", "I'm moving house on the 1st, can you call me before that, say the 28th?")], "en")
    assert pairs(tasks) == [("callback", "2026-11-28")]


def test_ill_be_paying_in_two_parts_is_two_promises() -> None:
    tasks = tasks_of(
        [("customer", "I'll be paying the arrears in two parts, half this Friday and half next Friday.")], "en"
    )
    assert pairs(tasks) == [("payment_promise", "2026-11-27"), ("payment_promise", "2026-12-04")]


def test_a_reminder_for_the_first_of_two_ends_counts_back_from_the_first() -> None:
    tasks = tasks_of(
        [
            ("agent", "У вас два вклада: «Базовый» до десятого декабря, «Плюс» до двадцатого января."),
            ("agent", "По первому я вам позвоню за неделю до окончания."),
        ]
    )
    assert pairs(tasks) == [
        ("callback", "2026-12-03"),
        ("deposit_maturity", "2026-12-10"),
        ("deposit_maturity", "2027-01-20"),
    ]


def test_in_a_run_on_line_the_speakers_verb_after_the_date_opens_the_next_clause() -> None:
    tasks = tasks_of(
        [("customer", "алло я по вкладу он у меня до двадцатого декабря хочу продлить можно мне позвонить за неделю")]
    )
    assert pairs(tasks) == [("callback", "2026-12-13"), ("deposit_maturity", "2026-12-20")]
    tasks = tasks_of(
        [("customer", "полис у меня кончается пятого декабря а каско девятого января перезвоните в начале декабря")]
    )
    assert pairs(tasks) == [
        ("callback", "2026-12-01"),
        ("product_expiry", "2026-12-05"),
        ("product_expiry", "2027-01-09"),
    ]


def test_in_a_run_on_line_the_salary_day_is_not_the_payment() -> None:
    tasks = tasks_of([("customer", "слушайте я платёж внесу в пятницу точно в пятницу зарплата будет в четверг")])
    assert pairs(tasks) == [("payment_promise", "2026-11-27")]


def test_a_promise_to_pay_on_time_takes_the_day_just_named() -> None:
    tasks = tasks_of([("agent", "Ваш платёж по графику тридцатого ноября."), ("customer", "Понял, внесу вовремя.")])
    assert pairs(tasks) == [("payment_promise", "2026-11-30")]
    tasks = tasks_of([("agent", "Your payment is due on the 30th."), ("customer", "Sure, I'll pay on time.")], "en")
    assert pairs(tasks) == [("payment_promise", "2026-11-30")]


def test_until_after_a_discourse_znachit_is_the_products_end() -> None:
    tasks = tasks_of([("customer", "Вклад у меня на полгода, открывала в июне, значит, до пятнадцатого декабря.")])
    assert pairs(tasks) == [("deposit_maturity", "2026-12-15")]


def test_do_kakogo_alone_asks_for_the_end() -> None:
    tasks = tasks_of(
        [("customer", "подскажите вклад пенсионный до какого он у меня"), ("agent", "до восемнадцатого января")]
    )
    assert pairs(tasks) == [("deposit_maturity", "2027-01-18")]


def test_an_agent_who_misspoke_corrects_the_date() -> None:
    tasks = tasks_of(
        [
            ("agent", "Ваш вклад заканчивается четвёртого января."),
            ("agent", "Извините, оговорилась, четырнадцатого января."),
        ]
    )
    assert pairs(tasks) == [("deposit_maturity", "2027-01-14")]
    tasks = tasks_of(
        [("agent", "Your policy ends on the 4th of January, sorry, I misspoke, the 14th of January.")], "en"
    )
    assert pairs(tasks) == [("product_expiry", "2027-01-14")]


def test_a_correction_that_says_no_end_moves_the_call_back_not_the_end() -> None:
    tasks = tasks_of(
        [
            ("agent", "I'll call you back on Friday, and your deposit matures on the 2nd of December."),
            ("customer", "Actually, can you make it Monday instead?"),
        ],
        "en",
    )
    assert pairs(tasks) == [("callback", "2026-11-30"), ("deposit_maturity", "2026-12-02")]


def test_more_english_threats_savers_and_calling_back() -> None:
    for threat in [
        "Honestly, I'm looking at other banks right now.",
        "I want to close my account, I've found a better deal.",
    ]:
        assert pairs(tasks_of([("customer", threat)], "en")) == [("churn_risk", None)], threat
    moving = tasks_of(
        [("customer", "Unless you match their rate by the 1st of December, I'm moving my savings to them.")], "en"
    )
    assert pairs(moving) == [("churn_risk", "2026-12-01")]
    saver = tasks_of([("customer", "My fixed saver ends on the 3rd of March.")], "en")
    assert pairs(saver) == [("deposit_maturity", "2027-03-03")]
    calling = tasks_of([("customer", "I'll be calling you back on Monday once I've spoken to my wife.")], "en")
    assert pairs(calling) == [("callback", "2026-11-30")]


def test_credit_and_service_contracts_by_other_names_end_as_products() -> None:
    assert pairs(tasks_of([("agent", "Ваш овердрафт действует до тридцатого декабря.")])) == [
        ("product_expiry", "2026-12-30")
    ]
    escrow = tasks_of([("agent", "Срок эскроу-счёта истекает двадцатого января.")])
    assert pairs(escrow) == [("product_expiry", "2027-01-20")]
    assert escrow[0].product == "service"
    assert pairs(tasks_of([("agent", "Your overdraft facility expires on the 30th of December.")], "en")) == [
        ("product_expiry", "2026-12-30")
    ]


def test_more_english_promises_and_call_backs() -> None:
    promises = {
        "I should be able to pay on Friday.": "2026-11-27",
        "I'm planning to pay it off on the 30th.": "2026-11-30",
        "The money will be in on Friday.": "2026-11-27",
        "I'll sort the payment out on Saturday.": "2026-11-28",
    }
    for line, due in promises.items():
        assert pairs(tasks_of([("customer", line)], "en")) == [("payment_promise", due)], line
    for line in [
        "I'll follow up with you on Friday.",
        "Expect a call from us on Friday.",
        "We'll be in touch by Friday.",
    ]:
        assert pairs(tasks_of([("agent", line)], "en")) == [("callback", "2026-11-27")], line
    asked = tasks_of([("agent", "When would suit you for a call?"), ("customer", "Friday afternoon is best.")], "en")
    assert pairs(asked) == [("callback", "2026-11-27")]
    promised = tasks_of(
        [("agent", "You were due to pay on the 20th."), ("customer", "Yeah, sorry. Monday, I promise.")], "en"
    )
    assert pairs(promised) == [("payment_promise", "2026-11-30")]
    assert pairs(tasks_of([("customer", "Right, thanks, I'll sort it out myself on Friday.")], "en")) == []


def test_a_payment_that_waits_for_a_dated_condition_takes_its_day() -> None:
    tasks = tasks_of([("customer", "Как только получу зарплату тридцатого, сразу внесу.")])
    assert pairs(tasks) == [("payment_promise", "2026-11-30")]
    tasks = tasks_of([("customer", "Жду перевод от клиента, как придёт — тридцатого — сразу оплачу.")])
    assert pairs(tasks) == [("payment_promise", "2026-11-30")]
    tasks = tasks_of([("customer", "Деньги будут на счёте к пятнице.")])
    assert pairs(tasks) == [("payment_promise", "2026-11-27")]


def test_the_other_side_sets_a_date_right_without_saying_no() -> None:
    lines = [
        [
            ("agent", "Ваш полис истекает двадцатого декабря."),
            ("customer", "Вы ошиблись, у меня до двадцать пятого декабря."),
        ],
        [("agent", "Ваш полис истекает двадцатого декабря."), ("customer", "Не двадцатого, а двадцать пятого.")],
    ]
    for call in lines:
        assert pairs(tasks_of(call)) == [("product_expiry", "2026-12-25")], call
    english = [
        ("agent", "Your policy expires on the 20th of December."),
        ("customer", "I think you'll find it's the 25th."),
    ]
    assert pairs(tasks_of(english, "en")) == [("product_expiry", "2026-12-25")]
    system = [
        ("customer", "My deposit ends on the 10th of January."),
        ("agent", "Our system says the 11th of January."),
    ]
    assert pairs(tasks_of(system, "en")) == [("deposit_maturity", "2027-01-11")]
    records = [
        ("customer", "Вклад у меня до десятого января."),
        ("agent", "Уточню: в договоре указано одиннадцатое января."),
    ]
    assert pairs(tasks_of(records)) == [("deposit_maturity", "2027-01-11")]


def test_too_late_keeps_the_haggling_and_a_busy_day_gives_way_to_the_free_one() -> None:
    haggle = tasks_of(
        [
            ("customer", "Внесу тридцатого."),
            ("agent", "Тридцатого поздно, платёж должен поступить до двадцать восьмого."),
            ("customer", "Хорошо, тогда двадцать восьмого."),
        ]
    )
    assert pairs(haggle) == [("payment_promise", "2026-11-28")]
    busy = tasks_of(
        [("agent", "Перезвоню вам в четверг."), ("customer", "В четверг у меня врач, а вот в пятницу свободна.")]
    )
    assert pairs(busy) == [("callback", "2026-11-27")]


def test_an_act_that_follows_a_dated_thing_at_once_takes_its_day() -> None:
    tasks = tasks_of([("agent", "Ответ от страховой придёт в пятницу, и я вам сразу перезвоню.")])
    assert pairs(tasks) == [("callback", "2026-11-27")]
    tasks = tasks_of([("agent", "Справка будет готова через неделю, я вам позвоню, как только её получу.")])
    assert pairs(tasks) == [("callback", "2026-12-02")]


def test_closing_the_loan_with_the_bank_on_a_condition_is_a_threat_with_its_deadline() -> None:
    tasks = tasks_of([("customer", "Если не снизите ставку, я закрою ипотеку у вас до конца месяца.")])
    assert pairs(tasks) == [("churn_risk", "2026-11-30")]
    tasks = tasks_of([("customer", "В другом банке дешевле, думаю перейти к ним.")])
    assert pairs(tasks) == [("churn_risk", None)]


def test_paying_on_delivery_takes_the_delivery_day() -> None:
    tasks = tasks_of(
        [
            ("agent", "Ваш диван привезут в субботу, двадцать восьмого."),
            ("customer", "Хорошо, остаток оплачу при получении."),
        ]
    )
    assert pairs(tasks) == [("payment_promise", "2026-11-28")]


def test_every_friday_is_no_date() -> None:
    assert pairs(tasks_of([("customer", "По карте я плачу по пятницам.")])) == []
