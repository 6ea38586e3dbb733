"""Tariff plans and service packages end like contracts, and more ways to say a term runs out (issue 12, round
tasks10: dev10's product ends in new wording)."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_a_tariff_plan_withdrawn_on_a_day_is_an_end() -> None:
    lines = [
        ("customer", "Мне сказали, что тарифный план «Семейный» закрывают. До какого числа он у меня?"),
        ("agent", "Обслуживание по нему прекращается пятнадцатого января."),
    ]
    assert pairs(tasks_of(lines)) == [("product_expiry", "2027-01-15")]


def test_a_service_package_that_works_until_a_day_ends_then() -> None:
    lines = [("agent", "Ваш пакет услуг «Бизнес» действует до двадцать восьмого февраля, потом его нужно продлить.")]
    assert pairs(tasks_of(lines)) == [("product_expiry", "2027-02-28")]


def test_a_term_that_runs_out_ends_the_policy() -> None:
    lines = [
        ("customer", "Когда у меня кончается страховка квартиры?"),
        ("agent", "Срок полиса выходит третьего марта."),
    ]
    assert pairs(tasks_of(lines)) == [("product_expiry", "2027-03-03")]


def test_a_generic_vykhodit_is_no_end() -> None:
    lines = [("agent", "По вашему полису выходит дешевле продлить до третьего марта, чем оформлять новый.")]
    assert [kind for kind, _ in pairs(tasks_of(lines))] == []


def test_an_english_calling_plan_ends_on_its_day() -> None:
    lines = [("agent", "Your calling plan ends on the thirtieth of January, after that you move to pay as you go.")]
    assert pairs(tasks_of(lines, "en")) == [("product_expiry", "2027-01-30")]


def test_a_plan_that_starts_on_a_day_does_not_end_on_it() -> None:
    lines = [("agent", "Могу подключить вам тарифный план без абонентской платы, он действует с первого декабря.")]
    assert pairs(tasks_of(lines)) == []


def test_porting_the_number_away_unless_the_price_drops_is_churn_with_its_deadline() -> None:
    lines = [
        ("customer", "If nothing better turns up by Friday, I'm porting my number to another network."),
    ]
    assert pairs(tasks_of(lines, "en")) == [("churn_risk", "2026-11-27")]


def test_leaving_for_another_venue_by_a_deadline_is_churn() -> None:
    lines = [("customer", "Если до пятницы не разблокируете выплаты, я ухожу на другую платформу.")]
    assert pairs(tasks_of(lines)) == [("churn_risk", "2026-11-27")]


def test_moving_to_a_plan_of_the_same_bank_is_no_churn() -> None:
    lines = [("customer", "Если можно, перейду на другой тариф с первого декабря.")]
    assert [kind for kind, _ in pairs(tasks_of(lines))] == []


def test_refinancing_with_the_rival_just_named_is_churn() -> None:
    lines = [
        ("customer", "Соседний банк даёт ипотеку под девять процентов."),
        ("customer", "Если до конца года ставку не снизите, рефинансируюсь у них."),
    ]
    assert pairs(tasks_of(lines)) == [("churn_risk", "2026-12-31")]


def test_moving_savings_to_another_fund_is_churn() -> None:
    lines = [("customer", "Доходность смешная, думаю перевести пенсионные накопления в другой фонд.")]
    assert pairs(tasks_of(lines)) == [("churn_risk", None)]


def test_the_customers_own_contract_ends_whatever_it_covers() -> None:
    lines = [("agent", "Ваш договор на вывоз мусора действует до тридцать первого января.")]
    assert pairs(tasks_of(lines)) == [("product_expiry", "2027-01-31")]


def test_an_english_annuity_contract_runs_until_its_day() -> None:
    lines = [("customer", "My annuity contract runs until the tenth of February, what are my options?")]
    assert pairs(tasks_of(lines, "en")) == [("product_expiry", "2027-02-10")]


def test_a_credit_line_named_by_its_adjective_ends() -> None:
    lines = [("agent", "Ваша кредитная линия для бизнеса заканчивается двадцатого декабря.")]
    assert pairs(tasks_of(lines)) == [("product_expiry", "2026-12-20")]


def test_a_deferment_on_a_loan_is_no_end_of_the_loan() -> None:
    lines = [("customer", "У меня по кредиту отсрочка, она заканчивается двадцатого декабря.")]
    assert pairs(tasks_of(lines)) == []
