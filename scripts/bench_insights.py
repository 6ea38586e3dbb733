"""Trends and search over many stored calls: latency against a trivial query in the same run.

Generates `--calls` analysed calls straight into the insights tables (facts, labels, searchable
turns; the turns are sentences drawn from a pool of bank-call phrases reduced to dictionary forms
the way voc reduces real turns), then times, each `--repeat` times:

- a baseline: reading one call's facts by primary key;
- trends: by category, topic and agent, per day and per week, over 8 weeks;
- search: a common word, a rare word, two words, and a common word with agent and date filters.

It prints p50 and p95 in milliseconds and p95 over the baseline's p95. Issue 16's target is
p95 <= 200 ms with 100,000 calls, on SQLite and on PostgreSQL.

    PYTHONPATH=$PWD python scripts/bench_insights.py --calls 100000
    PYTHONPATH=$PWD python scripts/bench_insights.py --calls 100000 \\
        --database 'postgresql+psycopg://postgres@127.0.0.1:5432/test'   # a fresh schema, dropped after
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

from voc import across_calls
from voc.insights.search_terms import reduce_text
from voc.store.db import Database
from voc.store.insights import SearchFilters
from voc.store.migrate import upgrade_database
from voc.store.tables import call_facts, call_labels, turn_search

PHRASES = [
    "Здравствуйте, мне заблокировали карту, не могу оплатить покупки",
    "Хочу узнать остаток по кредиту и дату следующего платежа",
    "Приложение не открывается после обновления, пишет ошибку",
    "Добрый день, чем могу помочь?",
    "Подскажите ставку по вкладу на полгода",
    "С меня дважды списали деньги за одну покупку, верните",
    "Перевод по номеру телефона не пришёл получателю",
    "Банкомат не выдал наличные, а деньги списались",
    "Не начислили кэшбэк за прошлый месяц",
    "Сейчас проверю информацию, оставайтесь на линии",
    "Спасибо за обращение, всего доброго",
    "Мне позвонили мошенники и просили код из смс",
    "Хочу досрочно погасить ипотеку",
    "Я поменяла фамилию, как обновить паспортные данные",
    "Когда заканчивается мой депозит и можно ли его продлить",
    "Карта пришла по почте, как её активировать",
]
CATEGORIES = ["card_blocked", "loans", "mobile_app", "deposits", "disputed_charge", "fraud", "complaint"]
TOPICS = [f"topic_{i:02d}" for i in range(12)]
AGENTS = [f"A-{i:03d}" for i in range(60)]
SPAN_DAYS = 120


def populate(database: Database, calls: int, turns_per_call: int, seed: int) -> dt.date:
    rng = random.Random(seed)
    reduced = [(p, reduce_text(p)) for p in PHRASES]
    last_day = dt.date(2026, 11, 30)
    engine = database.engine
    with engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM calls"))
    batch = 2000
    for start in range(0, calls, batch):
        call_rows, facts, labels, turns = [], [], [], []
        for n in range(start, min(calls, start + batch)):
            call_id = f"call_{n:08d}"
            day = last_day - dt.timedelta(days=rng.randrange(SPAN_DAYS))
            call_rows.append({"id": call_id, "client": "bench", "status": "done", "kind": "call"})
            facts.append(
                {
                    "call_id": call_id,
                    "kind": "call",
                    "channel": rng.choice(["voice", "voice", "voice", "chat", "email"]),
                    "agent_id": rng.choice(AGENTS),
                    "customer_id": f"C-{rng.randrange(30000):05d}",
                    "occurred_on": day,
                    "language": "ru",
                    "duration_s": rng.uniform(60, 900),
                    "end_sentiment": rng.choice(["negative", "neutral", "neutral", "positive"]),
                    "escalated": rng.random() < 0.07,
                    "qa_score": rng.random(),
                }
            )
            for name in rng.sample(CATEGORIES, rng.randrange(0, 3)):
                labels.append({"call_id": call_id, "kind": "category", "name": name, "score": None})
            labels.append({"call_id": call_id, "kind": "topic", "name": rng.choice(TOPICS), "score": 0.9})
            for index in range(turns_per_call):
                text, lemmas = rng.choice(reduced)
                turns.append(
                    {
                        "call_id": call_id,
                        "turn_index": index,
                        "speaker": "customer" if index % 2 else "agent",
                        "start_s": index * 7.0,
                        "end_s": index * 7.0 + 6.0,
                        "sentiment": "neutral",
                        "text": text,
                        "lemmas": lemmas,
                    }
                )
        with engine.begin() as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO calls (id, kind, client, status, metadata, attempts, created_at, updated_at,"
                    " dispatch_confirmed) VALUES (:id, :kind, :client, :status, '{}', 1, CURRENT_TIMESTAMP,"
                    " CURRENT_TIMESTAMP, false)"
                ),
                call_rows,
            )
            connection.execute(call_facts.insert(), facts)
            connection.execute(call_labels.insert(), labels)
            connection.execute(turn_search.insert(), turns)
        print(f"\r  stored {min(calls, start + batch):,} calls", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(sa.text("ANALYZE"))
    return last_day


def timed(run: Callable[[], object], repeat: int) -> list[float]:
    run()  # warm the caches once
    out = []
    for _ in range(repeat):
        began = time.perf_counter()
        run()
        out.append((time.perf_counter() - began) * 1000)
    return out


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--turns", type=int, default=12, help="turns per call")
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--database", help="a PostgreSQL URL (a fresh schema is made); default a new SQLite file")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    schema = None
    admin = None
    if args.database:
        schema = f"bench_insights_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(args.database, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        url = f"{args.database}?options=-csearch_path%3D{schema}"
    else:
        url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='voc-bench-insights-')) / 'voc.sqlite3'}"
    try:
        upgrade_database(url)
        database = Database(url)
        began = time.perf_counter()
        last = populate(database, args.calls, args.turns, args.seed)
        print(f"{database.engine.dialect.name}: {args.calls:,} calls, {args.calls * args.turns:,} turns stored in "
              f"{time.perf_counter() - began:.0f} s")
        first = last - dt.timedelta(days=55)

        def baseline() -> object:
            with database.read() as session:
                return session.execute(sa.select(call_facts).where(call_facts.c.call_id == "call_00000042")).first()

        cases: dict[str, Callable[[], object]] = {
            "baseline: one call's facts": baseline,
            "trends category/day": lambda: across_calls.trends(database, "category", "day", first, last),
            "trends topic/week": lambda: across_calls.trends(database, "topic", "week", first, last),
            "trends agent/week": lambda: across_calls.trends(database, "agent", "week", first, last),
            "search common word": lambda: across_calls.search(database, "карта", SearchFilters(), 50, 0),
            "search rare word": lambda: across_calls.search(database, "активировать", SearchFilters(), 50, 0),
            "search two words": lambda: across_calls.search(database, "заблокировали карту", SearchFilters(), 50, 0),
            "search + agent + dates": lambda: across_calls.search(
                database, "кредит", SearchFilters(agent_id="A-007", since=first, until=last), 50, 0
            ),
        }
        results = {name: timed(run, args.repeat) for name, run in cases.items()}
        base = p95(results["baseline: one call's facts"])
        print(f"{'query':<28} {'p50 ms':>8} {'p95 ms':>8} {'p95 / baseline':>15}")
        for name, values in results.items():
            print(f"{name:<28} {statistics.median(values):>8.1f} {p95(values):>8.1f} {p95(values) / base:>15.1f}")
        database.dispose()
    finally:
        if admin is not None:
            with admin.connect() as connection:
                connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
