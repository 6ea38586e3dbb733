"""Whatever the customer holds under a term ends like a product: any contract, a package, an option, a permit, an
add-on; a service switched off or a bond redeemed ends too (issue 12, round tasks13)."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_any_contract_said_until_a_day_ends() -> None:
    lines = [("customer", "Договор на вывоз мусора у меня до тридцать первого января.")]
    assert pairs(tasks_of(lines)) == [("product_expiry", "2027-01-31")]


def test_agreeing_is_no_contract() -> None:
    lines = [("agent", "Договорились, позвоню седьмого декабря.")]
    assert pairs(tasks_of(lines)) == [("callback", "2026-12-07")]


def test_a_permit_ends() -> None:
    lines = [("agent", "Ваше разрешение на парковку у дома заканчивается пятого декабря.")]
    assert pairs(tasks_of(lines)) == [("product_expiry", "2026-12-05")]


def test_a_package_runs_until_its_day_but_a_pack_of_documents_is_no_product() -> None:
    assert pairs(tasks_of([("agent", "Пакет минут действует до десятого декабря включительно.")])) == [
        ("product_expiry", "2026-12-10")
    ]
    lines = [("agent", "Пакет документов нужно подать до десятого декабря.")]
    assert "product_expiry" not in [kind for kind, _ in pairs(tasks_of(lines))]


def test_an_option_connected_until_a_day_ends() -> None:
    lines = [("agent", "Опция «Кэшбэк плюс» подключена у вас до конца декабря.")]
    assert pairs(tasks_of(lines)) == [("product_expiry", "2026-12-31")]


def test_a_service_switched_off_ends() -> None:
    assert pairs(tasks_of([("agent", "Ваш пакет услуг будет отключён первого декабря.")])) == [
        ("product_expiry", "2026-12-01")
    ]
    lines = [("agent", "Your roaming pass is switched off on the 3rd of December.")]
    assert pairs(tasks_of(lines, "en")) == [("product_expiry", "2026-12-03")]


def test_redeemed_bonds_and_a_contract_that_is_up_end() -> None:
    assert pairs(tasks_of([("agent", "Your corporate bonds are redeemed on the 20th of December.")], "en")) == [
        ("product_expiry", "2026-12-20")
    ]
    lines = [("agent", "The contract on your alarm system is up on the 14th of January.")]
    assert pairs(tasks_of(lines, "en")) == [("product_expiry", "2027-01-14")]


def test_the_grace_period_on_a_product_is_no_product_end() -> None:
    lines = [("agent", "The grace period on your credit card ends on the 30th.")]
    assert "product_expiry" not in [kind for kind, _ in pairs(tasks_of(lines, "en"))]


def test_a_renewal_paid_for_is_the_payment_not_an_end() -> None:
    lines = [
        ("customer", "My data add-on runs out on the 10th of December. I'll pay for the renewal on Friday."),
        ("agent", "Noted, renewal payment on Friday the 27th."),
    ]
    assert pairs(tasks_of(lines, "en")) == [("payment_promise", "2026-11-27"), ("product_expiry", "2026-12-10")]


def test_an_unquoted_name_after_the_package_before_the_card() -> None:
    lines = [("agent", "Пакет услуг Комфорт по вашей карте заканчивается двенадцатого декабря.")]
    assert pairs(tasks_of(lines)) == [("product_expiry", "2026-12-12")]


def test_an_adverb_is_no_subject_of_the_end() -> None:
    lines = [("agent", "Вклад у вас открыт на год, ровно до девятого декабря, потом он закрывается.")]
    assert pairs(tasks_of(lines)) == [("deposit_maturity", "2026-12-09")]


def test_a_membership_stops_being_in_force() -> None:
    lines = [("agent", "Ваше членство в клубе прекращает действие двадцатого декабря.")]
    assert pairs(tasks_of(lines)) == [("product_expiry", "2026-12-20")]


def test_a_fee_is_money_owed_for_a_transfer_promise() -> None:
    lines = [("agent", "Внесите абонентскую плату до двадцатого."), ("customer", "Хорошо, восемнадцатого переведу.")]
    assert pairs(tasks_of(lines)) == [("payment_promise", "2026-12-18")]


def test_having_a_loan_paid_off_by_a_day_is_a_promise() -> None:
    lines = [("customer", "I'll have the loan paid off by the 12th.")]
    assert pairs(tasks_of(lines, "en")) == [("payment_promise", "2026-12-12")]


def test_thinking_of_closing_an_account_is_churn() -> None:
    lines = [("customer", "Думаю закрыть у вас счёт, надоели комиссии.")]
    assert pairs(tasks_of(lines)) == [("churn_risk", None)]


def test_a_day_on_duty_is_ruled_out_for_the_call_back() -> None:
    lines = [("agent", "Перезвоню вам в четверг."), ("customer", "Лучше в пятницу, в четверг я на дежурстве.")]
    assert pairs(tasks_of(lines)) == [("callback", "2026-11-27")]


def test_a_card_that_stops_working_ends() -> None:
    lines = [("agent", "Ваша карта перестанет работать тридцатого ноября, новую привезут курьером.")]
    assert pairs(tasks_of(lines)) == [("product_expiry", "2026-11-30")]


def test_a_membership_that_terminates_and_a_fixed_rate_that_comes_off_end() -> None:
    assert pairs(tasks_of([("agent", "Your gym membership terminates on the 5th of January.")], "en")) == [
        ("product_expiry", "2027-01-05")
    ]
    lines = [("agent", "The fixed rate on your mortgage comes off on the 31st of January.")]
    assert pairs(tasks_of(lines, "en")) == [("product_expiry", "2027-01-31")]


def test_a_contract_sent_or_a_permit_reviewed_by_a_day_is_no_end() -> None:
    assert pairs(tasks_of([("agent", "Договор мы вам отправим до пятого декабря на почту.")])) == []
    assert pairs(tasks_of([("agent", "We'll send the contract over by the 3rd of December.")], "en")) == []
    lines = [("agent", "Your permit application will be reviewed by the 10th of December.")]
    assert pairs(tasks_of(lines, "en")) == []


def test_an_end_said_before_a_request_to_call_still_ends() -> None:
    lines = [("customer", "мне надо продлить договор он у меня до седьмого декабря перезвоните мне завтра")]
    assert pairs(tasks_of(lines)) == [("callback", "2026-11-26"), ("product_expiry", "2026-12-07")]


def test_an_option_still_available_to_take_is_no_end() -> None:
    assert pairs(tasks_of([("agent", "Опция доступна для подключения до конца декабря.")])) == []


def test_a_deadline_for_an_act_is_no_end() -> None:
    assert pairs(tasks_of([("agent", "Вклад можно пополнять до первого декабря.")])) == []
    lines = [("agent", "Опцию можно отключить в любой момент, например, до пятого декабря, тогда плата не спишется.")]
    assert pairs(tasks_of(lines)) == []


def test_the_offers_clause_of_two_ends_is_its_deadline() -> None:
    lines = [("agent", "Your data add-on is valid until the 20th, and the promo on add-ons ends on the 1st.")]
    assert pairs(tasks_of(lines, "en")) == [("product_expiry", "2026-12-20")]


def test_a_pack_of_documents_in_any_case_is_no_product() -> None:
    lines = [("agent", "С пакетом документов приходите до пятого декабря, договор действует до двадцатого января.")]
    assert pairs(tasks_of(lines)) == [("product_expiry", "2027-01-20")]
