"""Round tasks12 (issue 12): a sum split into dated parts is a payment plan without a verb of paying: the
customer's "Три тысячи в пятницу, остальное ..." and the agent's summary of the parts."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_the_customers_parts_with_the_rest() -> None:
    lines = [
        ("agent", "По рассрочке за диван просрочка шесть тысяч. С первого декабря начислим пени."),
        ("customer", "Сразу не получится. Три тысячи в пятницу, остальное четвёртого декабря."),
    ]
    assert pairs(tasks_of(lines)) == [("payment_promise", "2026-11-27"), ("payment_promise", "2026-12-04")]


def test_the_agents_summary_of_first_and_second_part() -> None:
    lines = [
        ("agent", "За интернет долг две тысячи четыреста."),
        ("customer", "Частями. Половину в пятницу, остальное через неделю после."),
        ("agent", "То есть первая часть двадцать седьмого ноября, вторая четвёртого декабря?"),
        ("customer", "Да."),
    ]
    assert pairs(tasks_of(lines)) == [("payment_promise", "2026-11-27"), ("payment_promise", "2026-12-04")]


def test_the_agents_record_of_two_sums_with_days() -> None:
    lines = [
        ("agent", "Your phone bill of three hundred pounds is overdue."),
        ("customer", "I can do some on Friday and the rest later."),
        ("agent", "All right, 120 pounds on Friday the 27th and 180 pounds on the 4th of December."),
    ]
    assert pairs(tasks_of(lines, "en")) == [("payment_promise", "2026-11-27"), ("payment_promise", "2026-12-04")]


def test_a_sum_and_the_rest_of_a_story_is_no_plan() -> None:
    # the bank's charge, not the customer's plan: no "остальное" with a day
    lines = [("customer", "Пять тысяч в понедельник списали, остальное не знаю куда делось.")]
    assert [t for t in pairs(tasks_of(lines)) if t[0] == "payment_promise"] == []
