"""CRM tasks from a call: product end dates, call-backs, payment promises, complaints, churn risk.

Rules, in the order a manager would apply them:
- a sentence about the past makes no task (past tense only, "в прошлом году", a date before the call);
- a product sentence makes an end-date task when it says the product ends ("заканчивается",
  "expires") or puts "до"/"until" right before the date, and is not about paying or leaving;
- a call-back or payment promise takes the dates of its own sentence; with none (or an impossible
  one), the next dated sentence within two turns that has no intent of its own fills it, and so
  does an agreeing reply ("давайте тридцатого"); the last agreed date of each event wins, and a
  call may hold several events of one kind (a split payment, call-backs about two products);
- in a sentence with several dates each date belongs to the event its own clause names, and a
  clause about the payment schedule, a charge or a deadline the bank sets makes no task; a
  sentence that corrects the one before ("Ой, нет, шестнадцатого") moves that event to its date;
- every task's `evidence.reason` says who said it, the cue and the date chosen, and why;
- the same end date said twice is one task; a month-level date gives way to a precise one in the
  same month for the same kind of task; two different dates are two tasks;
- complaint and churn risk: one task each per call, from the text or the emotion stage's cues;
  a complaint is the customer's (an agent quoting one makes none);
- recorded announcements, hold messages and IVR prompts make no task at all.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from voc.extract import lexicon
from voc.extract.analysis import GIVE_LEMMAS, PRONOUN_SUBJECT, CallReading, SentenceFacts, read_call
from voc.extract.clauses import LEANING_VERBS, RECORDING_VERBS, Verb, clause_bounds, names_another_thing, verbs_in
from voc.extract.dates import DateMention
from voc.extract.morph import word_parses
from voc.schemas import Amount, Evidence, Task, TaskType, Turn
from voc.text.announcements import announcement

PRECISION_RANK = {"day": 3, "part": 2, "month": 1}
SINGLE_TYPES: tuple[TaskType, ...] = ("callback", "payment_promise")
OWNERS: dict[TaskType, str] = {"complaint": "supervisor", "churn_risk": "retention"}
FOLLOW_TURNS = 2
# "that can wait until next week": a product's end is not said relative to today
SOON = {"tomorrow", "relative", "weekday", "next_week", "after", "within", "within_day"}


@dataclass
class Candidate:
    type: TaskType
    sentence: SentenceFacts
    mention: DateMention | None
    product: str | None
    confidence: float
    why: str = "own"  # how the date reached the task: own, follows, agreed, haggled (see _reason)

    @property
    def due(self) -> dt.date | None:
        return self.mention.value if self.mention else None


def extract_tasks(turns: Sequence[Turn], language: str, call_date: dt.date) -> list[Task]:
    """Read the call and make its tasks; a caller that also wants entities reads once and uses `tasks_from`."""
    return tasks_from(read_call(turns, language, call_date))


def tasks_from(reading: CallReading) -> list[Task]:
    """The CRM tasks of a call already read."""
    candidates = _candidates(reading.sentences, reading.call_date)
    candidates += _haggled_payments(reading.sentences, reading.call_date, candidates)
    chosen = _merge_end_dates([c for c in candidates if c.type in ("deposit_maturity", "product_expiry")])
    for kind in SINGLE_TYPES:
        chosen += _agreed([c for c in candidates if c.type == kind])
    chosen += _once([c for c in candidates if c.type in ("complaint", "churn_risk")])
    chosen.sort(key=lambda c: (c.sentence.turn, c.sentence.start_char))
    return [_task(c, reading.language) for c in chosen]


def _candidates(facts: list[SentenceFacts], call_date: dt.date) -> list[Candidate]:
    out: list[Candidate] = []
    pending: dict[TaskType, tuple[int, str | None]] = {}
    last_single: tuple[TaskType, int, str | None] | None = None  # the event a reply may agree to
    for sentence in facts:
        if announcement(sentence.text):
            continue  # a recorded prompt or hold message asks for nothing and complains of nothing
        if _declines(sentence, facts):
            out = [c for c in out if not _offered_call(c, sentence, facts)]
            pending.pop("callback", None)
        if "complaint" in sentence.intents and (
            sentence.speaker != "agent" or lexicon.REGISTERS_COMPLAINT.search(sentence.norm.text.lower())
        ):
            out.append(Candidate("complaint", sentence, None, sentence.product, 0.8))
        if sentence.asks_payment:
            # "просрочка с двадцать пятого, когда сможете оплатить?": the answer is the promise, also to a
            # question that proposes a day ("когда сможете внести до пятницы получится" — "давайте в понедельник")
            pending.pop("payment_promise", None)  # re-added last: the newest question is the one answered
            pending["payment_promise"] = (sentence.turn, sentence.product)
        if sentence.modality == "past":
            # "Я уже перевела вклады в Сбербанк": having started to leave is a risk for what remains
            if "churn_risk" in sentence.intents:
                out.append(Candidate("churn_risk", sentence, None, sentence.product, 0.7))
            continue
        future = [d for d in sentence.dates if d.value is not None and d.value >= call_date]
        impossible = any(d.value is None for d in sentence.dates)
        own = _own_tasks(sentence, future, impossible, pending, out)
        if own:
            singles = [kind for kind in own if kind in SINGLE_TYPES]
            if singles:
                last_single = (singles[-1], sentence.turn, sentence.product)
            continue
        if not future:
            continue
        for kind, (turn, product) in _answered(pending):
            if kind in ("product_expiry", "deposit_maturity") and _only_an_offer_ends(sentence):
                continue  # "когда кончается договор?" — "он бессрочный, но скидка до первого": no answer
            if sentence.turn - turn <= FOLLOW_TURNS:
                lower = sentence.norm.text.lower()
                answers = [
                    d
                    for d in future
                    if _clause_event(sentence, d, lower) != "other"
                    and not (kind == "payment_promise" and HEARSAY.search(lower[: d.start]))
                    # "Тариф закрывается ... С первого сентября можем перевести вас на новый": a start is no end
                    and not (kind in ("product_expiry", "deposit_maturity") and _after_it(sentence, d))
                    # "Закроете до 10 марта?" — "Нет, до десятого не получится": the day asked is refused
                    and not (REFUSAL.match(lower) and lexicon.RULED_OUT.match(lower[d.end :]))
                ]
                out += [Candidate(kind, sentence, d, product, 0.7, "follows") for d in answers]
                if kind in SINGLE_TYPES:
                    last_single = (kind, sentence.turn, product)
        # "значит 18 января записываю": the agent putting the day on record settles it like an agreement
        settles = sentence.speaker == "agent" and bool(lexicon.SETTLED.search(sentence.norm.text.lower()))
        if (sentence.agreement or settles) and last_single and _within_haggle(sentence, last_single[1]):
            agreed = _agreeing(sentence, future, last_single)
            out += agreed
            if agreed:
                last_single = (last_single[0], sentence.turn, agreed[-1].product)
        elif (
            last_single
            and sentence.turn - last_single[1] == 1
            and (
                _counters(sentence, future, last_single[0])
                or _checks_the_day(future, last_single[0], out)
                or _bare_counter(sentence, future, last_single[0], out)
            )
        ):
            # "Двадцатого поздно, платёж должен поступить до восемнадцатого": the other side proposes another day;
            # "В пятницу, 15-го?": it checks the day, and the speaker may still move it ("Ой, нет, давайте во вторник")
            last_single = (last_single[0], sentence.turn, last_single[2])
    return out


WISH = re.compile(r"\b(?:хочу|хотим|хотел\w* бы|want to|wanted to|would like to|i'd like to)\b")
# "мне сказали, перечислят в течение десяти рабочих дней", "they told me it comes on the 5th": a third party's
# word about its own money, not the customer's answer when they will pay
HEARSAY = re.compile(
    r"\b(?:мне|нам)\s+(?:\w+\s+)?(?:сказали|обещали|сообщили|написали|ответили)\b|\bобеща(?:ют|ет)\b|"
    r"\b(?:they|he|she) (?:said|told me|told us|promised)\b|\bi was told\b|\bi've been told\b"
)


def _answered(pending: dict[TaskType, tuple[int, str | None]]) -> list[tuple[TaskType, tuple[int, str | None]]]:
    """ "Хочу часть погасить ... А можно вы мне позвоните? Послезавтра можно?": a bare day answers the newest
    of the open questions of a call-back or a payment, not both; ends keep following as before."""
    items = list(pending.items())
    singles = [item for item in items if item[0] in SINGLE_TYPES]
    return [item for item in items if item[0] not in SINGLE_TYPES] + singles[-1:]


HAGGLE_PART_TURNS = 4  # the parts said at a haggle's start, a few turns before its day is settled
HAGGLE_LEAD_TURNS = 2  # the debt may be named a turn or two before the first day is said


def _haggled_payments(facts: list[SentenceFacts], call_date: dt.date, found: list[Candidate]) -> list[Candidate]:
    """A payment day the two sides settle on over several turns while a debt is the talk, though nobody says a
    verb of paying: "Получится закрыть к пятнице?" — "К пятнице вряд ли. А понедельник устроит?" — "Понедельник —
    самый крайний день." — "Идёт, договорились."; "can i do it on the fourteenth" — "the fourteenth is too late we
    can hold it till the tenth" — "ok the tenth fine". Each side dates its turn (days ruled out are dropped when the
    sentence is read); the day settled is the customer's last one when nobody names another after it, or the other
    side's last one when the customer then agrees without a day. A run that names a call-back, an end, or a payment
    the rules already hold is left to them."""
    turns: list[list[SentenceFacts]] = []
    for sentence in facts:
        if turns and turns[-1][0].turn == sentence.turn:
            turns[-1].append(sentence)
        else:
            turns.append([sentence])

    def last_day(turn: list[SentenceFacts]) -> tuple[SentenceFacts, DateMention] | None:
        dated = [
            (s, d)
            for s in turn
            for d in s.dates
            if d.value is not None
            and d.value >= call_date
            and _clause_event(s, d, s.norm.text.lower()) in (None, "payment_promise")
        ]
        return dated[-1] if dated else None

    out: list[Candidate] = []
    i = 0
    while i < len(turns):
        run: list[tuple[list[SentenceFacts], tuple[SentenceFacts, DateMention]]] = []
        j = i
        while j < len(turns) and (day := last_day(turns[j])) is not None:
            if run and turns[j][0].speaker == run[-1][0][0].speaker:
                break
            run.append((turns[j], day))
            j += 1
        # a haggle: both sides date their turns and the day changes at least once
        if len({t[0].speaker for t, _ in run}) < 2 or len({day[1].value for _, day in run}) < 2:
            i = max(j, i + 1)
            continue
        agreeing = turns[j] if j < len(turns) and turns[j][0].speaker != run[-1][0][0].speaker else None
        if agreeing is not None and not (
            agreeing[0].speaker != "agent" and any(s.agreement and not s.dates for s in agreeing)
        ):
            agreeing = None
        lead = [s for t in turns[max(i - HAGGLE_LEAD_TURNS, 0) : j] for s in t]
        held = [s for t, _ in run for s in t] + (agreeing or [])
        first, last = run[0][0][0].turn, (agreeing or run[-1][0])[0].turn
        settled = _settled_day(run, agreeing is not None)
        if (
            settled is not None
            and any(lexicon.DEBT_TOPIC.search(s.norm.text.lower()) for s in lead)
            and not any(s.intents or s.ends_product or s.asks_payment for s in lead + held)
            and not any(c.sentence in held for c in found)
            # a payment the customer promises in words just before or after is the rules' own
            and not any(c.type == "payment_promise" and first - 2 <= c.sentence.turn <= last + 1 for c in found)
        ):
            sentence, mention = settled
            product = next((s.product for s in reversed(lead) if s.product), None)
            out += [Candidate("payment_promise", s, d, product, 0.7, "haggled") for s, d in _other_parts(run)]
            out.append(Candidate("payment_promise", sentence, mention, product, 0.7, "haggled"))
        i = j
    return out


def _other_parts(
    run: list[tuple[list[SentenceFacts], tuple[SentenceFacts, DateMention]]],
) -> list[tuple[SentenceFacts, DateMention]]:
    """ "Могу половину в пятницу, а вторую половину двадцатого." — "Двадцатого поздно, нужно до пятнадцатого.": the
    haggle moves the last part; the customer's earlier parts stand."""
    first = next((t for t, _ in run if t[0].speaker != "agent"), [])
    parts = [
        (s, d) for s in first if lexicon.SPLIT_PARTS.search(s.norm.text.lower()) for d in s.dates if d.value is not None
    ]
    last = next((day for t, day in run if t is first), None)
    return [(s, d) for s, d in parts if last is None or d.value != last[1].value]


def _settled_day(
    run: list[tuple[list[SentenceFacts], tuple[SentenceFacts, DateMention]]], agreed_after: bool
) -> tuple[SentenceFacts, DateMention] | None:
    """The day of a haggle both sides accepted: the other side's last day when the customer agrees to it after,
    the customer's last day when it closes the run or the agent says it back."""
    if agreed_after:
        return run[-1][1]
    customer = [day for t, day in run if t[0].speaker != "agent"]
    if not customer:
        return None
    last_turn, last = run[-1]
    if last_turn[0].speaker != "agent" or last[1].value == customer[-1][1].value:
        return customer[-1]
    return None


SETTLING_TURNS = 3  # the agent's "договорились, 27 октября" may close a haggle of a turn or two


def _within_haggle(sentence: SentenceFacts, proposed_turn: int) -> bool:
    """A reply agrees to the event proposed just before; the agent's restatement of the settled day ("Хорошо,
    договорились 27 октября") also to one proposed a little earlier, across a reply that named no event."""
    apart = sentence.turn - proposed_turn
    if apart <= 1:
        return True
    return (
        sentence.speaker == "agent"
        and apart <= SETTLING_TURNS
        and bool(lexicon.SETTLED.search(sentence.norm.text.lower()))
    )


def _counters(sentence: SentenceFacts, future: list[DateMention], kind: TaskType) -> bool:
    """A dated reply whose own clause names the same kind of event, without making the task itself."""
    lower = sentence.norm.text.lower()
    return any(_clause_event(sentence, d, lower) == kind for d in future)


def _bare_counter(sentence: SentenceFacts, future: list[DateMention], kind: TaskType, out: list[Candidate]) -> bool:
    """ "Понедельник, четвёртое?" — "Седьмого, четверг, раньше выручки не будет.": the other side's bare day,
    said with no event of its own, moves the day just proposed."""
    last = next((c for c in reversed(out) if c.type == kind and c.due is not None), None)
    if last is None or last.sentence.speaker == sentence.speaker:
        return False
    lower = sentence.norm.text.lower()
    return any(d.value != last.due and _clause_event(sentence, d, lower) is None for d in future)


def _checks_the_day(future: list[DateMention], kind: TaskType, out: list[Candidate]) -> bool:
    """A reply that says back the day of the event just proposed."""
    last = next((c for c in reversed(out) if c.type == kind and c.due is not None), None)
    return last is not None and any(d.value == last.due for d in future)


def _agreeing(
    sentence: SentenceFacts, future: list[DateMention], proposal: tuple[TaskType, int, str | None]
) -> list[Candidate]:
    """ "Ладно, до девятнадцатого": a reply that agrees takes the event just proposed, and its product.

    A date of another act agrees to nothing ("Хорошо, тогда подайте заявление до четырнадцатого").
    """
    lower = sentence.norm.text.lower()
    dates = _agreed_dates(sentence, [d for d in future if _clause_event(sentence, d, lower) != "other"], proposal[0])
    kind, _, product = proposal
    return [Candidate(kind, sentence, d, _product_for(sentence, d) or product, 0.75, "agreed") for d in dates]


REFUSAL = re.compile(r"^\W*(?:нет|не надо|не нужно|не стоит|no|nope|not necessary|don't)\b")


def _declines(sentence: SentenceFacts, facts: list[SentenceFacts]) -> bool:
    """The customer's turn opens with a refusal ("Не надо, я сам позвоню", "No thanks")."""
    first_of_turn = next(f for f in facts if f.turn == sentence.turn)
    return (
        sentence is first_of_turn and sentence.speaker != "agent" and bool(REFUSAL.search(sentence.norm.text.lower()))
    )


# an offer need not be a question: "Могу вам перезвонить в пятницу, когда обдумаете." is one as well
CAN_OFFER = re.compile(r"\b(?:могу|можем|хотите|если хотите|i can|i could|we can|we could|if you like|if you want)\b")


def _offered_call(cand: Candidate, refusal: SentenceFacts, facts: list[SentenceFacts]) -> bool:
    """A call-back the agent offered just before ("Хотите, я вам перезвоню?", "Могу перезвонить вам завтра, если
    удобно", "I can ring you on Monday"); Whisper may split the offer ("Хотите? Я перезвоню ближе к дате.")."""
    offer = cand.sentence
    at = next(i for i, f in enumerate(facts) if f is offer)
    opening = facts[at - 1] if at > 0 and facts[at - 1].turn == offer.turn else None
    offered = (
        "?" in offer.text
        or bool(CAN_OFFER.search(offer.norm.text.lower()))
        or (opening is not None and "?" in opening.text and bool(CAN_OFFER.search(opening.norm.text.lower())))
    )
    return cand.type == "callback" and offer.speaker == "agent" and offered and refusal.turn - offer.turn == 1


def _agreed_dates(sentence: SentenceFacts, future: list[DateMention], kind: TaskType) -> list[DateMention]:
    """ "Okay, so a hundred today and three hundred on December tenth": an agreeing summary of two
    events keeps both ("сегодня половина и девятого января остаток": each clause may name the payment's part);
    otherwise the agreed date is the last one said."""
    lower = sentence.norm.text.lower()
    if len({d.value for d in future}) > 1:
        own = [d for d in future if _clause_event(sentence, d, lower) in (None, kind)]
        spans = [(d.start, d.end) for d in sentence.dates]
        # "записала: карта — двадцатого, кредит — двадцать восьмого": a list, one date per clause
        listed = len({clause_bounds(lower, d.start, spans) for d in own}) > 1
        if len({d.value for d in own}) > 1 and (lexicon.AND_ALSO.search(lower) or listed):
            return own
    return future[-1:]


def _own_tasks(
    sentence: SentenceFacts,
    future: list[DateMention],
    impossible: bool,
    pending: dict[TaskType, tuple[int, str | None]],
    out: list[Candidate],
) -> list[TaskType]:
    """Tasks this sentence makes from its own words; returns the kinds it triggered."""
    kinds: list[TaskType] = []
    if "churn_risk" in sentence.intents and sentence.speaker != "agent":
        deadline = next((d for d in future if _deadline_before(sentence, d) or _is_deadline(d)), None)
        out.append(Candidate("churn_risk", sentence, deadline, sentence.product, 0.75))
        kinds.append("churn_risk")
        if not sentence.ends_product or _closing_is_the_threat(sentence):
            return kinds
    if _about_product_end(sentence):
        kind: TaskType = "deposit_maturity" if sentence.product == "deposit" else "product_expiry"
        dates = [d for d in future if sentence.ends_product or (_product_until(sentence, d) and d.kind not in SOON)]
        dates = [d for d in dates if _nearest_intent(sentence, d) == "end" and not _after_it(sentence, d)]
        # "22 декабря хорошо и напомню, договор заканчивается 31 декабря": the day said back is the payment's
        dates = [d for d in dates if not _restates_another_event(sentence, d, kind, out)]
        dates = [d for d in dates if not _span_of_another_thing(sentence, d)]
        if len(future) > 1:
            dates = [d for d in dates if not _offer_clause(sentence, d)]
        for d in dates:
            product = _product_for(sentence, d)
            date_kind: TaskType = "deposit_maturity" if product == "deposit" else "product_expiry"
            out.append(Candidate(date_kind, sentence, d, product, _confidence(d)))
        if dates:
            pending.pop(kind, None)
        elif lexicon.ENDING_AHEAD.search(sentence.norm.text.lower()) and (impossible or not future):
            pending.pop(kind, None)
            pending[kind] = (sentence.turn, sentence.product)
        if dates or sentence.ends_product:
            kinds.append(kind)
    for intent in SINGLE_TYPES:
        if intent not in sentence.intents:
            continue
        dates = [
            d
            for d in future
            if _nearest_intent(sentence, d) in (intent, "any") and not _restates_another_event(sentence, d, intent, out)
        ]
        # "Как только получу зарплату двадцать пятого, сразу внесу": the event waits for the day of its condition
        dates = dates or [d for d in future if _day_of_condition(sentence, d)][:1]
        if intent == "callback" and sentence.speaker == "agent":
            dates = dates or [d for d in future if _bank_result_day(sentence, d)][:1]
        if dates:
            out += [Candidate(intent, sentence, d, _product_for(sentence, d), _confidence(d)) for d in dates]
            pending.pop(intent, None)
        elif intent == "payment_promise" and sentence.speaker == "agent" and future:
            pass  # the agent restating a payment whose dates are all another thing's (a schedule) promises nothing
        else:
            out.append(Candidate(intent, sentence, None, sentence.product, 0.5))
            pending.pop(intent, None)
            pending[intent] = (sentence.turn, sentence.product)
        kinds.append(intent)
    return kinds


# "вклад в долларах девятого мая и полис страхования жизни — двадцатого мая": each date its own product
CLAUSE_BREAK = re.compile(r",?\s+(?:а|и|but|and|while)\s+|;\s*")


def _restates_another_event(
    sentence: SentenceFacts, mention: DateMention, intent: TaskType, earlier: list[Candidate]
) -> bool:
    """ "Итак: кредит — пятого июня, карта — десятого, а я позвоню двенадцатого": in a summary, a date
    whose own clause names no event and that an earlier payment already holds stays that payment."""
    if len({d.value for d in sentence.dates if d.value is not None}) < 2:
        return False
    if _clause_event(sentence, mention, sentence.norm.text.lower()) is not None:
        return False
    return any(c.type != intent and c.type in SINGLE_TYPES and c.due == mention.value for c in earlier)


def _span_of_another_thing(sentence: SentenceFacts, mention: DateMention) -> bool:
    """ "отметила поездку с пятого по 19 июля, кстати, кешбэк действует до конца августа": the day that closes a
    span "с ... по" in a clause with no word of ending is the end of that span (a trip, a leave), not a product's."""
    lower = sentence.norm.text.lower()
    start, end = clause_bounds(lower, mention.start)
    clause = lower[start:end]
    return bool(re.search(r"\bс\s+\S+\s+по\s+$", lower[start : mention.start])) and not lexicon.ENDS.search(clause)


def _offer_clause(sentence: SentenceFacts, mention: DateMention) -> bool:
    """ "Your add-on is valid until the 20th, and the promo on add-ons ends on the 1st": of two dates, the one whose
    own clause is about an offer is the offer's deadline."""
    lower = sentence.norm.text.lower()
    start, _ = clause_bounds(lower, mention.start, [(d.start, d.end) for d in sentence.dates])
    return bool(lexicon.OFFER.search(lower[start : mention.start]))


def _product_for(sentence: SentenceFacts, mention: DateMention) -> str | None:
    """ "Страховка на квартиру до 12 июля, а ОСАГО до 29 августа": each date takes its own clause's product."""
    lower = sentence.norm.text.lower()
    bounds = [0, *(m.end() for m in CLAUSE_BREAK.finditer(lower)), len(lower) + 1]
    clauses = [(a, b) for a, b in itertools.pairwise(bounds) if a < b]
    mine = next((i for i, (a, b) in enumerate(clauses) if a <= mention.start < b), len(clauses) - 1)
    for a, b in reversed(clauses[: mine + 1]):
        if PRONOUN_SUBJECT.search(lower[a:b]) and a <= mention.start < b:
            b = mention.end  # "он открыт до второго октября, ... вернётся на карту": the product before the date
        found = next((name for name, pattern in lexicon.PRODUCTS if pattern.search(lower[a:b])), None)
        if found:
            return found
    return sentence.product


def _product_until(sentence: SentenceFacts, mention: DateMention) -> bool:
    """ "Вклад до 15 января": "до" before the date marks the end only when the date's own clause names
    the product ("давайте до девятнадцатого" is a deadline for a payment)."""
    # "подключена до конца декабря": the "до" may be said inside the date's own words (a question, "он ведь до конца
    # декабря?", only asks)
    inside = re.match(r"до\s", mention.text.lower()) and not sentence.norm.text.rstrip().endswith("?")
    if not (sentence.until_before(mention) or inside):
        return False
    lower = sentence.norm.text.lower()
    start, end = clause_bounds(lower, mention.start, [(d.start, d.end) for d in sentence.dates])
    # "и ещё один до первого марта", "значит, до двадцатого мая": a clause with no verb of its own (a discourse
    # "значит" is none; "давайте до девятнадцатого" has one) goes on with the product
    own_verbs = [v for v in verbs_in(lower, start, end, sentence.language) if v.lemma not in DISCOURSE_VERBS]
    # "Договор мы вам отправим до пятого декабря": a finite verb of another act dates that act, not the product's end
    acts = [
        v
        for v in own_verbs
        if v.person is not None
        and v.start < mention.start  # "он у меня до седьмого марта перезвоните мне завтра": the next act's verb
        and v.lemma not in lexicon.END_LEMMAS
        and v.lemma not in LEANING_VERBS
    ]
    if acts or EN_ACT.search(lower[start : mention.start]) or _act_deadline(lower[: mention.start]):
        return False
    return _names_product(lower[start:end]) or not own_verbs


# "Опцию можно отключить ... до пятого", "вклад можно пополнять до первого": a deadline for an act, not an end
ACT_DEADLINE = re.compile(
    r"\b(?:можно|нужно|надо|необходимо|успейте|успеть|успеете)\s+(?:\w+\s+){0,2}?[а-яё]+(?:ть|ти|тись|ться)\b"
)


def _act_deadline(before: str) -> bool:
    """ "Опцию можно отключить ... до пятого": the date is the act's deadline, unless a new subject after the act
    opens the end's own clause ("мне нужно уточнить про страховку она у вас до 15 января")."""
    acts = list(ACT_DEADLINE.finditer(before))
    return bool(acts) and not re.search(r"\b(?:он|она|оно|они)\b", before[acts[-1].end() :])


# "We'll send the contract over by the 3rd", "the application will be reviewed by the 10th": an act done by the day
EN_ACT = re.compile(
    r"\b(?:we|i|you|they)(?:'ll| will| shall)\s+(?!be\b|run\b|last\b|stay\b|remain\b|have\b)\w+|"
    r"\bwill be (?!valid\b|active\b|in force\b|good\b|up\b)\w+(?:ed|en|ne)\b|"
    r"\b(?:needs?|has|have) to be \w+(?:ed|en)\b"
)


# "Если к пятнице деньги не вернутся", "if it isn't sorted before the 20th": the threat's deadline
DEADLINE_BEFORE = re.compile(r"\b(?:до|к|ко|by|until|till|before)(?:\s+the)?\s*$")


# "Если двадцатого не будет перерасчёта, ...", "Крайний срок — двадцатое, иначе ...": the date of the condition
# or of the ultimatum is the threat's deadline too
CONDITION_OPEN = re.compile(r"\b(?:если|unless|if)\b(?![^,;:—–]*[,;:—–])[^.!?]*$")
ULTIMATUM = re.compile(r"\b(?:крайний срок|последний срок|срок вам|deadline|final date)\b[^.!?]*$")
OR_ELSE = re.compile(r"^[^.!?]{0,40}?(?:\bиначе\b|\bа то\b|\botherwise\b|\bor else\b)")


def _deadline_before(sentence: SentenceFacts, mention: DateMention) -> bool:
    before = sentence.norm.text[: mention.start].lower()
    after = sentence.norm.text[mention.end :].lower()
    return bool(
        DEADLINE_BEFORE.search(before)
        or CONDITION_OPEN.search(before)
        or ULTIMATUM.search(before)
        or OR_ELSE.search(after)
    )


def _closing_is_the_threat(sentence: SentenceFacts) -> bool:
    """ "Даю вам срок до пятницы, потом закрываю все карты": the only "закрываю" is the threat, no product ends."""
    lower = _without_dates(sentence)
    threats = [m.span() for m in lexicon.CHURN.finditer(lower)]
    return all(any(a <= m.start() < b for a, b in threats) for m in lexicon.ENDS.finditer(lower))


AS_SOON_AS = re.compile(
    r"\b(?:как только|после того как|как (?:придёт|придет|получу|поступит|поступят|дадут|выплатят)|"
    r"as soon as|once)\b[^,.;:!?]*$"
)


# "Решение будет через неделю, и я вам сразу перезвоню", "документы будут готовы через неделю, я вам позвоню, как
# только их получу": the act follows the dated thing at once
RIGHT_AFTER = re.compile(r"\bсразу\b|\bтут же\b|\bкак только\b|\bright away\b|\bstraight away\b|\bas soon as\b")


def _day_of_condition(sentence: SentenceFacts, mention: DateMention) -> bool:
    """The date is said inside "как только ...", "as soon as ...", the condition the speaker's own act waits for, or
    the act is said to follow the dated thing at once."""
    lower = sentence.norm.text.lower()
    return bool(AS_SOON_AS.search(lower[: mention.start]) or RIGHT_AFTER.search(lower[mention.end :]))


# "Решение будет в течение пяти рабочих дней, я вам перезвоню": the bank's own answer is due by the day, and the
# call that brings it is the call-back; so is "Новая карта будет готова через неделю, я вам позвоню"
BANK_RESULT = re.compile(
    r"\b(?:решени|ответ|рассмотр|проверк|результат|заключени)\w*|\b(?:decision|answer|review|outcome|result)s?\b|"
    r"\bготов\w*|\bready\b"
)


def _bank_result_day(sentence: SentenceFacts, mention: DateMention) -> bool:
    lower = sentence.norm.text.lower()
    start, _ = clause_bounds(lower, mention.start, [(d.start, d.end) for d in sentence.dates])
    return bool(BANK_RESULT.search(lower[start : mention.start])) and len({d.value for d in sentence.dates}) == 1


def _after_it(sentence: SentenceFacts, mention: DateMention) -> bool:
    """ "после 20 декабря вклад продлится": what happens after a date is not the end on it; nor is a start ("тариф
    действует с первого мая", "the new plan applies from the 1st")."""
    return bool(
        re.search(r"\b(?:после|after|с|со|from|starting)\s+(?:the\s+)?$", sentence.norm.text[: mention.start].lower())
    )


DISCOURSE_VERBS = frozenset({"значить", "получаться", "выходить"})


def _is_deadline(mention: DateMention) -> bool:
    return bool(re.match(r"(?:до|к|by|until|till)\b", mention.text.lower()))


def _about_product_end(sentence: SentenceFacts) -> bool:
    if sentence.product is None:
        return False
    # "Договор лизинга заканчивается 29 октября, хочу выкупить машину": an end said beside a payment
    # still ends the product; each date then goes to its own clause's event (_nearest_intent)
    if "payment_promise" in sentence.intents and not (_ends_not_repaid(sentence) or _summary_end(sentence)):
        return False
    if not _end_subject_is_product(sentence):
        return False
    lower = _without_dates(sentence)  # "valid until the end of the month": the date's "end" ends nothing
    if lexicon.ENDED.search(lower) and not lexicon.ENDING_AHEAD.search(lower):
        return False
    if _only_an_offer_ends(sentence):
        return False  # only the offer "действует до": its deadline, not the product's end
    if sentence.ends_product or not lexicon.PAYMENT_WORDS.search(sentence.norm.text.lower()):
        return True
    # "Повторю: вклад до третьего июня, ..., а по кредиту вы вносите платёж тридцатого": a summary's payment
    # is in another clause than the product said "до" a date
    return _summary_end(sentence)


def _only_an_offer_ends(sentence: SentenceFacts) -> bool:
    """ "Договор бессрочный, но скидка действует до первого августа": the date is the offer's or the discount's
    deadline, and no word ends the product itself."""
    lower = _without_dates(sentence)
    return bool(lexicon.OFFER.search(lower)) and not lexicon.ENDS.search(
        re.sub(r"действ\w*|valid (?:until|till)", " ", lower)
    )


def _summary_end(sentence: SentenceFacts) -> bool:
    """A product said "до" a date before any word of paying ("вклад до третьего июня, ..., а по кредиту вы вносите
    платёж тридцатого"); after one, "а карту до двадцатого" goes on with the payment ("Кредит погашу до
    пятнадцатого, а карту до двадцатого")."""
    first_payment = _first_payment_word(sentence)
    return len(sentence.dates) > 1 and any(
        _product_until(sentence, d) and d.end <= first_payment for d in sentence.dates
    )


def _first_payment_word(sentence: SentenceFacts) -> int:
    lower = _without_dates(sentence)
    found = [
        m.start()
        for p in (lexicon.PAYMENT_WORDS, lexicon.PAYMENT_PROMISE, lexicon.PAYMENT_RESTATED)
        for m in p.finditer(lower)
    ]
    verbs = verbs_in(lower, 0, len(lower), sentence.language)
    found += [v.start for v in verbs if v.lemma in lexicon.PAYMENT_LEMMAS]
    return min(found, default=len(lower))


def _ends_not_repaid(sentence: SentenceFacts) -> bool:
    """The sentence says something ends, not that a debt is repaid or due ("погашение будет в пятницу")."""
    lower = _without_dates(sentence)
    # "I'll pay for the renewal on Friday": a renewal paid for is the payment's object, not an end
    return any(not m.group().startswith(("погаш", "due", "renewal")) for m in lexicon.ENDS.finditer(lower))


def _nearest_intent(sentence: SentenceFacts, mention: DateMention) -> str:
    """When a sentence holds both an end date and a call-back, each date goes to the nearer cue.

    A sentence with several dates (an agent's summary: "оплата по карте в пятницу, звонок по
    вкладу 5 марта, вклад заканчивается 12 марта") gives each date the event named in its own
    clause; a date whose clause names another kind of event (a scheduled payment) gets "other",
    and so does a date whose own clause has a verb of something else ("заявление подам завтра",
    "если вы решите до конца недели"), in any sentence.
    """
    lower = sentence.norm.text.lower()
    cues = {
        "end": lexicon.ENDS if _about_product_end(sentence) and sentence.product else None,
        "callback": lexicon.CALLBACK if "callback" in sentence.intents else None,
        "payment_promise": PAYMENT_CUE if "payment_promise" in sentence.intents else None,
    }
    present = {name: pattern for name, pattern in cues.items() if pattern is not None}
    own = _clause_event(sentence, mention, lower)
    if own == "other":
        return "other"
    if own is not None and len({d.value for d in sentence.dates if d.value is not None}) > 1:
        return own if own in present else "other"
    if len(present) <= 1:
        return next(iter(present), "any")
    listed = _listed_after(sentence, mention, lower)
    if listed in present:
        return listed
    distance = {}
    anchors = [(m.start(), m.end()) for m in lexicon.BEFORE_ANCHOR.finditer(lower)]
    blank = _without_dates(sentence)  # "the end of July is better": the date's own "end" is no cue
    for name, pattern in present.items():
        positions = [m.start() for m in pattern.finditer(blank) if not any(a <= m.start() < b for a, b in anchors)]
        if name == "end" and (sentence.until_before(mention) or _is_deadline(mention)):
            positions.append(mention.start)
        distance[name] = min((abs(p - mention.start) for p in positions), default=NO_CUE)
    if all(d == NO_CUE for d in distance.values()):
        return "any"  # "Scratch that, the end of July is better": the events came with the corrected sentence
    return min(distance, key=lambda name: distance[name])


NO_CUE = 10**6
# "по кредиту вы вносите платёж 16 июля": the agent's restated promise is as near a cue as the customer's own
PAYMENT_CUE = re.compile(f"{lexicon.PAYMENT_PROMISE.pattern}|{lexicon.PAYMENT_RESTATED.pattern}")


def _listed_after(sentence: SentenceFacts, mention: DateMention, lower: str) -> str | None:
    """ "по кредиту вы вносите платёж 16 июля, по карте — 24 июля": a clause of a product and a date alone is the next
    item of a list, and takes the event of the item before it."""
    spans = [(d.start, d.end) for d in sentence.dates]
    start, end = clause_bounds(lower, mention.start, spans)
    if not LIST_ITEM.match(lower[start:end]):
        return None
    before = [d for d in sentence.dates if d.end <= start]
    return _clause_event(sentence, before[-1], lower) if before else None


# "по карте — 24 июля", "а по вкладу двенадцатого": a product and its date, with no verb of their own
LIST_ITEM = re.compile(
    r"^\W*(?:(?:а|и|and)\s+)?(?:по|for|on)\s+(?:\w+\s+){1,2}?[—–-]?\s*(?:(?:до|by|on)\s+)?(?:the\s+)?\d"
)


END_PHRASE = re.compile(r"(?:подход|подош|подойд)\w*\s+к\s+концу\b|(?:переста|прекра[тщ])\w*\s+действ")
# "карта перестанет работать тридцатого": the infinitive nearest the date says the end with the verb before it
END_PHRASE_TAIL = re.compile(r"\bпереста\w*\s+(?:работать|действовать)$")
# "срок полиса выходит девятого июля": the term running out, not a generic "выходит"
TERM_RUNS_OUT = re.compile(r"\bсрок\w*\s+(?:\w+\s+){0,2}$")
RUN_OUT_LEMMAS = frozenset({"выходить", "выйти"})


CLAUSE_CUES: list[tuple[str, re.Pattern[str]]] = [
    ("callback", lexicon.CALLBACK),
    ("payment_promise", lexicon.PAYMENT_PROMISE),
    # "фиксирую обещание на 11 января": the promise put on record names the payment
    ("payment_promise", lexicon.PAYMENT_RESTATED),
    ("other", lexicon.SCHEDULED),
    ("payment_promise", lexicon.PAYMENT_WORDS),
    ("end", lexicon.ENDS),
]
VERB_EVENTS: list[tuple[str, frozenset[str]]] = [
    ("callback", lexicon.CALLBACK_LEMMAS),
    ("payment_promise", lexicon.PAYMENT_LEMMAS | lexicon.MONEY_MOVE_LEMMAS | lexicon.ARRIVAL_LEMMAS),
    ("end", lexicon.END_LEMMAS),
]


def _clause_event(sentence: SentenceFacts, mention: DateMention, lower: str) -> str | None:
    """The event of the date's own clause: the verb nearest the date names it ("заявление подам
    завтра" is another act, "деньги положу девятнадцатого" a payment); a verb that leans on another
    ("смогу", "давайте") or puts something on record ("записала") leaves it to the clause's cue words
    ("следующий платёж по графику"); None when the clause names nothing and the date belongs to the
    sentence's event ("половину завтра")."""
    # "вклад «Рост» у вас по девятое декабря": a quoted name is the product's, not another subject
    lower = QUOTED_NAME.sub(lambda m: m.group()[0] + " " * (len(m.group()) - 2) + m.group()[-1], lower)
    start, end = clause_bounds(lower, mention.start, [(d.start, d.end) for d in sentence.dates])
    if lexicon.STANDING.search(lower[start:end]):
        return "other"
    # in a run-on Whisper sentence a new subject starts a new clause: "мне нужно уточнить про
    # страховку квартиры она у вас до 15 января" — "уточнить" does not govern the date
    all_verbs = verbs_in(lower, start, end, sentence.language)
    verbs = [v for v in all_verbs if not _new_subject_between(lower, v, mention)]
    # "оплату ждём первого октября я вам позвоню тридцатого сентября": the clause the new subject opens, with its
    # cue words, is another one
    start, end = _clause_without_new_subjects(lower, start, end, mention, [v for v in all_verbs if v not in verbs])
    # "он у меня до двадцать пятого июня хочу продлить", "а каско девятого июля перезвоните": after a third-person
    # subject, the speaker's own verb after the date opens the next clause
    subject = _third_person_subject(sentence, lower, start, mention, verbs)
    if subject is not None:
        end = next((v.start for v in verbs if v.start > mention.start and _speakers_verb(v)), end)
        verbs = [v for v in verbs if v.start < end]
        if not verbs and sentence.ends_product and _bare_product_before(lower, subject, mention):
            return "end"  # "страховка кончается пятого июня а каско девятого июля": the end said again, verb left out
    if verbs:
        # the verb fewest words away; on a tie the one before the date ("позвоню двенадцатого проверить")
        verb = min(verbs, key=lambda v: (_words_apart(lower, v, mention), v.start > mention.start))
        if (
            END_PHRASE.match(lower[verb.start :])
            or END_PHRASE_TAIL.search(lower[: verb.start + len(verb.word)])
            or (verb.lemma in RUN_OUT_LEMMAS and TERM_RUNS_OUT.search(lower[start : verb.start]))
        ):
            return "end"  # "вклад подходит к концу двадцать пятого": the verb says the end only with its phrase
        # "давайте в пятницу" leans on the date; "продавцу дадим срок до 24 марта" gives a deadline, its own act
        leans = verb.lemma in LEANING_VERBS and (verb.imperative or verb.lemma not in GIVE_LEMMAS)
        if not leans and verb.lemma not in RECORDING_VERBS:
            return next((name for name, lemmas in VERB_EVENTS if verb.lemma in lemmas), "other")
        # "платёж внесу в четверг точно в четверг зарплата будет в среду": the words since the last date name
        # the subject of this one
        since = max([start, *(d.end for d in sentence.dates if d.end <= mention.start)])
        between = lower[since : mention.start]
        # "не в четверг у меня объект давайте в пятницу": the words before a counter-proposal are its reason
        between = between[_after_counter_proposal(between) :]
        if not any(p.search(between) for _, p in CLAUSE_CUES) and names_another_thing(between, sentence.language):
            return "other"
    # "Записываю погашение овердрафта шестого мая": a debt's repayment put on record is the customer's payment,
    # not the product's end
    if any(v.lemma in RECORDING_VERBS for v in verbs) and RECORDED_REPAYMENT.search(lower[start:end]):
        return "payment_promise"
    # "за неделю до окончания" dates the call, not the end; "the end of July" is a date, not an end
    clause = lexicon.BEFORE_ANCHOR.sub(" ", _without_dates(sentence)[start:end])
    cued = next((name for name, pattern in CLAUSE_CUES if pattern.search(clause)), None)
    own_start, own_end = clause_bounds(lower, mention.start)  # not joined: "партнёр, страховая компания, в понедельник"
    own_start += _after_counter_proposal(lower[own_start : mention.start])
    if cued is None and names_another_thing(lower[own_start : mention.start], sentence.language):
        return "other"  # "Зарплата у меня двадцатого": the date of the salary, not of a payment
    if cued is None and not verbs and names_another_thing(lower[mention.end : own_end], sentence.language):
        return "other"  # "В четверг у меня врач": what the day holds, said after it
    return cued


def _after_counter_proposal(words: str) -> int:
    """Where the last counter-proposal before a date ends ("у меня врач давайте во вторник"): the words before it
    are its reason, not what the date is about."""
    proposals = list(lexicon.COUNTER_PROPOSAL.finditer(words))
    return proposals[-1].end() if proposals else 0


def _clause_without_new_subjects(
    lower: str, start: int, end: int, mention: DateMention, cut_off: list[Verb]
) -> tuple[int, int]:
    """The clause's bounds narrowed to the date's side of each subject pronoun that opens another clause."""
    for verb in cut_off:
        if verb.start > mention.start:
            found = SUBJECT_PRONOUNS.search(lower, mention.end, verb.start)
            end = min(end, found.start()) if found else end
        else:
            before = list(SUBJECT_PRONOUNS.finditer(lower, verb.start + len(verb.word), mention.start))
            start = max(start, before[-1].start()) if before else start
    return start, end


RECORDED_REPAYMENT = re.compile(
    r"\bпогашени\w*\s+(?:\w+\s+)?(?:задолженност|долг|просрочк|овердрафт|кредит|карт|займ|минимальн)"
)
SUBJECT_PRONOUNS = re.compile(r"\b(?:я|ты|он|она|оно|мы|вы|они)\b")
THIRD_PERSON = re.compile(r"\b(?:он|она|оно|они)\b")


def _third_person_subject(
    sentence: SentenceFacts, lower: str, start: int, mention: DateMention, verbs: list[Verb]
) -> int | None:
    """Where a third-person subject (a pronoun or a product) stands before the date with no verb after it."""
    if sentence.language != "ru":
        return None
    before = lower[start : mention.start]
    found = [m.start() for m in THIRD_PERSON.finditer(before)]
    found += [m.start() for _, pattern in lexicon.PRODUCTS for m in pattern.finditer(before)]
    if not found:
        return None
    at = start + max(found)
    if any(at < v.start < mention.start for v in verbs):
        return None
    return at


def _bare_product_before(lower: str, subject: int, mention: DateMention) -> bool:
    """ "а каско девятого июля": the product itself right before the date, not "звонок по вкладу пятого марта"."""
    phrase = lower[subject : mention.start]
    return (
        _names_product(phrase)
        and bool(re.fullmatch(r"[а-яё]+\s+(?:у (?:меня|вас)\s+)?(?:до\s+)?", phrase))
        and not re.search(r"\b(?:по|для|на|о|об|про|с|за|к)\s+$", lower[:subject])
    )


def _speakers_verb(verb: Verb) -> bool:
    """A verb of the speaker or the listener: first or second person, or a request."""
    return verb.person in ("1per", "2per") or verb.imperative


# "Я позвоню вам шестнадцатого проверить поступление": the person a verb is said to does not
# put the verb further from its date than the purpose after it
OBJECT_PRONOUNS = frozenset({"вам", "вас", "мне", "меня", "тебе", "тебя", "ему", "ей", "им", "нам", "нас", "их", "его"})


def _words_apart(lower: str, verb: Verb, mention: DateMention) -> int:
    between = (
        lower[mention.end : verb.start]
        if verb.start > mention.start
        else lower[verb.start + len(verb.word) : mention.start]
    )
    return len([w for w in between.split() if w.strip(",.") not in OBJECT_PRONOUNS])


def _new_subject_between(lower: str, verb: Verb, mention: DateMention) -> bool:
    if verb.start > mention.start:
        between = lower[mention.end : verb.start]
        # "запишу оплату на 5 марта абонемент у вас действует до ...": a product named right after the date is the
        # next clause's subject, as a pronoun is
        opens = re.sub(r"^[\s,]*(?:(?:ваш|мой|наш)\w*\s+)?", "", between)
        return bool(SUBJECT_PRONOUNS.search(between)) or any(p.match(opens) for _, p in lexicon.PRODUCTS)
    return bool(SUBJECT_PRONOUNS.search(lower[verb.start + len(verb.word) : mention.start]))


# "подписка на премиум-обслуживание": a hyphenated word is one word, inside the phrase it belongs to
HYPHENATED_WORD = re.compile(r"[а-яё]+(?:-[а-яё]+)*")
TIME_WORDS = frozenset({"года", "году", "год", "месяца", "недели", "числа"})
DAY_WORDS = frozenset({"дата", "день", "число"})
QUOTED_NAME = re.compile(r"«[^»]*»|\"[^\"]*\"|“[^”]*”")
EN_AUXILIARIES = frozenset({"is", "are", "was", "were", "will", "be", "s", "it", "that", "which"})


EN_WHOSE = re.compile(
    r"\s+(?:on|for|of|under|with)\s+(?:(?:the|your|my|our|its|this|that)\s+)?[\w-]+(?:\s+[\w-]+)?\s*$"
)
RELATIVE_CLAUSE = re.compile(r",\s*(?:(?:к|на|с|по|в|за|от|у|для)\s+)?(?:котор\w+|which|that)\b[^,.!?]*,")


def _en_subject_is_product(lower: str, cue: int) -> bool:
    start, _ = clause_bounds(lower, cue)
    # "the grace period on your overdraft ends": the head noun stands before the phrase that says whose it is
    subject_words = EN_WHOSE.sub("", lower[start:cue])
    words = [w for w in re.findall(r"[a-z]+", subject_words) if w not in EN_AUXILIARIES]
    if words and (
        lexicon.EN_NOT_PRODUCT_SUBJECT.fullmatch(words[-1]) or lexicon.EN_NOT_PRODUCT_HEAD.fullmatch(words[-1])
    ):
        return False  # "your next loan payment is due": the head noun is the payment
    return not (lexicon.EN_NOT_PRODUCT_SUBJECT.search(subject_words) and not _names_product(subject_words))


def _end_subject_is_product(sentence: SentenceFacts) -> bool:
    """ "Льготный период по карте заканчивается", "одобрение действует до пятницы", "the instalment is
    due on the 5th": the thing that ends is not the product, so no product ends.

    The subject is the nearest noun before the verb that can be nominative in the verb's number
    ("полис страхования квартиры заканчивается": "полис"), else the first one after it.
    """
    lower = _without_dates(sentence)  # "заканчивается пятнадцатого мая": a month is no subject
    # "вклад «Валютный плюс» истекает": a quoted name is the product's, never the subject
    lower = QUOTED_NAME.sub(lambda m: " " * len(m.group()), lower)
    cue = lexicon.ENDS.search(lower)
    if cue is None:
        return True
    lower = _without_unquoted_name(sentence.norm.text, lower, cue.start())
    # "Карта, к которой привязано автопродление полиса, истекает в октябре": the relative clause set off by
    # commas tells about the subject and holds none of its own
    lower = RELATIVE_CLAUSE.sub(lambda m: "," + " " * (len(m.group()) - 2) + ",", lower)
    start, end = clause_bounds(lower, cue.start())
    if sentence.language != "ru":
        # "The introductory offer ... finishes on the 10th, then the contract runs until June": any end said of a
        # product (each date then goes to its own clause)
        # product (each date then goes to its own clause); "runs until June" is a cue with its date's "until"
        cues = lexicon.ENDS.finditer(sentence.norm.text.lower())
        return any(_en_subject_is_product(lower, m.start()) for m in cues)
    verb = next(iter(verbs_in(lower, cue.start(), cue.end() + 20, "ru")), None)
    number = verb.number if verb is not None and not verb.infinitive else None
    # the cue's own clause first: "по карте вы вносите платёж до двадцатого, вклад у вас заканчивается"
    before = _outside_prepositions(re.findall(HYPHENATED_WORD, lower[start : cue.start()]))[::-1]
    rest = lower[cue.end() :]
    word_end = cue.end() + next((i for i, ch in enumerate(rest) if not ch.isalnum()), len(rest))  # past the cue's word
    after = _outside_prepositions(re.findall(HYPHENATED_WORD, lower[word_end:end]))
    earlier = _outside_prepositions(re.findall(HYPHENATED_WORD, lower[:start]))[::-1]
    # "четырнадцатого марта следующего года": a word of the date ("года") is no subject
    # "Дата окончания вклада", "последний день действия полиса": the day is no subject, the noun after the cue is
    # ("дата окончания льготного периода" is the grace period's)
    if before and before[0] in DAY_WORDS:
        noun = next((w for w in after if any("NOUN" in g for _, g, _ in word_parses(w))), None)
        if noun is not None:
            return any(lemma in lexicon.TERM_NOUNS for lemma, _, _ in word_parses(noun)) or _names_product(noun)
    words = [w for w in (*before, *after, *earlier) if len(w) > 2 and w not in TIME_WORDS and w not in DAY_WORDS]
    for word in words:
        parses = word_parses(word)
        if parses and parses[0][1] & NOT_SUBJECT_PARTS:
            continue  # "ровно до седьмого сентября, потом он закрывается": an adverb is no subject (nor a town "Ровно")
        if any("UNKN" in grammemes for _, grammemes, _ in parses):
            return True  # a name pymorphy3 does not know ("ОСАГО", "ИИС"): a product's
        subject = next(
            (
                lemma
                for lemma, grammemes, _ in parses
                if {"NOUN", "nomn"} <= grammemes and "Abbr" not in grammemes and (number is None or number in grammemes)
            ),
            None,
        )
        if subject is not None:
            # "кредитная линия заканчивается": the product may be named by the word before its noun
            modified = re.search(r"([а-яё-]+)\s+" + re.escape(word) + r"\b", lower[: cue.start()])
            named = _names_product(word) or (
                modified is not None
                and _names_product(modified.group(1))
                and any("ADJF" in grammemes for _, grammemes, _ in word_parses(modified.group(1)))
            )
            return subject in lexicon.TERM_NOUNS or named
    return True


# a capitalised word inside the sentence: "полис по ипотеке Свой дом", "полис для путешествий Мир"
CAPITALISED_WORD = re.compile(r"(?<=\s)[А-ЯЁA-Z][а-яёa-z]+")


def _without_unquoted_name(text: str, lower: str, cue: int) -> str:
    """ "Полис страхования по ипотеке Свой дом заканчивается": a capitalised name said after the product and
    before the end's verb is the product's own name, unquoted; it is blanked out like a quoted one."""
    # the product said first: "Пакет услуг Премиум по вашей карте заканчивается" names the package, the card after
    # its name only tells whose it is
    said = [m.end() for _, pattern in lexicon.PRODUCTS for m in [pattern.search(lower[:cue])] if m]
    product = min(said, default=None)
    if product is None:
        return lower
    name = CAPITALISED_WORD.search(text, product, cue)
    if name is None:
        return lower
    return lower[: name.start()] + " " * (cue - name.start()) + lower[cue:]


NOT_SUBJECT_PARTS = frozenset({"ADVB", "CONJ", "PRCL", "INTJ", "PREP"})
MODIFIERS = {"ADJF", "ADJS", "PRTF", "NUMR", "Apro"}


def _outside_prepositions(words: list[str]) -> list[str]:
    """The words not inside a prepositional phrase: "подписка на повышенный кэшбэк" keeps "подписка"."""
    kept: list[str] = []
    inside = False
    for word in words:
        grammemes = word_parses(word)[0][1] if word_parses(word) else frozenset()
        if "PREP" in grammemes:
            inside = True
            continue
        if inside and grammemes & MODIFIERS:
            continue
        if inside and "NOUN" in grammemes:
            inside = False
            continue
        inside = False
        kept.append(word)
    return kept


def _without_dates(sentence: SentenceFacts) -> str:
    """The sentence, lower-cased, with its dates blanked out (offsets kept)."""
    lower = sentence.norm.text.lower()
    for date in sentence.dates:
        lower = lower[: date.start] + " " * (date.end - date.start) + lower[date.end :]
    return lower


def _names_product(text: str) -> bool:
    return any(pattern.search(text) for _, pattern in lexicon.PRODUCTS)


def _confidence(mention: DateMention) -> float:
    return {"day": 0.9, "part": 0.75, "month": 0.6}[mention.precision]


def _merge_end_dates(candidates: list[Candidate]) -> list[Candidate]:
    kept: list[Candidate] = []
    for cand in candidates:
        due = cand.due
        assert due is not None and cand.mention is not None
        same_month = [
            k for k in kept if k.type == cand.type and k.due and (k.due.year, k.due.month) == (due.year, due.month)
        ]
        if any(k.due == due for k in same_month):
            continue
        rank = PRECISION_RANK[cand.mention.precision]
        better = [k for k in same_month if k.mention and PRECISION_RANK[k.mention.precision] > rank]
        if better:
            continue
        worse = [k for k in same_month if k.mention and PRECISION_RANK[k.mention.precision] < rank]
        kept = [k for k in kept if k not in worse]
        kept.append(cand)
    return kept


def _agreed(candidates: list[Candidate]) -> list[Candidate]:
    """The agreed date of each event: call-backs and payments are haggled over, but a call may hold two.

    The last sentence that names a date for this kind of task settles it; every date it names is
    its own event ("10 000 внесу седьмого, а остальные двадцатого"). An earlier date about another
    product than the settled ones is an event of its own too ("по ипотеке перезвонит завтра. А по
    кредитке я наберу в пятницу"). Each date's evidence is the first sentence that named it.
    """
    dated = [c for c in candidates if c.due is not None]
    if not dated:
        # "Хочу часть погасить материнским капиталом", "хочу снова положить": a wish to pay that never got a day
        # opened the question (a day said next would answer it) but promised nothing
        return [
            c for c in candidates[:1] if not (c.type == "payment_promise" and WISH.search(c.sentence.norm.text.lower()))
        ]
    last = dated[-1]
    # "Половину завтра. Половину десятого.": one answer Whisper split in two sentences settles together
    settled = [
        c
        for c in dated
        if c.sentence is last.sentence
        or (last.why == c.why == "follows" and c.sentence.turn == last.sentence.turn)
        # a haggle that moved one part of a split payment leaves the customer's other parts standing
        or (last.why == c.why == "haggled" and last.sentence.turn - c.sentence.turn <= HAGGLE_PART_TURNS)
    ]
    settled = _other_parts_kept(dated, settled)
    products = {_topic(c) for c in settled}
    others = [c for c in dated if c not in settled and _topic(c) is not None and _topic(c) not in products]
    if others and None not in products:
        # an earlier product's own last date
        by_product: dict[str, Candidate] = {}
        for c in others:
            by_product[_topic(c) or ""] = c
        settled += by_product.values()
    dues: list[dt.date] = []
    for c in settled:
        if c.due is not None and c.due not in dues and not _vaguer_than_another(c, settled):
            dues.append(c.due)
    return [next(c for c in dated if c.due == due) for due in dues]


# "По пенсии я сама свяжусь с вами": a sentence that opens on its topic names what its event is about, a product or not
TOPIC_OPENING = re.compile(
    r"^\W*(?:(?:а|и|теперь|что касается)\s+)?(?:по|насчёт|насчет|about|as for|regarding)\s+([а-яёa-z]{3,})"
)


# "I'll call you about the pension account on Monday", "позвоню вам по пенсии в пятницу": the call names its topic
# after the verb ("по телефону" is the channel, not a topic)
CALL_ABOUT = re.compile(
    r"\b(?:call|ring|phone|contact)\w*\s+(?:you\s+|me\s+)?(?:back\s+)?(?:about|regarding)\s+"
    r"(?:the\s+|your\s+|my\s+|our\s+)?([a-z]{3,})|"
    r"\b(?:позвон|перезвон|набер|свяж)\w*\s+(?:вам\s+|вас\s+|с вами\s+|мне\s+)?(?:по поводу|насч[её]т|по)\s+"
    r"(?!телефон|номер|ватсап|whatsapp|видео|громк|времени)([а-яё]{3,})"
)


def _topic(cand: Candidate) -> str | None:
    if cand.product is not None:
        return cand.product
    lower = cand.sentence.norm.text.lower()
    opening = TOPIC_OPENING.match(lower)
    if opening:
        return "topic:" + opening.group(1)[:5]
    about = CALL_ABOUT.search(lower) if cand.type == "callback" else None
    return "topic:" + (about.group(1) or about.group(2))[:5] if about else None


def _other_parts_kept(dated: list[Candidate], settled: list[Candidate]) -> list[Candidate]:
    """ "Половину в пятницу, а остаток двадцать шестого" — "двадцать шестого не получится, давайте двадцать
    восьмого": when one date settles a part of an earlier split ("остаток", "the rest", "второй платёж") or
    corrects one of its dates, the split's other parts stay."""
    if len({c.due for c in settled}) != 1:
        return settled
    last = settled[-1].sentence
    splits = [
        c.sentence
        for c in dated
        if c.sentence is not last and len({o.due for o in dated if o.sentence is c.sentence}) > 1
    ]
    if not splits:
        return settled
    split = splits[-1]
    parts = [c for c in dated if c.sentence is split]
    later = [c.sentence for c in dated if c.sentence.turn >= split.turn and c.sentence is not split]
    replaced = next((s.replaced for s in reversed(later) if s.replaced in {c.due for c in parts}), None)
    day = settled[-1].due
    # "Первый взнос закрою завтра, а второй в середине декабря." — "Пусть будет шестнадцатое декабря": the day
    # refines the part said by its month
    refined = [
        c.due
        for c in parts
        if c.mention is not None
        and c.mention.precision != "day"
        and c.due is not None
        and day is not None
        and (c.due.year, c.due.month) == (day.year, day.month)
    ]
    if replaced is None and len(refined) == 1:
        replaced = refined[0]
    if replaced is None:
        # "Could the rest come by the seventh?" — "Fine, the seventh.": the part may be named by the turn agreed to
        naming = [x for x in [*later, last] if lexicon.SPLIT_PARTS.search(x.norm.text.lower())]
        if not naming:
            return settled
        replaced = (
            parts[0].due
            if re.search(r"\bперв|\bfirst (?:half|part|payment)", naming[-1].norm.text.lower())
            else parts[-1].due
        )
    return [c for c in parts if c.due != replaced] + settled


PART_OF_MONTH_DAYS = 10  # "в конце марта" covers about the last ten days


def _vaguer_than_another(cand: Candidate, others: list[Candidate]) -> bool:
    """ "В декабре внесу, сделаю это пятнадцатого": the month gives way to the day in it; a part of a month
    ("в середине марта") only to a day in that part ("первый в пятницу, первого марта, второй в середине марта"
    are two payments)."""
    if cand.mention is None or cand.due is None or cand.mention.precision == "day":
        return False
    return any(
        o.mention is not None
        and o.due is not None
        and PRECISION_RANK[o.mention.precision] > PRECISION_RANK[cand.mention.precision]
        and (o.due.year, o.due.month) == (cand.due.year, cand.due.month)
        and (cand.mention.precision != "part" or abs((o.due - cand.due).days) <= PART_OF_MONTH_DAYS)
        for o in others
    )


def _once(candidates: list[Candidate]) -> list[Candidate]:
    seen: dict[TaskType, Candidate] = {}
    for cand in candidates:
        if cand.type not in seen or (seen[cand.type].due is None and cand.due is not None):
            seen[cand.type] = cand
    return list(seen.values())


def _task(cand: Candidate, lang: str) -> Task:
    sentence = cand.sentence
    amount = sentence.amount if cand.type in ("deposit_maturity", "payment_promise", "product_expiry") else None
    return Task(
        type=cand.type,
        title=task_title(cand.type, cand.due, cand.product, amount, lang),
        due_date=cand.due,
        product=cand.product,
        amount=amount,
        owner=OWNERS.get(cand.type, "agent"),
        evidence=Evidence(
            turn=sentence.turn,
            speaker=sentence.speaker,
            quote=sentence.text,
            start=sentence.start,
            end=sentence.end,
            reason=_reason(cand, lang),
        ),
        confidence=cand.confidence,
    )


CUES: dict[TaskType, list[re.Pattern[str]]] = {
    "deposit_maturity": [lexicon.ENDS, lexicon.UNTIL_WORD],
    "product_expiry": [lexicon.ENDS, lexicon.UNTIL_WORD],
    "callback": [lexicon.CALLBACK],
    "payment_promise": [lexicon.PAYMENT_PROMISE, lexicon.PAYMENT_RESTATED, lexicon.PAYMENT_WORDS],
    "churn_risk": [lexicon.CHURN],
    "complaint": [lexicon.COMPLAINT],
}


def _reason(cand: Candidate, lang: str) -> str:
    """Why this sentence and this date make the task, in words a manager can check against the quote."""
    sentence = cand.sentence
    lower = sentence.norm.text.lower()
    cue = next((m.group() for p in CUES[cand.type] if (m := p.search(lower))), None)
    parts = [f"{sentence.speaker}, {sentence.modality}"]
    if cue:
        parts.append(f"cue '{cue.strip()}'")
    if cand.mention is not None:
        parts.append(f"date '{sentence.original(cand.mention)}' = {cand.mention.value}")
        if cand.why == "follows":
            parts.append("answers a task without a date in an earlier turn")
        elif cand.why == "agreed":
            parts.append("agrees to the date proposed just before")
        elif cand.why == "haggled":
            parts.append("the day both sides settled on over several turns about a debt")
        elif len({d.value for d in sentence.dates}) > 1:
            parts.append("the date of this event's own clause")
        if sentence.corrected is not None:
            parts.append(f"corrects '{sentence.corrected}' said before")
    return "; ".join(parts)


def format_date(date: dt.date, lang: str) -> str:
    return date.strftime("%d.%m.%Y") if lang == "ru" else date.strftime("%d %b %Y")


def format_amount(amount: Amount, lang: str) -> str:
    value = f"{amount.value:,.0f}".replace(",", " " if lang == "ru" else ",")
    return f"{value} {amount.currency}"


def task_title(kind: TaskType, due: dt.date | None, product: str | None, amount: Amount | None, lang: str) -> str:
    when = format_date(due, lang) if due else None
    money = f" ({format_amount(amount, lang)})" if amount else ""
    name = lexicon.PRODUCT_NAMES[lang].get(product or "", "Продукт" if lang == "ru" else "Product")
    if lang == "ru":
        titles: dict[TaskType, str] = {
            "deposit_maturity": f"Вклад{money} заканчивается {when}: предложить продление",
            "product_expiry": f"{name} заканчивается {when}: {_ru_offer(product)}",
            "callback": f"Перезвонить клиенту {when}" if when else "Перезвонить клиенту",
            "payment_promise": f"Проверить оплату{money} до {when}" if when else f"Проверить обещанную оплату{money}",
            "complaint": "Разобрать жалобу клиента",
            "churn_risk": "Риск ухода клиента: связаться и удержать" + (f" до {when}" if when else ""),
        }
    else:
        titles = {
            "deposit_maturity": f"Deposit{money} matures {when}: offer a renewal",
            "product_expiry": f"{name} ends {when}: {_en_offer(product)}",
            "callback": f"Call the customer back on {when}" if when else "Call the customer back",
            "payment_promise": f"Check the promised payment{money} by {when}" if when else "Check the promised payment",
            "complaint": "Resolve the customer's complaint",
            "churn_risk": "Churn risk: contact and retain the customer" + (f" by {when}" if when else ""),
        }
    return titles[kind]


def _ru_offer(product: str | None) -> str:
    if product == "card":
        return "проверить перевыпуск"
    if product in ("loan", "mortgage", "investment"):
        return "предложить новый продукт"
    return "предложить продление"


def _en_offer(product: str | None) -> str:
    if product == "card":
        return "check the reissue"
    if product in ("loan", "mortgage", "investment"):
        return "offer a new product"
    return "offer a renewal"
