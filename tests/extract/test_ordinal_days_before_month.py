"""An ordinal that is also a noun ("второе": a main course) names a day when a month follows it (issue 12, round
tasks11: "по второе марта включительно" was no date)."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of
from voc.extract.numbers import normalise_numbers


def test_second_of_a_month_in_the_nominative_is_a_day() -> None:
    lines = [("agent", "Полис каско действует по второе марта включительно.")]
    assert pairs(tasks_of(lines)) == [("product_expiry", "2027-03-02")]


def test_second_before_a_month_in_a_longer_sentence_is_a_day() -> None:
    lines = [("agent", "Страховка жилья у вас оплачена по второе февраля, потом продлится сама.")]
    assert pairs(tasks_of(lines)) == [("product_expiry", "2027-02-02")]


def test_second_before_a_noun_stays_a_word() -> None:
    assert normalise_numbers("на второе будет котлета", "ru").text == "на второе будет котлета"
