"""How well discovered contact drivers follow the true reasons for contact, on labelled sets.

Each line of a set (tests/data/topics/*.jsonl) is one contact: its true `reason` and either the
customer's `text` or the conversation's `turns` ([{speaker, text}]); `channel` and `note` are for
people. Figures per set, the targets of issue 16 in brackets:

- purity (>= 0.85): contacts in a topic that share its most common reason, over contacts in a topic;
- NMI (>= 0.70): normalised mutual information between topics and reasons, with contacts in no topic
  counted as one more group (so leaving contacts out costs NMI);
- coverage (>= 0.90): contacts that got a topic;
- each topic's label, size and majority reason, for a person to judge whether the label says it;
- seconds per contact to embed and the discovery's own time.

    PYTHONPATH=$PWD python scripts/eval_topics.py [FILE ...]   (default: every set)

`--assign` splits each set at random (three times): topics are discovered on two thirds and the
last third is assigned one contact at a time, as the worker assigns a new call; placed and right
shares per language, with the language means stored at discovery and without them:

    PYTHONPATH=$PWD python scripts/eval_topics.py --assign tests/data/topics/dev2.jsonl

`--build N` times `voc insights build` (voc.across_calls.build_topics) over N conversations made by
recombining the sets' turns (a customer's words from one contact, the agent's reply from another
with the same reason, and a made-up request number so that no two contact texts are the same),
stored in a fresh SQLite file without contact vectors: first from scratch (every contact embedded,
as after an upgrade), then again (vectors stored, as the worker leaves them). Before that, the
first `--pool` contacts are embedded the way the build did before (one thread, batches of 32) and
the way it does now (`embed_contacts_in_bulk`), and the ratio is printed, with the machine's load:

    PYTHONPATH=$PWD python scripts/eval_topics.py --build 10000 --pool 500

`--per-call CLIP` analyses a recording twice (the second run is timed: models are loaded) and
compares the topic assignment (embedding the contact, nearest of the topics discovered on the
sets) plus the categories stage with the whole analysis (issue 16: <= 3%):

    PYTHONPATH=$PWD python scripts/eval_topics.py --per-call tests/data/calls/deposit_ru_8k.wav
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

from sklearn.metrics import normalized_mutual_info_score

from voc.insights.topics import contact_language, contact_text, discover_topics, embed_contacts, nearest_topic
from voc.schemas import CallAnalysis, ChannelInfo, Turn

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "topics"


def as_analysis(row: dict[str, object]) -> CallAnalysis:
    raw_turns = row.get("turns") or [{"speaker": "customer", "text": row["text"]}]
    assert isinstance(raw_turns, list)
    turns = [Turn(index=i, speaker=t["speaker"], start=0.0, end=0.0, text=t["text"]) for i, t in enumerate(raw_turns)]
    return CallAnalysis(
        duration_s=0.0,
        language="ru",
        channels=ChannelInfo(mode="text", layout=[]),
        call_date=dt.date(2026, 11, 30),
        call_date_source="metadata",
        turns=turns,
    )


def evaluate(path: Path) -> dict[str, float]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    truth = [str(r["reason"]) for r in rows]
    texts = [contact_text(as_analysis(r)) for r in rows]
    began = time.perf_counter()
    vectors = embed_contacts(texts)
    embed_s = time.perf_counter() - began
    began = time.perf_counter()
    found = discover_topics(texts, vectors)
    discover_s = time.perf_counter() - began
    predicted = [a[0] if a else "(none)" for a in found.assignments]
    placed = [i for i, p in enumerate(predicted) if p != "(none)"]
    by_topic: dict[str, Counter[str]] = {}
    for i in placed:
        by_topic.setdefault(predicted[i], Counter())[truth[i]] += 1
    purity = sum(c.most_common(1)[0][1] for c in by_topic.values()) / max(1, len(placed))
    figures = {
        "contacts": len(rows),
        "reasons": len(set(truth)),
        "topics": len(found.topics),
        "purity": round(purity, 3),
        "nmi": round(float(normalized_mutual_info_score(truth, predicted)), 3),
        "coverage": round(len(placed) / max(1, len(rows)), 3),
        "embed_s_per_contact": round(embed_s / max(1, len(rows)), 3),
        "discover_s": round(discover_s, 2),
    }
    print(f"\n{path.name}: " + ", ".join(f"{k} {v}" for k, v in figures.items()))
    for topic in found.topics:
        reasons = by_topic.get(topic.id, Counter())
        top, count = reasons.most_common(1)[0] if reasons else ("-", 0)
        size = sum(reasons.values())
        print(f"  {topic.id:>4} {size:>4}  {top:<18} {count / max(1, size):.2f}  {topic.label}")
    return figures


def assign_unseen(path: Path, seeds: int = 3) -> None:
    """New contacts assigned to topics discovered without them, as the worker assigns a new call.

    Each seed splits the set at random: two thirds discover the topics, the last third is assigned
    one by one (`nearest_topic`). A contact is right when its topic's majority reason (among the
    discovering contacts) is its own. Printed per language, with the language means stored at
    discovery (as voc does) and without them (e5's own space, as voc did before)."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    truth = [str(r["reason"]) for r in rows]
    texts = [contact_text(as_analysis(r)) for r in rows]
    vectors = embed_contacts(texts)
    languages = [contact_language(t) for t in texts]
    tally: dict[tuple[str, str], list[int]] = {}  # (mode, language) -> [contacts, placed, right]
    for seed in range(seeds):
        order = list(range(len(rows)))
        random.Random(seed).shuffle(order)
        cut = len(order) * 2 // 3
        seen, unseen = order[:cut], order[cut:]
        found = discover_topics([texts[i] for i in seen], vectors[seen])
        majority: dict[str, Counter[str]] = {}
        for i, assigned in zip(seen, found.assignments, strict=True):
            if assigned:
                majority.setdefault(assigned[0], Counter())[truth[i]] += 1
        raw_topics = [replace(t, centred_centroid=None, centred_join_similarity=None) for t in found.topics]
        for mode, topics, means in (("stored means", found.topics, found.language_means), ("e5 space", raw_topics, {})):
            for i in unseen:
                counts = tally.setdefault((mode, languages[i]), [0, 0, 0])
                nearest = nearest_topic(vectors[i], languages[i], topics, means)
                counts[0] += 1
                if nearest is not None:
                    counts[1] += 1
                    counts[2] += majority[nearest[0]].most_common(1)[0][0] == truth[i]
    print(f"\n{path.name}: unseen contacts assigned ({seeds} random splits, 2/3 discover, 1/3 assigned)")
    for (mode, language), (count, placed, right) in sorted(tally.items()):
        print(
            f"  {mode:<13} {language}: {count:>4} contacts, placed {placed / count:.0%}, "
            f"right {right / max(1, placed):.0%} of placed"
        )


def recombined(count: int, files: list[Path], seed: int = 0) -> list[list[dict[str, str]]]:
    """New conversations: the customer's turns of one contact, the agent's of another, same reason."""
    by_reason: dict[str, list[list[dict[str, str]]]] = {}
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                turns = row.get("turns") or [{"speaker": "customer", "text": row["text"]}]
                by_reason.setdefault(str(row["reason"]), []).append(turns)
    rng = random.Random(seed)
    reasons = sorted(by_reason)
    out = []
    for _ in range(count):
        pool = by_reason[rng.choice(reasons)]
        customer = [t for t in rng.choice(pool) if t["speaker"] == "customer"]
        agent = [t for t in rng.choice(pool) if t["speaker"] == "agent"][:1]
        out.append(customer[:1] + agent + customer[1:])
    return out


def bench_build(count: int, pool_size: int, files: list[Path]) -> None:
    """`voc insights build` from scratch (every contact embedded) and again (vectors stored), and
    the bulk embedding against the one-thread embedding the build used before, in the same run."""
    import os

    from voc import across_calls
    from voc.insights.topics import embed_contacts_in_bulk, spare_cores
    from voc.intake import CallMetadata
    from voc.store import calls
    from voc.store.db import Database
    from voc.store.migrate import upgrade_database
    from voc.text.features import embed

    def load() -> str:
        return "load " + " ".join(f"{x:.1f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores"

    conversations = [numbered(turns, n) for n, turns in enumerate(recombined(count, files))]
    texts = [contact_text(as_analysis({"turns": turns})) for turns in conversations]
    pool = texts[:pool_size]
    print(f"{count} conversations, {len(set(texts))} distinct contact texts; {load()}")
    embed(pool[:8])  # the model is loaded before anything is timed
    # Before and after take turns on the same batches, so that a change of the machine's load
    # during the run falls on both alike.
    before_s = after_s = every_core_s = 0.0
    cores = len(os.sched_getaffinity(0))
    threads_used: Counter[int] = Counter()
    for start in range(0, len(pool), 32):
        chunk = pool[start : start + 32]
        began = time.perf_counter()
        embed_contacts(chunk)  # as the build embedded before: batches of 32, one thread
        before_s += time.perf_counter() - began
        threads_used[spare_cores()] += 1
        began = time.perf_counter()
        embed_contacts_in_bulk(chunk)
        after_s += time.perf_counter() - began
        began = time.perf_counter()
        embed(chunk, threads=cores)
        every_core_s += time.perf_counter() - began
    before, after, every_core = before_s / len(pool), after_s / len(pool), every_core_s / len(pool)
    print(
        f"embedding {len(pool)} contacts: before {before * 1000:.1f} ms per contact (one thread, batches of 32), "
        f"now {after * 1000:.1f} ms (bulk, batches of 32, threads per batch as the load allowed: "
        f"{dict(threads_used)}): {before / after:.2f}x faster; all {cores} cores whatever the load: "
        f"{every_core * 1000:.1f} ms ({before / every_core:.2f}x); {load()}"
    )
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/voc.sqlite3"
        upgrade_database(url)
        database = Database(url)
        began = time.perf_counter()
        with database.write() as session:
            for turns in conversations:
                analysis = as_analysis({"turns": turns})
                call = calls.create_call(session, client="bench", kind="conversation", metadata=CallMetadata())
                calls.claim_call(session, call.id)
                calls.finish_call(session, call.id, analysis)
                across_calls.index_finished_call(session, call, analysis)  # no vector: the build embeds it
        print(f"stored {count} analysed conversations without contact vectors in {time.perf_counter() - began:.0f} s")
        began = time.perf_counter()
        report = across_calls.build_topics(database)
        cold_s = time.perf_counter() - began
        print(
            f"voc insights build from scratch: {cold_s:.1f} s for {report.contacts} contacts (embedded "
            f"{report.embedded}, topics {report.topics}, unassigned {report.unassigned}); "
            f"embedding them as before would take about {before * report.embedded:.0f} s more than "
            f"{after * report.embedded:.0f} s; {load()}"
        )
        began = time.perf_counter()
        report = across_calls.build_topics(database)
        print(
            f"voc insights build again, vectors stored: {time.perf_counter() - began:.1f} s "
            f"(embedded {report.embedded}, topics {report.topics}, kept {report.kept}); {load()}"
        )
        database.dispose()


def numbered(turns: list[dict[str, str]], n: int) -> list[dict[str, str]]:
    """The conversation with a made-up request number in the customer's first turn: every contact
    text differs, so the build cannot skip embedding a repeated text and the timing stays honest."""
    first = next(i for i, t in enumerate(turns) if t["speaker"] == "customer")
    out = [dict(t) for t in turns]
    out[first]["text"] = f"{out[first]['text']} №{100000 + n}"
    return out


def per_call_cost(clip: Path, files: list[Path]) -> None:
    from voc.config import Settings
    from voc.insights.topics import TopicIndex, assign_topics
    from voc.pipeline import Analyzer
    from voc.stage_types import AnalyzeOptions

    rows = [json.loads(line) for path in files for line in path.read_text(encoding="utf-8").splitlines() if line]
    texts = [contact_text(as_analysis(r)) for r in rows]
    found = discover_topics(texts, embed_contacts(texts))
    index = TopicIndex(topics=found.topics, redirect={}, labels={t.id: t.label for t in found.topics})
    with tempfile.TemporaryDirectory() as folder:
        analyzer = Analyzer(Settings(data_dir=Path(folder)))
        analyzer.analyze_recording(clip, AnalyzeOptions())
        began = time.perf_counter()
        analysis = analyzer.analyze_recording(clip, AnalyzeOptions())
        analysis_s = time.perf_counter() - began
    repeats = 20
    began = time.perf_counter()
    for _ in range(repeats):
        placed, _vector = assign_topics(analysis, index)
    assign_s = (time.perf_counter() - began) / repeats
    categories_s = analysis.timings.get("categories", 0.0)
    print(f"{clip.name}: {analysis.duration_s:.1f} s of audio analysed in {analysis_s:.2f} s")
    print(f"  topic assignment {assign_s * 1000:.1f} ms ({len(index.topics)} topics; got {placed.topics})")
    print(f"  categories stage {categories_s * 1000:.1f} ms")
    print(f"  together {100 * (assign_s + categories_s) / analysis_s:.2f}% of the analysis (target <= 3%)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--build", type=int, default=0, help="time voc insights build over this many conversations")
    parser.add_argument("--pool", type=int, default=500, help="distinct contacts embedded for --build")
    parser.add_argument(
        "--assign", action="store_true", help="assign unseen contacts to topics discovered without them"
    )
    parser.add_argument(
        "--per-call", type=Path, help="time topic assignment and categories against this clip's analysis"
    )
    args = parser.parse_args()
    files = args.files or sorted(DATA.glob("*.jsonl"))
    if not files:
        print(f"no sets in {DATA}", file=sys.stderr)
        return 2
    if args.per_call:
        per_call_cost(args.per_call, files)
        return 0
    if args.build:
        bench_build(args.build, min(args.pool, args.build), files)
        return 0
    for path in files:
        assign_unseen(path) if args.assign else evaluate(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
