"""Products that end under other names, anchors counted back from an end, and English exits with no
deadline (issue 12, the dates11 batch's misses written in new wording)."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_a_telecom_contract_named_in_the_genitive_ends() -> None:
    lines = [("customer", "Договор мобильной связи у меня истекает десятого декабря, хочу понять условия.")]
    assert ("product_expiry", "2026-12-10") in pairs(tasks_of(lines))


def test_a_network_contract_ends_in_english() -> None:
    lines = [("customer", "My network contract runs out on the fifth of February.")]
    assert ("product_expiry", "2027-02-05") in pairs(tasks_of(lines, "en"))


def test_thinking_of_moving_to_a_rival_is_churn() -> None:
    lines = [
        ("customer", "Your rates went up again and a friend's bank pays more, so I'm considering moving."),
        ("agent", "I understand. I'll pass this on."),
    ]
    assert ("churn_risk", None) in pairs(tasks_of(lines, "en"))


def test_might_switch_is_churn_but_moving_money_between_own_accounts_is_not() -> None:
    assert ("churn_risk", None) in pairs(
        tasks_of([("customer", "Honestly I might switch, the app keeps crashing.")], "en")
    )
    lines = [("customer", "I'm thinking of moving it to the savings account next month.")]
    assert ("churn_risk", None) not in pairs(tasks_of(lines, "en"))


def test_the_week_before_the_deposit_matures_is_no_second_maturity() -> None:
    lines = [
        ("agent", "Your savings bond matures on the twentieth of January."),
        ("customer", "Could someone ring me the week before it matures?"),
        ("agent", "Sure, we'll phone you on the thirteenth of January."),
    ]
    found = pairs(tasks_of(lines, "en"))
    assert [p for p in found if p[0] == "deposit_maturity"] == [("deposit_maturity", "2027-01-20")]
    assert ("callback", "2027-01-13") in found


def test_a_slip_owned_up_to_with_vru_is_corrected() -> None:
    lines = [("customer", "Подписка у меня действует до пятого марта. Хотя нет, вру, до восьмого.")]
    assert pairs(tasks_of(lines)) == [("product_expiry", "2027-03-08")]


def test_a_past_told_in_a_clause_of_its_own_leaves_the_corrected_end_ahead() -> None:
    lines = [
        ("agent", "Абонемент в бассейн у вас заканчивается десятого февраля."),
        ("customer", "Нет, у меня до двадцатого февраля, я его тогда позже покупала."),
    ]
    assert ("product_expiry", "2027-02-20") in pairs(tasks_of(lines))


def test_a_relative_clause_between_the_product_and_its_end_verb_holds_no_subject() -> None:
    lines = [("agent", "Кредитная карта, с которой списывается оплата подписки, истекает в августе.")]
    assert ("product_expiry", "2027-08-01") in pairs(tasks_of(lines))
