"""A bare day said after "the week before" is in the counted month; a bank's certificate is a savings one (issue 12,
round tasks13)."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_a_bare_day_after_the_anchor_is_in_the_counted_month() -> None:
    lines = [
        ("agent", "Your bonds are redeemed on the 15th of January."),
        ("customer", "Give me a ring the week before, say the 8th."),
    ]
    # the next 8th after the call is in December; the week before the 15th of January is the 8th of January
    assert pairs(tasks_of(lines, "en")) == [("callback", "2027-01-08"), ("product_expiry", "2027-01-15")]
    lines = [
        ("agent", "Облигации погашаются пятнадцатого января."),
        ("customer", "Наберите меня за неделю до погашения, восьмого."),
    ]
    assert pairs(tasks_of(lines)) == [("callback", "2027-01-08"), ("product_expiry", "2027-01-15")]


def test_a_full_date_after_the_anchor_keeps_its_own_month() -> None:
    lines = [
        ("agent", "Your bonds are redeemed on the 15th of January."),
        ("customer", "Give me a ring the week before, on the 8th of December."),
    ]
    assert ("callback", "2026-12-08") in pairs(tasks_of(lines, "en"))


def test_a_certificate_term_ends_like_a_deposit_but_a_gift_certificate_does_not() -> None:
    lines = [("agent", "Срок по вашему сертификату — до девятого декабря, потом проценты не начисляются.")]
    assert pairs(tasks_of(lines)) == [("deposit_maturity", "2026-12-09")]
    lines = [("agent", "Подарочный сертификат действует до девятого декабря.")]
    assert "deposit_maturity" not in [kind for kind, _ in pairs(tasks_of(lines))]


def test_the_end_of_next_week_is_its_friday() -> None:
    # the call is on Wednesday 25 November: this week's Friday is the 27th, next week's the 4th of December
    assert pairs(tasks_of([("customer", "Оплачу к концу следующей недели.")])) == [("payment_promise", "2026-12-04")]
    assert pairs(tasks_of([("customer", "Оплачу до конца недели.")])) == [("payment_promise", "2026-11-27")]
    lines = [("agent", "When can you pay?"), ("customer", "End of next week, the 4th probably.")]
    assert pairs(tasks_of(lines, "en")) == [("payment_promise", "2026-12-04")]
