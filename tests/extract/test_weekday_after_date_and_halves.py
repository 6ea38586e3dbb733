"""A weekday said after the date it names adds no day of its own, and an agent's summary of two halves read as
"2 половина" restates the payment (issue 12, round tasks11)."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_a_weekday_after_its_own_date_is_that_date() -> None:
    # 4 December 2026 is a Friday; "в пятницу" alone would be 27 November
    lines = [
        ("agent", "По карте долг пять тысяч. Когда внесёте?"),
        ("customer", "Ладно, четвёртого, в пятницу, внесу."),
    ]
    assert pairs(tasks_of(lines)) == [("payment_promise", "2026-12-04")]


def test_a_weekday_that_is_not_the_dates_stays_apart() -> None:
    # 3 December 2026 is a Thursday: "в пятницу" is another day, the next Friday
    lines = [("customer", "Третьего не смогу, в пятницу внесу.")]
    assert pairs(tasks_of(lines)) == [("payment_promise", "2026-11-27")]


def test_a_summary_of_two_halves_restates_both() -> None:
    lines = [
        ("customer", "По кредиту половину внесу завтра, а вторую половину десятого декабря."),
        ("agent", "Десятого поздно. Сможете до седьмого?"),
        ("customer", "Ладно, тогда седьмого."),
        ("agent", "Итак: половина двадцать шестого ноября, вторая половина седьмого декабря."),
    ]
    assert pairs(tasks_of(lines)) == [("payment_promise", "2026-11-26"), ("payment_promise", "2026-12-07")]
