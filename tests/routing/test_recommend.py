from __future__ import annotations

import pytest

from tests.routing.helpers import customer, deposit_ending_in, signals, text_signals
from voc.routing.policy import DEFAULT_POLICY_PATH, Policy, load_policy, parse_policy
from voc.routing.recommend import recommend_route


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(DEFAULT_POLICY_PATH)


def test_angry_customer_threatening_to_leave_goes_to_senior_retention(policy: Policy) -> None:
    s = signals(
        text="я закрою счёт и уйду к конкурентам",
        text_signals=text_signals("negative", -0.8, ("threat_to_leave", "complaint")),
        customer=customer(),
        prosody={"pitch": 2.5, "loudness": 2.0, "rate": 1.0},
    )
    d = recommend_route(s, policy)
    assert (d.queue, d.priority, d.rule) == ("retention_senior", 1, "angry_threat_to_leave")
    assert d.skills == ("retention", "senior")
    assert d.emotion.label == "angry"
    assert any(r.startswith("emotion angry") for r in d.reasons)
    assert any("cue threat_to_leave" in r for r in d.reasons)
    assert "open_complaint" in d.also_matched


def test_threat_to_leave_is_also_caught_by_words_when_no_cue_engine_found_it(policy: Policy) -> None:
    s = signals(
        text="Хочу расторгнуть договор", text_signals=text_signals("negative", -0.6), customer=customer()
    )
    d = recommend_route(s, policy)
    assert d.queue == "retention_senior"
    assert "the caller said 'расторгнуть договор'" in d.reasons


def test_calm_customer_with_threat_words_is_not_senior_retention(policy: Policy) -> None:
    s = signals(text="как закрыть счёт", text_signals=text_signals("neutral", 0.0), customer=customer())
    assert recommend_route(s, policy).queue == "general"


def test_deposit_maturing_within_14_days_goes_to_deposits(policy: Policy) -> None:
    d = recommend_route(signals(customer=customer(products_ending=(deposit_ending_in(5),))), policy)
    assert (d.queue, d.priority) == ("deposits", 3)
    assert "Вклад Надёжный ends 2026-11-30 (in 5 days)" in d.reasons


def test_deposit_maturing_later_or_already_ended_does_not(policy: Policy) -> None:
    for days in (40, -3):
        d = recommend_route(signals(customer=customer(products_ending=(deposit_ending_in(days),))), policy)
        assert d.queue == "general", days


def test_open_complaint_goes_to_complaints_desk(policy: Policy) -> None:
    d = recommend_route(signals(customer=customer(open_tasks=("callback", "complaint"))), policy)
    assert (d.queue, d.rule) == ("complaints", "open_complaint")
    assert "open complaint task" in d.reasons


def test_fraud_words_go_to_security_even_before_profile_rules(policy: Policy) -> None:
    s = signals(
        text="с карты списали деньги, я не переводил, это мошенники",
        customer=customer(open_tasks=("complaint",), products_ending=(deposit_ending_in(3),)),
    )
    d = recommend_route(s, policy)
    assert (d.queue, d.priority) == ("fraud_security", 1)
    assert {"open_complaint", "deposit_maturing"} <= set(d.also_matched)


def test_fraud_in_english_and_by_ivr_menu(policy: Policy) -> None:
    assert (
        recommend_route(signals(text="my card was stolen", customer=customer()), policy).queue
        == "fraud_security"
    )
    by_menu = signals(text="", ivr_path=("main", "block_card"), customer=customer())
    assert recommend_route(by_menu, policy).queue == "fraud_security"


def test_unknown_customer_gets_the_default_queue(policy: Policy) -> None:
    s = signals(
        text="хочу узнать про вклад", text_signals=text_signals("negative", -0.7, ("threat_to_leave",))
    )
    d = recommend_route(s, policy)
    assert (d.queue, d.rule) == ("general", "unknown_customer")


def test_nothing_matches_gives_policy_default(policy: Policy) -> None:
    d = recommend_route(signals(text="баланс", customer=customer()), policy)
    assert (d.queue, d.priority, d.rule) == ("general", 4, None)
    assert d.reasons == ("no rule matched: default queue",)
    assert d.policy_version == policy.full_version


def test_high_churn_risk_with_bad_last_contact_goes_to_retention(policy: Policy) -> None:
    c = customer(churn_risk=0.85, last_contact_sentiment="negative")
    d = recommend_route(signals(customer=c), policy)
    assert (d.queue, d.priority) == ("retention", 2)
    assert "churn risk 0.85 (>= 0.7)" in d.reasons


def test_first_matching_rule_wins_in_file_order() -> None:
    text = """
version: order
default: {queue: general, priority: 5}
rules:
  - {name: a, reason: first, when: {known_customer: true}, route: {queue: qa, priority: 3}}
  - {name: b, reason: second, when: {known_customer: true}, route: {queue: qb, priority: 1}}
"""
    d = recommend_route(signals(customer=customer()), parse_policy(text))
    assert (d.queue, d.rule, d.also_matched) == ("qa", "a", ("b",))


def test_voice_z_condition_and_not() -> None:
    text = """
version: voice
default: {queue: general, priority: 5}
rules:
  - name: loud_but_not_fraud
    reason: raised voice
    when: {all: [{voice_z_at_least: {loudness: 2.0}}, {not: {text_matches: [fraud]}}]}
    route: {queue: calm_down, priority: 2}
"""
    policy = parse_policy(text)
    loud = signals(text="hello", prosody={"loudness": 2.4}, customer=customer())
    d = recommend_route(loud, policy)
    assert d.queue == "calm_down"
    assert "voice loudness z 2.4 (>= 2)" in d.reasons
    assert recommend_route(signals(text="fraud!", prosody={"loudness": 2.4}), policy).queue == "general"
    assert recommend_route(signals(text="hello", prosody={"loudness": 1.0}), policy).queue == "general"


@pytest.mark.parametrize(
    ("utterance", "queue"),
    [
        ("Я хочу закрыть все счета, третий раз звоню, позовите руководителя", "retention_senior"),
        ("Третий раз звоню по одному и тому же вопросу, соедините с руководителем", "senior_agents"),
        ("Позовите руководителя, я напишу жалобу", "senior_agents"),
        ("I'm closing my account, this is the third time I'm calling", "retention_senior"),
        ("Хочу узнать остаток по карте", "general"),
    ],
)
def test_ivr_utterances_through_the_real_text_signals(policy: Policy, utterance: str, queue: str) -> None:
    """The lexical analyzer the IVR path uses by default, with no hand-built signals."""
    from voc.routing.engines import lexical_text_analyzer

    analyze = lexical_text_analyzer()
    d = recommend_route(signals(text=utterance, text_signals=analyze(utterance, None), customer=customer()), policy)
    assert d.queue == queue, d.reasons
