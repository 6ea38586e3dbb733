"""The bank reading back every end it holds corrects the one the customer doubted and keeps the others (issue 12,
round tasks11)."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_a_doubted_end_corrected_inside_a_list_keeps_both_ends() -> None:
    lines = [
        ("customer", "У меня полис каско и ОСАГО. Каско вроде до пятого января?"),
        ("agent", "Нет, по нашим данным каско до восьмого января, а ОСАГО заканчивается двадцатого марта."),
    ]
    assert pairs(tasks_of(lines)) == [("product_expiry", "2027-01-08"), ("product_expiry", "2027-03-20")]


def test_an_english_list_read_back_replaces_each_end_it_restates() -> None:
    lines = [
        ("customer", "My rouble deposit ends on the 3rd of February and the dollar one in April, I believe."),
        (
            "agent",
            "Our records say the rouble deposit matures on the 6th of February,"
            " and the dollar one on the 9th of April.",
        ),
    ]
    assert pairs(tasks_of(lines, "en")) == [("deposit_maturity", "2027-02-06"), ("deposit_maturity", "2027-04-09")]


def test_a_plain_correction_still_moves_one_end() -> None:
    lines = [
        ("customer", "Каско у меня до пятого января, так?"),
        ("agent", "Нет, по нашим данным до восьмого января."),
    ]
    assert pairs(tasks_of(lines)) == [("product_expiry", "2027-01-08")]
