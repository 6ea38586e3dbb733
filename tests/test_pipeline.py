"""One Analyzer, several analyses at once: the embedded worker and `/v1/analyze` share it.

Nothing a call produces may be kept where another call can see it (module globals, caches keyed
by call data): each analysis below runs many times on its own thread, the threads released
together each round, and every result must be that call's own.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from voc.config import Settings
from voc.pipeline import AnalyzeOptions, Analyzer, StageClock
from voc.schemas import ConversationIn, ConversationTurnIn, Sentiment, Task, Turn, Word
from voc.text.sentiment import SentimentClassifier, no_opinion

ROUNDS = 50
Result = TypeVar("Result")


class NoOpinion:
    """A sentiment model that takes no time: these tests are about what the other stages keep."""

    name = "test:no-opinion"

    def predict(self, texts: Sequence[str]) -> list[Sentiment]:
        return [no_opinion(self.name) for _ in texts]


class QuickAnalyzer(Analyzer):
    @property
    def sentiment(self) -> SentimentClassifier:
        return NoOpinion()


def run_together(analyses: Sequence[Callable[[], Result]], rounds: int = ROUNDS) -> list[list[Result]]:
    """Each analysis `rounds` times on its own thread; every round starts on all threads at once."""
    start_together = threading.Barrier(len(analyses))

    def repeat(analysis: Callable[[], Result]) -> list[Result]:
        results = []
        for _ in range(rounds):
            start_together.wait(timeout=60)
            results.append(analysis())
        return results

    with ThreadPoolExecutor(max_workers=len(analyses)) as pool:
        return list(pool.map(repeat, analyses))


def due_dates(tasks: Sequence[Task]) -> list[tuple[str, str | None]]:
    return [(t.type, t.due_date.isoformat() if t.due_date else None) for t in tasks]


# Two different conversations: different language, call date, task kinds and due dates.
DEPOSIT_CHAT = ConversationIn(
    language="ru",
    call_date=dt.date(2026, 11, 25),
    turns=[
        ConversationTurnIn(speaker="agent", text="Банк «Северный», здравствуйте."),
        ConversationTurnIn(
            speaker="customer", text="У меня вклад заканчивается пятнадцатого марта, хочу узнать про продление."
        ),
        ConversationTurnIn(speaker="agent", text="Ставки ещё не утверждены, я вам перезвоню в пятницу."),
    ],
)
PAYMENT_CHAT = ConversationIn(
    language="en",
    call_date=dt.date(2026, 4, 6),
    turns=[
        ConversationTurnIn(speaker="agent", text="Your card payment is overdue."),
        ConversationTurnIn(speaker="customer", text="Sorry, I'll pay the full amount on April 20th."),
    ],
)


def test_concurrent_conversations_each_get_their_own_tasks(settings: Settings) -> None:
    analyzer = QuickAnalyzer(settings)
    chats = [DEPOSIT_CHAT, PAYMENT_CHAT]
    expected = [
        [("deposit_maturity", "2027-03-15"), ("callback", "2026-11-27")],
        [("payment_promise", "2026-04-20")],
    ]

    def analysis(chat: ConversationIn) -> Callable[[], list[tuple[str, str | None]]]:
        return lambda: due_dates(analyzer.analyze_conversation(chat, AnalyzeOptions()).tasks)

    for seen, own in zip(run_together([analysis(chat) for chat in chats]), expected, strict=True):
        assert seen == [own] * ROUNDS


PROMISE = "Sorry, I missed it. I'll pay the full amount on April 20th."


def recorded_promise(pause_s: float) -> list[Turn]:
    """The same words in two recordings: the promise starts `pause_s` after "Sorry, I missed it."."""
    words: list[Word] = []
    at = 0.0
    for token in PROMISE.split():
        words.append(Word(word=token, start=at, end=at + 0.3, probability=0.9))
        at += (pause_s if token == "it." else 0.0) + 0.4
    # both recordings' turns start and end at the same moments; only the words inside differ
    words[-1] = words[-1].model_copy(update={"end": 10.0})
    return [Turn(index=0, speaker="customer", start=0.0, end=10.0, text=PROMISE, words=words)]


def test_concurrent_calls_with_the_same_words_keep_their_own_word_times(settings: Settings) -> None:
    """The evidence of a task is timed by the call's own words, never by another call's."""
    analyzer = QuickAnalyzer(settings)
    call_date = dt.date(2026, 4, 6)
    calls = [recorded_promise(pause_s=0.5), recorded_promise(pause_s=3.0)]

    def analysis(turns: list[Turn]) -> Callable[[], list[tuple[float | None, float | None]]]:
        def evidence_times() -> list[tuple[float | None, float | None]]:
            tasks = analyzer.text_stages(turns, "en", call_date, StageClock()).tasks
            return [(t.evidence.start, t.evidence.end) for t in tasks]

        return evidence_times

    expected = [[(2.1, 10.0)], [(4.6, 10.0)]]
    for seen, own in zip(run_together([analysis(turns) for turns in calls]), expected, strict=True):
        assert seen == [own] * ROUNDS
