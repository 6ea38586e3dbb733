"""A payment day the two sides settle on over several turns while a debt is the talk, with no verb of paying in the
turn that settles it (issue 12, round tasks10: dev10's haggles and dates12's misses)."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_the_customer_agrees_without_a_day_to_the_day_the_agent_held_to() -> None:
    lines = [
        ("agent", "По потребительскому кредиту не прошёл ноябрьский платёж. Успеете закрыть к пятнице?"),
        ("customer", "К пятнице вряд ли. А вторник устроит?"),
        ("agent", "Вторник — последний день без пени."),
        ("customer", "Идёт."),
    ]
    assert pairs(tasks_of(lines)) == [("payment_promise", "2026-12-01")]


def test_the_customers_last_day_closes_an_unpunctuated_haggle() -> None:
    lines = [
        ("customer", "ну по рассрочке за диван сейчас никак давайте в середине декабря"),
        ("agent", "в середине декабря поздно нам нужно до седьмого"),
        ("customer", "ладно до шестого тогда"),
    ]
    assert pairs(tasks_of(lines)) == [("payment_promise", "2026-12-06")]


def test_an_english_haggle_takes_the_day_the_agent_says_back() -> None:
    lines = [
        ("customer", "About the arrears on my credit card. Could I do it on the ninth?"),
        ("agent", "The ninth is too late, we'd need it before the fourth."),
        ("customer", "Go on then, the third."),
        ("agent", "Lovely, the third it is."),
    ]
    assert pairs(tasks_of(lines, "en")) == [("payment_promise", "2026-12-03")]


def test_a_haggle_with_a_verb_of_paying_is_left_to_the_promise_rules() -> None:
    lines = [
        ("agent", "По карте просрочка, когда внесёте?"),
        ("customer", "Внесу тридцатого."),
        ("agent", "Тридцатого поздно, нужно до двадцать восьмого."),
        ("customer", "Хорошо, двадцать восьмого внесу."),
    ]
    assert pairs(tasks_of(lines)) == [("payment_promise", "2026-11-28")]


def test_dates_traded_about_no_debt_make_no_payment() -> None:
    lines = [
        ("customer", "Хочу прийти в отделение за новой картой, в пятницу можно?"),
        ("agent", "В пятницу отделение закрыто, приходите в субботу."),
        ("customer", "Хорошо, в субботу."),
    ]
    assert pairs(tasks_of(lines)) == []


def test_a_day_the_agent_repeats_back_confirms_no_haggle() -> None:
    lines = [
        ("agent", "Ваш долг по карте погасится автоматически, следующее списание третьего декабря."),
        ("customer", "Третьего декабря, да?"),
        ("agent", "Да, третьего."),
    ]
    assert pairs(tasks_of(lines)) == []


def test_a_haggle_over_one_part_leaves_the_other_part_standing() -> None:
    lines = [
        ("agent", "По рассрочке на холодильник просрочено двенадцать тысяч."),
        ("customer", "Могу половину в понедельник, а остаток десятого декабря."),
        ("agent", "Десятого поздно, остаток нужен до седьмого."),
        ("customer", "Хорошо, тогда до седьмого."),
    ]
    assert pairs(tasks_of(lines)) == [("payment_promise", "2026-11-30"), ("payment_promise", "2026-12-07")]


def test_the_customer_moves_the_day_after_the_agent_checks_it() -> None:
    lines = [
        ("customer", "По карте внесу минимальный платёж в субботу."),
        ("agent", "В субботу, двадцать восьмого?"),
        ("customer", "Хотя нет, в субботу я на даче, давайте в понедельник, тридцатого."),
    ]
    assert pairs(tasks_of(lines)) == [("payment_promise", "2026-11-30")]


def test_the_month_under_way_is_ahead_and_its_day_settles_the_promise() -> None:
    lines = [
        ("agent", "По автокредиту пропущен ноябрьский платёж."),
        ("customer", "Да, в ноябре закрою."),
        ("agent", "А какого числа?"),
        ("customer", "Пусть будет двадцать седьмого."),
    ]
    assert pairs(tasks_of(lines)) == [("payment_promise", "2026-11-27")]


def test_the_agent_putting_the_moved_day_on_record_settles_it() -> None:
    lines = [
        ("agent", "у вас просрочка по кредиту три тысячи когда сможете внести"),
        ("customer", "в пятницу переведу"),
        ("agent", "в пятницу это двадцать седьмое верно"),
        ("customer", "нет не в эту пятницу а через неделю"),
        ("agent", "значит четвёртого декабря записываю"),
    ]
    assert pairs(tasks_of(lines)) == [("payment_promise", "2026-12-04")]


def test_an_agreeing_summary_keeps_both_parts_of_the_sum() -> None:
    lines = [
        ("customer", "За ремонт всю сумму сразу не потяну, давайте часть сегодня, а часть в декабре."),
        ("agent", "В декабре — это какого числа?"),
        ("customer", "Четырнадцатого декабря доплачу."),
        ("agent", "Хорошо, сегодня половина и четырнадцатого декабря остаток."),
    ]
    assert pairs(tasks_of(lines)) == [("payment_promise", "2026-11-25"), ("payment_promise", "2026-12-14")]


def test_a_bare_day_takes_the_month_the_other_side_just_named() -> None:
    lines = [
        ("agent", "Предлагаю так: первый взнос по рассрочке вы вносите третьего января, я записываю."),
        ("customer", "Да, третьего внесу."),
    ]
    assert pairs(tasks_of(lines)) == [("payment_promise", "2027-01-03")]


def test_the_day_asked_for_refines_the_part_said_by_its_month_beside_the_salary() -> None:
    lines = [
        ("agent", "По рассрочке на стиральную машину два взноса не оплачены."),
        ("customer", "Первый взнос закрою завтра, а второй в середине декабря."),
        ("agent", "А точнее, какого числа?"),
        ("customer", "Пусть будет шестнадцатое декабря, аванс пятнадцатого."),
    ]
    assert pairs(tasks_of(lines)) == [("payment_promise", "2026-11-26"), ("payment_promise", "2026-12-16")]


def test_the_english_agent_asking_when_to_expect_it_makes_the_answer_a_promise() -> None:
    lines = [
        ("agent", "You're three hundred behind on the loan. When can we expect it?"),
        ("customer", "On the fourth of December, once my wages are in."),
    ]
    assert pairs(tasks_of(lines, "en")) == [("payment_promise", "2026-12-04")]
