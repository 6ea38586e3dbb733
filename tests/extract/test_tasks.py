"""Task rules on small real-phrased calls, and the gold set as a whole."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from voc.extract import extract_entities, extract_tasks
from voc.schemas import Cue, Task, Turn, Word

CALL = dt.date(2026, 11, 25)  # a Wednesday
GOLD = Path(__file__).parent.parent / "data" / "tasks"


def turns_of(*lines: tuple[str, str]) -> list[Turn]:
    return [Turn(index=i, speaker=s, start=float(i), end=float(i) + 0.9, text=t) for i, (s, t) in enumerate(lines)]  # type: ignore[arg-type]


def tasks_of(turns: list[Turn], language: str = "ru", call: dt.date = CALL) -> list[Task]:
    return extract_tasks(turns, language, call)


def pairs(tasks: list[Task]) -> list[tuple[str, str | None]]:
    return [(t.type, t.due_date.isoformat() if t.due_date else None) for t in tasks]


def test_deposit_end_and_promised_callback() -> None:
    tasks = tasks_of(
        turns_of(
            ("customer", "У меня вклад заканчивается пятнадцатого марта."),
            ("agent", "Я вам перезвоню в пятницу и расскажу про ставки."),
        )
    )
    assert pairs(tasks) == [("deposit_maturity", "2027-03-15"), ("callback", "2026-11-27")]
    deposit = tasks[0]
    assert deposit.product == "deposit"
    assert deposit.evidence.speaker == "customer"
    assert "пятнадцатого марта" in deposit.evidence.quote
    assert deposit.title.startswith("Вклад") and "15.03.2027" in deposit.title


def test_past_events_make_no_task() -> None:
    tasks = tasks_of(
        turns_of(
            ("customer", "Я в прошлом году, пятого мая, открыла вклад."),
            ("customer", "Вклад закончился вчера, деньги не пришли."),
            ("customer", "Вы обещали перезвонить в понедельник и не перезвонили."),
        )
    )
    assert pairs(tasks) == []


def test_same_fact_twice_is_one_task_and_two_deposits_are_two() -> None:
    once = tasks_of(
        turns_of(
            ("agent", "Ваш депозит заканчивается 15-го марта."),
            ("customer", "Да, пятнадцатого марта, я помню."),
        )
    )
    assert pairs(once) == [("deposit_maturity", "2027-03-15")]
    two = tasks_of(turns_of(("customer", "Один вклад заканчивается десятого апреля, второй — двадцать пятого мая.")))
    assert pairs(two) == [("deposit_maturity", "2027-04-10"), ("deposit_maturity", "2027-05-25")]


def test_correction_takes_the_corrected_date() -> None:
    tasks = tasks_of(
        turns_of(("customer", "Вклад заканчивается пятнадцатого... нет, не пятнадцатого, а шестнадцатого января."))
    )
    assert pairs(tasks) == [("deposit_maturity", "2027-01-16")]


def test_impossible_date_gives_a_warning_and_no_task() -> None:
    turns = turns_of(("customer", "Моя страховка ОСАГО кончается тридцатого февраля."))
    _, notices = extract_entities(turns, "ru", CALL)
    assert [n.code for n in notices] == ["impossible_date"]
    assert "тридцатого февраля" in notices[0].message
    assert extract_tasks(turns, "ru", CALL) == []


def test_month_level_date_gives_way_to_the_precise_one() -> None:
    tasks = tasks_of(
        turns_of(
            ("customer", "Карта у меня истекает в январе."),
            ("agent", "Ваша карта действует до 31.01.2027."),
        ),
        call=dt.date(2026, 12, 10),
    )
    assert pairs(tasks) == [("product_expiry", "2027-01-31")]


def test_payment_promise_needs_the_customer_to_promise() -> None:
    reminder = tasks_of(turns_of(("agent", "Платёж по кредиту нужно внести до 28 декабря.")))
    assert pairs(reminder) == []
    promise = tasks_of(
        turns_of(
            ("agent", "Платёж по кредиту нужно внести до 28 декабря."),
            ("customer", "Внесу через две недели, двадцать четыре тысячи рублей."),
        )
    )
    assert pairs(promise) == [("payment_promise", "2026-12-09")]
    assert promise[0].amount is not None and promise[0].amount.value == 24000 and promise[0].amount.currency == "RUB"


def test_agreed_reply_changes_the_callback_date() -> None:
    tasks = tasks_of(
        turns_of(
            ("customer", "а можно мне перезвонить двадцать девятого"),
            ("agent", "двадцать девятое воскресенье давайте тридцатого утром"),
            ("customer", "давайте"),
        )
    )
    assert pairs(tasks) == [("callback", "2026-11-30")]


def test_complaint_and_churn_from_text_alone() -> None:
    tasks = tasks_of(
        turns_of(
            ("customer", "Деньги списали дважды, я хочу подать жалобу."),
            ("agent", "Я зарегистрировала вашу жалобу."),
            ("customer", "Если не вернёте, я закрою все счета и уйду в другой банк."),
        )
    )
    assert pairs(tasks) == [("complaint", None), ("churn_risk", None)]
    assert tasks[1].owner == "retention"


def test_an_agent_who_registers_the_complaint_makes_one_and_one_who_mentions_it_does_not() -> None:
    registered = tasks_of(
        turns_of(
            ("customer", "Я уже третий раз звоню, деньги списали дважды!"),
            ("agent", "Приношу извинения, я оформлю претензию."),
        )
    )
    assert pairs(registered) == [("complaint", None)]
    mentioned = tasks_of(turns_of(("agent", "Если захотите, можно подать жалобу через приложение.")))
    assert pairs(mentioned) == []


def test_churn_from_the_emotion_stage_cue() -> None:
    turn = Turn(
        index=0,
        speaker="customer",
        start=0.0,
        end=2.0,
        text="Всё, с меня хватит, до свидания.",
        cues=[Cue(kind="threat_to_leave", text="с меня хватит")],
    )
    assert pairs(tasks_of([turn])) == [("churn_risk", None)]


def test_english_call() -> None:
    tasks = tasks_of(
        turns_of(
            ("customer", "My savings account matures on the twelfth of January."),
            ("agent", "I'll have a specialist call you back next Monday."),
            ("customer", "I'll pay the overdue three hundred dollars by Friday."),
        ),
        "en",
    )
    assert pairs(tasks) == [
        ("deposit_maturity", "2027-01-12"),
        ("callback", "2026-11-30"),
        ("payment_promise", "2026-11-27"),
    ]
    assert tasks[0].title == "Deposit matures 12 Jan 2027: offer a renewal"
    assert tasks[2].amount is not None and tasks[2].amount.currency == "USD"


def test_evidence_times_come_from_the_words() -> None:
    text = "Добрый день. Вклад заканчивается двадцатого декабря."
    spoken = text.split()
    words = [Word(word=" " + w, start=1.0 + i * 0.5, end=1.4 + i * 0.5, probability=0.9) for i, w in enumerate(spoken)]
    turn = Turn(index=0, speaker="customer", start=1.0, end=4.0, text=text, words=words)
    [task] = tasks_of([turn])
    assert task.evidence.quote == "Вклад заканчивается двадцатого декабря."
    assert task.evidence.start == 2.0  # the third word
    assert task.evidence.end == 3.9  # the sixth and last word


def test_gold_transcripts_reach_the_target_f1() -> None:
    tp = fp = fn = 0
    for split in ("dev", "heldout", "blind"):
        for call in json.loads((GOLD / f"{split}.json").read_text(encoding="utf-8"))["calls"]:
            turns = [
                Turn(index=i, speaker=t["speaker"], start=0.0, end=0.0, text=t["text"])
                for i, t in enumerate(call["turns"])
            ]
            found = pairs(tasks_of(turns, call["language"], dt.date.fromisoformat(call["call_date"])))
            gold = [(t["type"], t["due_date"]) for t in call["tasks"]]
            hits = sum(min(found.count(g), gold.count(g)) for g in set(gold))
            tp, fp, fn = tp + hits, fp + len(found) - hits, fn + len(gold) - hits
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.9, (tp, fp, fn)


def test_reminder_counted_back_from_the_end_date() -> None:
    tasks = tasks_of(
        turns_of(
            ("customer", "Когда заканчивается мой вклад?"),
            ("agent", "Двадцатого декабря."),
            ("customer", "Напомните мне, пожалуйста, за неделю до окончания."),
        )
    )
    assert pairs(tasks) == [("deposit_maturity", "2026-12-20"), ("callback", "2026-12-13")]


def test_an_end_that_already_happened_is_not_a_task() -> None:
    tasks = tasks_of(turns_of(("agent", "Напоминаю, что льготная ставка по ипотеке закончилась первого ноября.")))
    assert pairs(tasks) == []


def test_short_spoken_year() -> None:
    tasks = tasks_of(turns_of(("customer", "Карта у меня действует до апреля двадцать восьмого года.")))
    assert pairs(tasks) == [("product_expiry", "2028-04-01")]


def test_having_started_to_leave_is_a_churn_risk() -> None:
    tasks = tasks_of(turns_of(("customer", "Я уже перевела вклады в Сбербанк, осталась только карта.")))
    assert pairs(tasks) == [("churn_risk", None)]


def test_safe_box_rent_and_leasing_end_as_products_not_deposits() -> None:
    box = tasks_of(turns_of(("agent", "Аренда сейфовой ячейки у вас истекает в конце февраля.")))
    assert pairs(box) == [("product_expiry", "2027-02-28")]
    assert box[0].product == "safe_box"
    paid_up = tasks_of(turns_of(("agent", "Ячейка оплачена до десятого января, продлить можно в приложении.")))
    assert pairs(paid_up) == [("product_expiry", "2027-01-10")]
    lease = tasks_of(turns_of(("customer", "My van lease runs out on the third of March, what are my options?")), "en")
    assert pairs(lease) == [("product_expiry", "2027-03-03")]
    english_box = tasks_of(turns_of(("customer", "The safety deposit box rental expires on the ninth of April.")), "en")
    assert pairs(english_box) == [("product_expiry", "2027-04-09")]


def test_threat_with_a_condition_on_the_bank_is_churn_with_its_deadline() -> None:
    card = tasks_of(turns_of(("customer", "Если до десятого декабря вы не вернёте комиссию, я счёт у вас закрою.")))
    assert pairs(card) == [("churn_risk", "2026-12-10")]
    rival = tasks_of(
        turns_of(
            ("customer", "В соседнем банке кредитку дают без платы за обслуживание. Не уберёте плату — перейду туда.")
        )
    )
    assert [t.type for t in rival] == ["churn_risk"]
    english = tasks_of(
        turns_of(
            (
                "customer",
                "Unless you waive the fee by the end of the month, I'll take my savings and salary account elsewhere.",
            )
        ),
        "en",
    )
    assert pairs(english) == [("churn_risk", "2026-11-30")]


def test_a_promise_to_close_a_loan_is_no_threat() -> None:
    tasks = tasks_of(turns_of(("customer", "Если премию не задержат, кредит закрою до двадцатого декабря.")))
    assert "churn_risk" not in [t.type for t in tasks]


def test_reminder_a_couple_of_days_before_the_end_counts_from_the_end_date() -> None:
    tasks = tasks_of(
        turns_of(
            ("agent", "Ваш вклад истекает двадцатого декабря, а проценты начисляются первого числа."),
            ("customer", "Наберите меня за пару дней до окончания, хорошо?"),
        )
    )
    assert pairs(tasks) == [("deposit_maturity", "2026-12-20"), ("callback", "2026-12-18")]
    english = tasks_of(
        turns_of(
            ("agent", "Your fixed saver matures on the twentieth of December."),
            ("customer", "Could you call me a couple of days before it matures?"),
        ),
        "en",
    )
    assert pairs(english) == [("deposit_maturity", "2026-12-20"), ("callback", "2026-12-18")]


def test_asking_for_someone_to_get_in_touch_is_a_callback() -> None:
    tasks = tasks_of(turns_of(("agent", "Я попрошу специалиста по ипотеке связаться с вами в пятницу.")))
    assert pairs(tasks) == [("callback", "2026-11-27")]


def test_until_which_day_question_takes_the_answer_as_the_end() -> None:
    tasks = tasks_of(
        turns_of(("customer", "А накопительный вклад у меня до какого числа?"), ("agent", "До третьего марта."))
    )
    assert pairs(tasks) == [("deposit_maturity", "2027-03-03")]


def test_the_day_a_notice_is_sent_is_neither_the_end_nor_the_callback() -> None:
    english = tasks_of(
        turns_of(
            ("agent", "Your fixed saver matures on the twelfth of January, the renewal notice goes out on the first.")
        ),
        "en",
    )
    assert pairs(english) == [("deposit_maturity", "2027-01-12")]
    russian = tasks_of(
        turns_of(
            (
                "agent",
                "Ваш вклад заканчивается двенадцатого января, уведомление придёт первого, а я позвоню вам пятого.",
            )
        )
    )
    assert pairs(russian) == [("deposit_maturity", "2027-01-12"), ("callback", "2026-12-05")]
    renewal = tasks_of(turns_of(("customer", "My home insurance is up for renewal on the twelfth of January.")), "en")
    assert pairs(renewal) == [("product_expiry", "2027-01-12")]


def test_a_part_of_a_month_gives_way_only_to_a_day_in_that_part() -> None:
    split = tasks_of(turns_of(("customer", "Первую половину внесу в понедельник, вторую в конце декабря.")))
    assert pairs(split) == [("payment_promise", "2026-11-30"), ("payment_promise", "2026-12-31")]
    same = tasks_of(turns_of(("customer", "В конце декабря внесу, сделаю это двадцать восьмого декабря.")))
    assert pairs(same) == [("payment_promise", "2026-12-28")]


def test_a_callback_the_day_before_counts_back_one_day() -> None:
    russian = tasks_of(
        turns_of(("agent", "Записала вас на визит в отделение в пятницу, четвёртого декабря. Я вам накануне позвоню."))
    )
    assert pairs(russian) == [("callback", "2026-12-03")]
    english = tasks_of(
        turns_of(
            ("agent", "Your appointment is on Friday the fourth of December. I'll ring you the day before to confirm.")
        ),
        "en",
    )
    assert pairs(english) == [("callback", "2026-12-03")]


def test_a_past_renewal_does_not_make_the_new_end_in_the_same_sentence_past() -> None:
    renewed = tasks_of(
        turns_of(("agent", "Вы продлили ячейку двадцатого ноября, новый срок аренды — до двадцатого мая."))
    )
    assert pairs(renewed) == [("product_expiry", "2027-05-20")]
    schedule = tasks_of(
        turns_of(("customer", "Я внесла платёж двадцатого ноября, следующий платёж по графику двадцатого декабря."))
    )
    assert pairs(schedule) == []
