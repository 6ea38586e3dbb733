"""Round tasks12 (issue 12): paid access to a course or platform and a factoring contract end like products."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_access_to_a_course_runs_out() -> None:
    lines = [("agent", "Ваш доступ к платформе с уроками английского действует до 31 марта, потом можно продлить.")]
    assert pairs(tasks_of(lines)) == [("product_expiry", "2027-03-31")]


def test_english_access_to_the_course_ends() -> None:
    lines = [("agent", "Your access to the course ends on the 15th of January.")]
    assert pairs(tasks_of(lines, "en")) == [("product_expiry", "2027-01-15")]


def test_a_factoring_contract_ends() -> None:
    lines = [("agent", "Сам договор факторинга действует до 28 февраля, продлевать будете?")]
    assert pairs(tasks_of(lines)) == [("product_expiry", "2027-02-28")]


def test_access_restored_by_a_day_is_no_end() -> None:
    lines = [("agent", "Доступ к урокам мы восстановим до пятницы.")]
    assert [t for t in pairs(tasks_of(lines)) if t[0] == "product_expiry"] == []
