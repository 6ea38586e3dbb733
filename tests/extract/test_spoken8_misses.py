"""Round tasks14 (issue 12): spoken8's misses. The agent's "закрыть" asks for a payment when a debt was just
named; a start ("с первого числа") answers no question about an end; an offer's end is no product's; a day refused
or countered with a bare day moves the haggle on."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_closing_a_named_debt_asks_for_a_payment() -> None:
    lines = [
        ("agent", "По кредитной карте у вас долг пятнадцать тысяч. Получится закрыть к пятнице?"),
        ("customer", "К пятнице никак. А в следующую среду можно?"),
        ("agent", "Среда — это уже второе. Давайте хотя бы понедельник, тридцатое."),
        ("customer", "Ладно, идёт, тридцатого."),
        ("agent", "Записала: тридцатого ноября, пятнадцать тысяч."),
    ]
    assert pairs(tasks_of(lines)) == [("payment_promise", "2026-11-30")]


def test_closing_without_a_debt_asks_for_nothing() -> None:
    lines = [
        ("agent", "Вы хотели закрыть накопительный счёт? Когда удобно закрыть?"),
        ("customer", "В пятницу зайду в отделение."),
    ]
    assert [t.type for t in tasks_of(lines)] != ["payment_promise"]


def test_a_start_date_does_not_answer_an_end() -> None:
    lines = [
        ("agent", "Ваш пакет услуг Базовый закрывается. Обслуживание по нему прекращается тридцатого декабря."),
        ("agent", "С первого января переведём вас на новый пакет."),
    ]
    assert pairs(tasks_of(lines)) == [("product_expiry", "2026-12-30")]


def test_an_offer_that_ends_is_no_product_end() -> None:
    lines = [
        ("customer", "Is the fuel cashback on my card still running?"),
        ("agent", "Yes, the cashback offer ends on the fifteenth of December."),
    ]
    assert pairs(tasks_of(lines, "en")) == []
    lines = [("agent", "Your cashback card ends on the fifteenth of December.")]
    assert pairs(tasks_of(lines, "en")) == [("product_expiry", "2026-12-15")]


def test_the_asked_day_refused_is_no_promise() -> None:
    lines = [
        ("agent", "У вас остаток долга три тысячи. Может, погасите до тридцатого ноября?"),
        ("customer", "Нет, до тридцатого не получится. Я сначала поговорю с женой."),
    ]
    assert pairs(tasks_of(lines)) == []


def test_a_bare_day_counters_the_agents_proposal() -> None:
    lines = [
        ("agent", "По кредиту на ремонт платёж просрочен. Закроете к пятнице?"),
        ("customer", "К пятнице никак, зарплату задерживают."),
        ("agent", "Тогда понедельник, тридцатое?"),
        ("customer", "Третьего, четверг, раньше денег не будет."),
        ("agent", "Хорошо, третье декабря, но это последний срок."),
    ]
    assert pairs(tasks_of(lines)) == [("payment_promise", "2026-12-03")]


# What Whisper makes of the same calls (spoken8's natural renderings)


def test_bare_digits_after_their_weekday_are_the_day() -> None:
    # 9 December 2026 is a Wednesday: "в среду 9" is that day, not the coming Wednesday (2 December)
    assert pairs(tasks_of([("customer", "Да, извините, оплачу в среду 9,")])) == [("payment_promise", "2026-12-09")]
    # 10 December is no Wednesday, and "10 тысяч" is a sum: the weekday stays the coming one
    assert pairs(tasks_of([("customer", "Оплачу в среду 10")])) == [("payment_promise", "2026-12-02")]
    assert pairs(tasks_of([("customer", "Оплачу в среду 10 тысяч")])) == [("payment_promise", "2026-12-02")]


def test_a_day_said_back_for_a_payment_ends_no_product() -> None:
    lines = [
        ("agent", "Добрый день, по кредиту на лодку платеж просрочен на неделю."),
        ("customer", "Да, извините, оплачу в пятницу 4,"),
        ("agent", "4 декабря хорошо и напомню, договор страхования лодки заканчивается 31 декабря."),
    ]
    assert pairs(tasks_of(lines)) == [("payment_promise", "2026-12-04"), ("product_expiry", "2026-12-31")]


def test_an_unpunctuated_question_to_close_a_debt_asks_for_a_payment() -> None:
    lines = [
        ("agent", "Добрый день, по лизингу машины у вас долг 2200 получится закрыть к пятнице."),
        ("customer", "К пятнице никак смен мало а в следующий вторник можно."),
        ("agent", "Вторник это уже первое. Давайте хотя бы понедельник тридцатое"),
        ("customer", "Ладно, идёт 30-го."),
    ]
    assert pairs(tasks_of(lines)) == [("payment_promise", "2026-11-30")]


def test_an_offer_split_by_its_question_mark_is_declined() -> None:
    lines = [
        ("agent", "Ваш вклад заканчивается двадцать второго декабря."),
        ("agent", "Хотите? Я перезвоню, ближе к дате."),
        ("customer", "не надо, спасибо, я сама зайду в отделение."),
    ]
    assert pairs(tasks_of(lines)) == [("deposit_maturity", "2026-12-22")]


def test_carrying_the_money_to_a_named_debt_is_a_promise() -> None:
    debt = ("agent", "Здравствуйте, по кредиту на гараж у вас просрочка, ноябрьский платёж не поступил.")
    lines = [debt, ("customer", "Да, знаю, извините, несу в понедельник,")]
    assert pairs(tasks_of(lines)) == [("payment_promise", "2026-11-30")]
    assert pairs(tasks_of([debt, ("customer", "Несу справку в понедельник.")])) == []
    assert pairs(tasks_of([("customer", "Несу документы в понедельник.")])) == []


def test_an_ordinal_run_together_after_an_end_verb_is_the_day() -> None:
    lines = [("agent", "Договор сервисного обслуживания вашей машины заканчивается 28-я.")]
    assert pairs(tasks_of(lines)) == [("product_expiry", "2026-11-28")]
    # an ordinal that goes on to its noun counts things
    assert pairs(tasks_of([("agent", "У вас заканчивается 3-я неделя льготного периода.")])) == []


def test_bare_digits_right_after_a_call_are_its_day() -> None:
    lines = [("agent", "Записываю, менеджер по лизингу позвонит вам 3 напомнить реквизиты.")]
    assert pairs(tasks_of(lines)) == [("callback", "2026-12-03")]
    # an hour comes with "в", a count with its noun
    assert pairs(tasks_of([("agent", "Менеджер позвонит вам 2 раза, не волнуйтесь.")])) == [("callback", None)]


def test_the_close_of_a_trip_span_is_no_product_end() -> None:
    # what Whisper made of "Отметила поездку ... Кстати, повышенный кешбэк на отели действует до конца января."
    said = (
        "Конечно, отметила поездку с пятого по 19 декабря, кстати, повышенный кежут на отделе действия до конца января."
    )
    lines = [
        ("customer", "Здравствуйте. Я уезжаю в отпуск пятого декабря. У меня карта путешественника."),
        ("agent", said),
    ]
    assert [t for t in pairs(tasks_of(lines)) if t[1] == "2026-12-19"] == []
    # a span said of the product itself still ends it
    assert pairs(tasks_of([("agent", "Ваш полис действует с первого по 19 декабря.")])) == [
        ("product_expiry", "2026-12-19")
    ]
