"""Category and scorecard rules: the file's validation, and what they find in analysed conversations."""

from __future__ import annotations

import textwrap

import pytest

from voc.insights import DEFAULT_RULES_PATH, RuleFileError, apply_rules, load_rules, parse_rules
from voc.schemas import CallAnalysis, ConversationIn
from voc.stage_types import AnalyzeOptions

RULES = textwrap.dedent(
    """
    version: 1
    categories:
      - name: card_blocked
        label: Card blocked
        when:
          phrase: заблокировали карту
          speaker: customer
      - name: card_not_blocked
        label: Said the card is NOT blocked
        when:
          phrase: заблокировали карту
          negated: "yes"
      - name: blocked_and_upset_at_end
        label: Blocked card, unhappy at the end
        when:
          all:
            - phrase: [заблокировали карту, карта заблокирована]
            - sentiment: negative
              speaker: customer
              within: {last_pct: 30}
      - name: supervisor_early
        label: Supervisor in the first turns
        when:
          phrase: руководитель
          within: {first_s: 10}
    scorecards:
      - name: qa
        label: QA
        language: ru
        criteria:
          - name: greeted
            label: Greeted
            weight: 1
            when: {phrase: [здравствуйте, добрый день], speaker: agent, within: {first_pct: 25}}
          - name: closed
            label: Closed politely
            weight: 3
            when: {phrase: [до свидания, всего доброго], speaker: agent, within: {last_pct: 25}}
          - name: calm_with_upset
            label: Calm with an upset customer
            weight: 2
            applies_when: {emotion: [angry, irritated], speaker: customer}
            when: {not: {emotion: [angry, irritated], speaker: agent}}
    """
)


def conversation(*turns: tuple[str, str]) -> ConversationIn:
    return ConversationIn.model_validate({"language": "ru", "turns": [{"speaker": s, "text": t} for s, t in turns]})


@pytest.fixture(scope="module")
def blocked_card_call(analyzer) -> CallAnalysis:  # type: ignore[no-untyped-def]
    chat = conversation(
        ("agent", "Добрый день, банк слушает, чем могу помочь?"),
        ("customer", "Здравствуйте. Карта у меня заблокирована, уже второй день не могу ничем расплатиться."),
        ("agent", "Сейчас посмотрю. Да, карту заблокировали из-за подозрительной операции."),
        ("customer", "Это возмутительно, я буду жаловаться, почему меня никто не предупредил!"),
        ("agent", "Понимаю. Блокировку я сниму в течение часа."),
        ("customer", "Ужасный сервис, я очень недоволен."),
    )
    return analyzer.analyze_conversation(chat, AnalyzeOptions())


def test_phrase_matches_other_word_order_and_forms(blocked_card_call: CallAnalysis) -> None:
    found = apply_rules(blocked_card_call, parse_rules(RULES, "test"))
    names = {c.name: c for c in found.categories}
    # "заблокировали карту" in the rule; the customer said "Карта ... заблокирована"
    assert "card_blocked" in names
    point = names["card_blocked"].points[0]
    assert point.turn == 1 and point.speaker == "customer"
    assert point.text.lower().startswith("карта") and point.text.endswith("заблокирована")
    # the agent's "карту заблокировали" is not the customer's words
    assert all(p.speaker == "customer" for p in names["card_blocked"].points)
    assert "card_not_blocked" not in names
    assert "blocked_and_upset_at_end" in names
    assert "supervisor_early" not in names
    assert found.rules_version.startswith("1+")


def test_negated_phrase_is_not_a_match_unless_asked_for(analyzer) -> None:  # type: ignore[no-untyped-def]
    chat = conversation(
        ("agent", "Здравствуйте, чем могу помочь?"),
        ("customer", "Мне карту не заблокировали, хотя я просил, хочу чтобы её закрыли."),
    )
    result = analyzer.analyze_conversation(chat, AnalyzeOptions())
    names = {c.name for c in apply_rules(result, parse_rules(RULES, "test")).categories}
    assert "card_blocked" not in names
    assert "card_not_blocked" in names


def test_scorecard_weights_and_criteria_that_do_not_apply(blocked_card_call: CallAnalysis) -> None:
    found = apply_rules(blocked_card_call, parse_rules(RULES, "test"))
    card = found.scorecard
    assert card is not None
    by_name = {c.name: c for c in card.criteria}
    assert by_name["greeted"].passed is True and by_name["greeted"].points[0].turn == 0
    assert by_name["closed"].passed is False  # the agent never said goodbye
    customer = [t for t in blocked_card_call.turns if t.speaker == "customer"]
    customer_upset = any(t.emotion and t.emotion.label in {"angry", "irritated"} for t in customer)
    if customer_upset:
        assert by_name["calm_with_upset"].passed is True
        assert card.score == pytest.approx((1 + 2) / 6, abs=0.001)
    else:
        assert by_name["calm_with_upset"].passed is None
        assert card.score == pytest.approx(1 / 4, abs=0.001)


def test_no_scorecard_without_an_agent_or_for_another_language(blocked_card_call: CallAnalysis) -> None:
    rules = parse_rules(RULES, "test")
    customer_only = blocked_card_call.model_copy(
        update={"turns": [t for t in blocked_card_call.turns if t.speaker == "customer"]}
    )
    assert apply_rules(customer_only, rules).scorecard is None
    english = blocked_card_call.model_copy(update={"language": "en"})
    assert apply_rules(english, rules).scorecard is None


def test_default_rules_load_and_find_a_blocked_card_and_score_the_agent(blocked_card_call: CallAnalysis) -> None:
    rules = load_rules(DEFAULT_RULES_PATH)
    found = apply_rules(blocked_card_call, rules)
    names = {c.name for c in found.categories}
    assert {"card_blocked", "complaint"} <= names
    assert "deposits" not in names
    assert found.scorecard is not None and found.scorecard.name == "bank_qa_ru"


ONE = "version: 1\ncategories:\n  - name: x\n    label: X\n    when: "


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (ONE + "{}\n", "categories.0.when"),
        (ONE + "{phrase: a, sentiment: negative}\n", "when"),
        (ONE.replace("name: x", "name: Bad Name") + "{phrase: a}\n", "name"),
        (ONE + "{phrase: a, within: {first_s: 5, last_s: 5}}\n", "within"),
        (ONE + "{phrase: a}\n  - name: x\n    label: Y\n    when: {phrase: b}\n", "unique"),
        ("version: 1\nrules: []\n", "rules"),
        ("categories: []\n", "version"),
        ("version: 1\ncategories: [\n", "YAML"),
        ("- just a list\n", "mapping"),
    ],
)
def test_bad_rule_files_are_refused_with_the_place_named(text: str, where: str) -> None:
    with pytest.raises(RuleFileError) as err:
        parse_rules(text, "rules.yaml")
    assert str(err.value).startswith("rules.yaml: ")
    assert where in str(err.value)
