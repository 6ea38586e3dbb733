"""What a manager wants from a call, read from the turns and tasks: reason, outcome, open items, mood.

No model: the reason is the customer's own sentence that states the matter, the outcome and open
items come from the tasks, the mood from the emotion stage (or from the words when it did not run).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from voc.extract.tasks import format_amount, format_date
from voc.schemas import CustomerState, Task, Turn

GREETING = re.compile(
    r"^(?:\W*(?:алло|але|здравствуйте|добрый (?:день|вечер)|доброе утро|да|hi|hello|good (?:morning|afternoon)"
    r"|yes|hey)\b[\s,.!]*)+",
    re.IGNORECASE,
)
MATTER = re.compile(
    r"хоч|хотел|хотела|по поводу|по вопросу|узна|уточн|не могу|не работает|списал|заблок|вклад|депозит|"
    r"кредит|карт|ипотек|полис|страхов|жалоб|перезвон|заканчива|долг|задолж|плат|"
    r"\bwant|would like|calling about|\bneed|can't|cannot|complain|deposit|savings|card|loan|mortgage|"
    r"insurance|policy|pay|refund|charged",
    re.IGNORECASE,
)
WANT = re.compile(r"хоч|хотел|узна|уточн|по поводу|по вопросу|\bwant|would like|calling about|\bneed", re.IGNORECASE)
GRATITUDE = re.compile(
    r"(?:спасибо|благодарю)\s+(?:большое|огромное|вам большое)|очень помогли|отлично|"
    r"thank you so much|thanks a lot|great|perfect|really helpful",
    re.IGNORECASE,
)
OUTBOUND = re.compile(r"\bзвоню\b|\bi'm calling\b|\bi am calling\b|\bwe're calling\b", re.IGNORECASE)
ANGER = re.compile(
    r"безобраз|возмутит|достал|надоел|третий раз|сколько можно|unacceptable|ridiculous|third time|fed up",
    re.IGNORECASE,
)
REGISTERED = re.compile(r"оформ|зарегистр|зафиксир|передам|registered|logged|raised|escalat", re.IGNORECASE)


@dataclass
class CallFacts:
    reason: str | None
    outbound: bool = False
    agreed: list[str] = field(default_factory=list)
    open_items: list[str] = field(default_factory=list)
    mood: str = ""


def read_facts(
    turns: Sequence[Turn], tasks: Sequence[Task], customer: CustomerState | None, language: str
) -> CallFacts:
    lang = "ru" if language.startswith("ru") else "en"
    agreed, open_items = _outcome(turns, tasks, lang)
    return CallFacts(
        reason=_reason(turns, tasks, lang),
        outbound=_outbound_purpose(turns) is not None,
        agreed=agreed,
        open_items=open_items,
        mood=_mood(turns, customer, lang),
    )


def _reason(turns: Sequence[Turn], tasks: Sequence[Task], lang: str) -> str | None:
    outbound = _outbound_purpose(turns)
    if outbound:
        return outbound
    sentences = [
        s.strip() for t in turns if t.speaker == "customer" for s in re.split(r"(?<=[.!?])\s+", t.text) if s.strip()
    ]
    quoted = {t.evidence.quote.strip() for t in tasks if t.type not in ("complaint", "churn_risk")}
    for sentence in sentences[:3]:
        if sentence in quoted:
            return _clip(GREETING.sub("", sentence).strip())
    for pattern in (WANT, MATTER):
        for sentence in sentences[:4]:
            cleaned = GREETING.sub("", sentence).strip()
            if len(cleaned.split()) >= 3 and pattern.search(cleaned):
                return _clip(cleaned)
    first = next((GREETING.sub("", s).strip() for s in sentences if len(s.split()) >= 3), None)
    return _clip(first) if first else None


def _outbound_purpose(turns: Sequence[Turn]) -> str | None:
    """The bank called: the agent's first turn says why ("звоню напомнить", "I'm calling about")."""
    if not turns or turns[0].speaker != "agent":
        return None
    for sentence in re.split(r"(?<=[.!?])\s+", turns[0].text):
        if OUTBOUND.search(sentence):
            return _clip(sentence.strip())
    return None


def _clip(text: str, limit: int = 160) -> str:
    text = text.rstrip(" .,;")
    text = text[0].upper() + text[1:] if text else text
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _outcome(turns: Sequence[Turn], tasks: Sequence[Task], lang: str) -> tuple[list[str], list[str]]:
    ru = lang == "ru"
    agreed: list[str] = []
    open_items: list[str] = []
    for task in tasks:
        when = format_date(task.due_date, lang) if task.due_date else None
        money = f" {format_amount(task.amount, lang)}" if task.amount else ""
        if task.type == "callback":
            if ru:
                agreed.append(f"перезвонить клиенту {when}" if when else "перезвонить клиенту")
            else:
                agreed.append(f"call the customer back on {when}" if when else "call the customer back")
        elif task.type == "payment_promise":
            if ru:
                agreed.append(f"клиент обещал оплатить{money} до {when}" if when else f"клиент обещал оплатить{money}")
            else:
                agreed.append(f"the customer promised to pay{money} by {when}" if when else "a promised payment")
        elif task.type == "complaint":
            registered = any(t.speaker == "agent" and REGISTERED.search(t.text) for t in turns)
            if registered:
                agreed.append("жалоба зарегистрирована" if ru else "the complaint was registered")
            open_items.append(task.title)
        else:
            open_items.append(task.title)
    return agreed, open_items


def _mood(turns: Sequence[Turn], customer: CustomerState | None, lang: str) -> str:
    ru = lang == "ru"
    words = {
        "negative": "недоволен" if ru else "unhappy",
        "neutral": "спокоен" if ru else "calm",
        "positive": "доволен" if ru else "satisfied",
    }
    if customer is not None and customer.sentiment_end is not None:
        end = words[customer.sentiment_end]
        start = words[customer.sentiment_start] if customer.sentiment_start else end
        if customer.trajectory != "steady" and start != end:
            mood = f"сначала {start}, к концу {end}" if ru else f"{start} at first, {end} by the end"
        else:
            mood = end
        if customer.escalate:
            mood += ", нужна эскалация" if ru else ", needs escalation"
        return mood
    customer_turns = [t for t in turns if t.speaker == "customer"]
    labels = [t.sentiment.label for t in customer_turns if t.sentiment is not None]
    if labels:
        return words[labels[-1]] if labels[-1] == labels[0] else f"{words[labels[0]]} → {words[labels[-1]]}"
    text = " ".join(t.text for t in customer_turns)
    cues = {c.kind for t in customer_turns for c in t.cues}
    if ANGER.search(text) or cues & {"threat_to_leave", "profanity", "escalation_request"}:
        return words["negative"]
    if customer_turns and GRATITUDE.search(customer_turns[-1].text):
        return words["positive"]
    return words["neutral"]


def compose_text(facts: CallFacts, language: str) -> str:
    """Two to four sentences in the call's language."""
    ru = language.startswith("ru")
    sentences = []
    if facts.reason:
        if facts.outbound:
            template = "Звонок банка: «{}»." if ru else "The bank called: “{}”."
        else:
            template = "Повод звонка: «{}»." if ru else "Reason for the call: “{}”."
        sentences.append(template.format(facts.reason))
    else:
        sentences.append("Причина звонка не ясна." if ru else "The reason for the call is unclear.")
    if facts.agreed:
        sentences.append(("Договорились: {}." if ru else "Agreed: {}.").format("; ".join(facts.agreed)))
    elif not facts.open_items:
        sentences.append("Договорённостей и открытых задач нет." if ru else "Nothing was agreed and nothing is open.")
    if facts.open_items:
        items = "; ".join(item[0].lower() + item[1:] for item in facts.open_items)
        sentences.append(("Открыто: {}." if ru else "Open: {}.").format(items))
    sentences.append(("Настроение клиента: {}." if ru else "Customer mood: {}.").format(facts.mood))
    return " ".join(sentences)
