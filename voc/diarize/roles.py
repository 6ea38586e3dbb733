"""Which of two voices is the agent: scripted phrases in their words, then the call's structure.

Evidence, strongest first:
- metadata: the caller of `assign_roles` may say who speaks first (`first_speaker`), which wins;
- the agent's script: greetings with a company name, "меня зовут", "чем могу помочь",
  "how can I help", asking the other side to identify themselves, holding and closing phrases;
- the customer's typical openings ("я хочу", "у меня проблема", "I'm calling about");
- structure: the agent usually speaks first on an inbound call and asks more questions.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from voc.schemas import Speaker, Word

_AGENT_PATTERNS = [
    # greetings and introductions
    r"здравствуйте",
    r"добр(ый|ое|ого) (день|утр|вечер)",
    r"меня зовут",
    r"оператор",
    r"специалист",
    r"(компани[яи]|банк|страхов\w*)\s+\w+",
    r"слушаю вас",
    r"чем (я )?(могу|можем) (вам )?помочь",
    r"благодарим за (звонок|ожидание|терпение|обращение)",
    r"спасибо за (звонок|ожидание|обращение)",
    # identification and the script's middle
    r"назовите",
    r"представьтесь",
    r"подскажите,? пожалуйста",
    r"уточните",
    r"введите",
    r"нажмите",
    r"ваш(и|у|е|его|ей)? (номер|фамили|имя|паспорт|дат\w* рождени|договор|парол|кодов|звон|обращени)",
    r"парол\w*",
    r"абонент\w*",
    r"врем\w* ожидани\w*",
    r"сообщени\w*",
    r"повтор\w* попытк\w*",
    r"оставайтесь на линии",
    r"одну минуту",
    r"минуточку",
    r"я (уточню|проверю|оформлю|передам|перезвоню)",
    r"могу (вам )?предложить",
    r"ещё вопрос",
    r"еще вопрос",
    r"всего (вам )?доброго",
    r"хорошего дня",
    # English
    r"thank(s| you) for calling",
    r"my name is \w+,? (and )?(how|i'?m|speaking)",
    r"how (can|may) i help",
    r"speaking,? how",
    r"can i (have|get) your",
    r"could you (please )?(confirm|verify|spell)",
    r"date of birth",
    r"please hold",
    r"anything else i can",
    r"have a (nice|good|great) day",
    r"for security",
    r"let me (check|see|look)",
]
_CUSTOMER_PATTERNS = [
    r"я (хочу|хотел\w*|звоню|не могу|не понимаю)",
    r"у меня (проблем\w*|вопрос|не)",
    r"мо(й|ю|я|его) (вклад|карт|сч[её]т|договор)",
    r"почему",
    r"сколько можно",
    r"верните",
    r"безобразие",
    r"уже (третий|второй) раз",
    r"i('?m| am) calling",
    r"i want",
    r"my (account|card|deposit|contract)",
    r"why (is|are|do|did)",
    r"i was charged",
    r"third time",
    r"close my account",
]
AGENT_RE = re.compile("|".join(f"(?:{p})" for p in _AGENT_PATTERNS), re.IGNORECASE)
CUSTOMER_RE = re.compile("|".join(f"(?:{p})" for p in _CUSTOMER_PATTERNS), re.IGNORECASE)

PHRASE_WEIGHT = 1.0
CUSTOMER_PHRASE_WEIGHT = 0.7
FIRST_SPEAKER_WEIGHT = 1.0
# A greeting or introduction in the first words a voice says is the clearest sign of the agent.
OPENING_WEIGHT = 1.5
OPENING_WORDS = 8
_OPENING_RE = re.compile(
    r"здравствуйте|добр(ый|ое|ого) (день|утр|вечер)|меня зовут|слушаю|компани|банк|"
    r"thank(s| you) for calling|my name is|how (can|may) i help|hello",
    re.IGNORECASE,
)
QUESTION_WEIGHT = 0.5


@dataclass(frozen=True)
class RoleAssignment:
    roles: dict[int, Speaker]  # cluster id -> agent | customer
    confidence: float  # 0.5 (a coin toss) .. 1.0
    evidence: list[str]


def agent_score(text: str, speaks_first: bool, question_share: float) -> tuple[float, list[str]]:
    opening = " ".join(text.split()[:OPENING_WORDS])
    opens_with_greeting = bool(_OPENING_RE.search(opening))
    agent_hits = [m.group(0) for m in AGENT_RE.finditer(text)]
    customer_hits = [m.group(0) for m in CUSTOMER_RE.finditer(text)]
    score = PHRASE_WEIGHT * len(agent_hits) - CUSTOMER_PHRASE_WEIGHT * len(customer_hits)
    score += FIRST_SPEAKER_WEIGHT * speaks_first + QUESTION_WEIGHT * question_share
    score += OPENING_WEIGHT * opens_with_greeting
    evidence = [f"agent phrase: {hit!r}" for hit in agent_hits[:3]] + [
        f"customer phrase: {hit!r}" for hit in customer_hits[:3]
    ]
    if speaks_first:
        evidence.append("spoke first")
    if opens_with_greeting:
        evidence.append("opened with a greeting")
    return score, evidence


def assign_roles(
    words_by_cluster: Mapping[int, Sequence[Word]], first_speaker: Speaker | None = None
) -> RoleAssignment:
    """Roles for the clusters of a two-speaker call; cluster ids count up in order of first speech.

    Clusters after the second are left out (the caller reports more than two voices).
    """
    clusters = sorted(words_by_cluster)
    if not clusters:
        return RoleAssignment({}, 0.0, [])
    if len(clusters) == 1:
        return RoleAssignment({clusters[0]: first_speaker or "agent"}, 0.5, ["one voice only"])
    first, second = clusters[0], clusters[1]
    if first_speaker in ("agent", "customer"):
        other: Speaker = "customer" if first_speaker == "agent" else "agent"
        return RoleAssignment(
            {first: first_speaker, second: other}, 1.0, [f"metadata: first speaker is {first_speaker}"]
        )
    scores = {}
    evidence = {}
    for cluster in (first, second):
        words = words_by_cluster[cluster]
        text = " ".join(word.word for word in words)
        questions = sum(word.word.endswith("?") for word in words)
        scores[cluster], evidence[cluster] = agent_score(text, cluster == first, questions / max(1, _sentences(words)))
    agent = first if scores[first] >= scores[second] else second
    customer = second if agent == first else first
    margin = scores[agent] - scores[customer]
    confidence = 1.0 / (1.0 + math.exp(-margin))
    return RoleAssignment({agent: "agent", customer: "customer"}, round(confidence, 3), evidence[agent])


def _sentences(words: Sequence[Word]) -> int:
    return max(1, sum(word.word.endswith((".", "?", "!")) for word in words))
