"""Lexical signals that matter in a contact centre, with the words and times they were spoken.

Patterns run on case-folded text (ё as е) so the match offsets are offsets in the turn's own
text; the turn's ASR words then give each cue its start and end. Russian and English patterns
both run on every turn: callers switch language mid-sentence and product names are English.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from voc.schemas import Cue, CueKind, Turn, Word
from voc.text.normalize import fold_case

_NEG_BEFORE = re.compile(r"(?:\b(?:не|ни|нет|никаких|без|no|not|never|any)\s+(?:\w+\s+)?|n't\s+(?:\w+\s+)?)$")
_NEG_AFTER = re.compile(r"^\s*(?:у меня\s+)?(?:нет|не было|не имею)\b")


@dataclass(frozen=True)
class CuePattern:
    kind: CueKind
    regex: re.Pattern[str]
    negatable: bool = False  # "не жалуюсь", "no complaints" cancel the cue


def _p(kind: CueKind, pattern: str, negatable: bool = False) -> CuePattern:
    return CuePattern(kind, re.compile(pattern, re.IGNORECASE), negatable)


_LEAVE_TARGET = (
    r"(?:в друг\w+ (?:банк|компани\w*|магазин|место)|к друг\w+ (?:оператор\w*|провайдер\w*|банк\w*)"
    r"|к конкурент\w*)"
)
_ACCOUNT = r"(?:все\s+)?(?:сч[е]т\w*|карт\w*|вклад\w*|договор\w*|контракт\w*|подписк\w*)"

PATTERNS: tuple[CuePattern, ...] = (
    # threats to leave or close accounts
    _p(
        "threat_to_leave",
        rf"\b(?:уйду|ухожу|уходим|уйдем|перейду|перехожу|переведу|перевожу|переношу|"
        rf"перенесу|уйти|перейти|вынужден\w* уйти)\b[^.!?]{{0,30}}?{_LEAVE_TARGET}",
    ),
    _p("threat_to_leave", r"\b(?:я\s+)?ухожу\b(?!\s+(?:в отпуск|на обед|с работы))"),
    _p(
        "threat_to_leave",
        r"\b(?:закрываю|закрою)\s+(?:все|свои)\s+(?:сч[е]т\w*|карт\w*|вклад\w*|"
        r"договор\w*)",
    ),
    _p(
        "threat_to_leave",
        rf"\b(?:закрывайте|закройте|расторгаю|расторгну|расторгните|заберите)\s+"
        rf"(?:свою\s+|свой\s+|мой\s+|мою\s+)?{_ACCOUNT}",
    ),
    _p(
        "threat_to_leave",
        rf"\b(?:хочу|буду|собираюсь|намерен\w*|решил\w*|придется|придётся)\s+"
        rf"(?:закрыть|расторгнуть|забрать)\s+(?:все\s+|свои\s+)?{_ACCOUNT}(?:[^.!?]{{0,40}}{_LEAVE_TARGET})?",
    ),
    _p("threat_to_leave", r"\bотказываюсь от (?:ваш\w+ )?(?:услуг\w*|обслуживани\w*)"),
    _p(
        "threat_to_leave",
        r"\bбольше (?:никогда )?не (?:буду|стану) (?:пользоваться|обслуживаться|"
        r"покупать|обращаться)\w*",
    ),
    _p("threat_to_leave", r"\bбольше вы меня не увидите"),
    _p(
        "threat_to_leave",
        r"\b(?:i'?m|i am|i will|i'll|we're|we are)\s+(?:closing|cancell?ing|leaving|"
        r"switching|moving|going to (?:close|cancel|leave|switch|move))\b"
        r"(?:[^.!?]{0,30}\b(?:account|contract|card|provider|bank|competitor|elsewhere|subscription|everything))?",
    ),
    _p("threat_to_leave", r"\btake my (?:business|money) elsewhere"),
    _p("threat_to_leave", r"\bcancel (?:everything|my (?:account|contract|subscription|card))"),
    _p("threat_to_leave", r"\b(?:terminate|close) my (?:account|contract)"),
    _p("threat_to_leave", r"\bnever (?:use|buy from|shop with) (?:you|your \w+)[^.!?]{0,20}again"),
    # complaints
    _p("complaint", r"\b(?:жалоб\w*|пожалуюсь|жалуюсь|претензи\w*|нарекани\w*)", negatable=True),
    _p("complaint", r"\b(?:безобрази\w*|возмутительн\w*|возмущ\w*|обман\w*|развели)\b"),
    _p("complaint", r"\b(?:в суд|в центробанк|в цб|в роспотребнадзор|в прокуратур\w*|требую)\b"),
    _p(
        "complaint",
        r"\b(?:complain\w*|file a complaint|formal complaint|ombudsman|take you to court|"
        r"outrageous|unacceptable)\b",
        negatable=True,
    ),
    # requests for a supervisor
    _p(
        "escalation_request",
        r"\b(?:позовите|позвать|дайте|соедините|переключите|пригласите|нужен|нужна|"
        r"хочу поговорить со?|поговорить со?|передайте)[\s,]+(?:\w+[\s,]+){0,3}?(?:руководител\w*|руководств\w*|"
        r"начальник\w*|старш\w*|супервайзер\w*|заведующ\w*|управляющ\w*)",
    ),
    _p(
        "escalation_request",
        r"\b(?:speak|talk) (?:to|with) (?:your|a|the) (?:manager|supervisor|team leader|"
        r"someone senior|boss)",
    ),
    _p("escalation_request", r"\b(?:put|transfer) me (?:through )?to (?:a|your|the) (?:manager|supervisor)"),
    _p("escalation_request", r"\bescalate (?:this|it|my)"),
    # profanity and insults (mild forms: a transcript rarely carries more)
    _p(
        "profanity",
        r"\b(?:идиот\w*|дебил\w*|кретин\w*|придур\w*|урод(?!лив|ств)\w*|козл\w*|сволоч\w*|тупая|тупой|"
        r"тупые|черт(?:ов\w*|и|ей|ям|ями)?|бля\w*|хрен\w*|дерьм\w*|говн\w*|жулик\w*|воры|ворье)\b",
    ),
    _p("profanity", r"\b(?:idiot\w*|stupid|moron\w*|damn\w*|crap|shit\w*|fuck\w*|bloody|thieves|crooks)\b"),
    # repeated contact
    _p(
        "repeat_contact",
        r"\b(?:(?:второй|третий|четвертый|пятый|десятый|сотый|\d+-?й)\s+раз|"
        r"не первый раз|(?:опять|снова) звоню|звоню уже|сколько (?:можно|раз) (?:звонить|писать)|"
        r"в (?:третий|четвертый|пятый|десятый|\d+-?й) раз)",
    ),
    _p(
        "repeat_contact",
        r"\b(?:(?:second|third|fourth|fifth|tenth|\d+(?:st|nd|rd|th)) time|calling again|"
        r"called (?:\w+ )?(?:twice|three times|several times|many times|multiple times)|"
        r"how many (?:more )?times)",
    ),
    # gratitude (sarcastic thanks are left out: "ну спасибо", "thanks for nothing")
    _p(
        "gratitude",
        r"(?<!\bну )\b(?:спасибо|благодар\w*|признател\w*|низкий (?:вам )?поклон)\b"
        r"(?!,? (?:конечно|за ничего))",
    ),
    _p("gratitude", r"\b(?:thank you|thanks|thank|appreciate\w*|grateful)\b(?! for nothing)"),
)


def match_cues(text: str) -> list[tuple[CueKind, int, int]]:
    """(kind, start, end) character spans in `text`, one per kind and place, in order."""
    folded = fold_case(text)
    found: list[tuple[CueKind, int, int]] = []
    for pattern in PATTERNS:
        for m in pattern.regex.finditer(folded):
            if pattern.negatable and _cancelled(folded, m.start(), m.end()):
                continue
            if any(kind == pattern.kind and s < m.end() and m.start() < e for kind, s, e in found):
                continue
            found.append((pattern.kind, m.start(), m.end()))
    return sorted(found, key=lambda cue: cue[1])


def _cancelled(folded: str, start: int, end: int) -> bool:
    return bool(_NEG_BEFORE.search(folded[max(0, start - 24) : start]) or _NEG_AFTER.match(folded[end:]))


def word_spans(text: str, words: Sequence[Word]) -> list[tuple[int, int]]:
    """Where each ASR word sits in the turn text; (-1, -1) for a word that cannot be found."""
    folded = fold_case(text)
    spans: list[tuple[int, int]] = []
    cursor = 0
    for word in words:
        needle = fold_case(word.word.strip())
        at = folded.find(needle, cursor) if needle else -1
        if at < 0:
            spans.append((-1, -1))
            continue
        spans.append((at, at + len(needle)))
        cursor = at + len(needle)
    return spans


def cues_in_text(text: str, words: Sequence[Word] = ()) -> list[Cue]:
    spans = word_spans(text, words) if words else []
    cues = []
    for kind, start, end in match_cues(text):
        inside = [w for w, (s, e) in zip(words, spans, strict=False) if s >= 0 and s < end and start < e]
        cues.append(
            Cue(
                kind=kind,
                text=text[start:end],
                start=inside[0].start if inside else None,
                end=inside[-1].end if inside else None,
            )
        )
    return cues


def find_cues(turns: Sequence[Turn], language: str | None = None) -> list[Turn]:
    """Stage: attach cues to each turn. `language` is accepted for symmetry; all patterns run."""
    return [turn.model_copy(update={"cues": cues_in_text(turn.text, turn.words)}) for turn in turns]
