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
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections import Counter
from pathlib import Path

from sklearn.metrics import normalized_mutual_info_score

from voc.insights.topics import contact_text, discover_topics, embed_contacts
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args()
    files = args.files or sorted(DATA.glob("*.jsonl"))
    if not files:
        print(f"no sets in {DATA}", file=sys.stderr)
        return 2
    for path in files:
        evaluate(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
