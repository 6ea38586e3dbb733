"""Recall and precision of text redaction on hand-written gold sets (tests/data/redaction/*.jsonl).

Each line is one turn: its language, the previous turn (`context`, usually the agent's question),
the text, the personal data in it (`pii`: type and exact substring) and the numbers that must
survive (`keep`: dates, amounts, order numbers). Figures per file:

- leak recall: a gold span is safe when, after the redaction stage, no 4 consecutive digits of it
  (3 for CVV, PIN and SMS codes; the whole address for e-mail) can be read in the turn's display
  text: the criterion of issue 14;
- typed recall: a found span of the same type covers the gold span (found as the stage finds it, with
  what the previous turn asked for);
- precision: found spans that overlap a gold span, over all found spans;
- kept: `keep` pieces still in the redacted text, unchanged.

    PYTHONPATH=$PWD python scripts/eval_redaction.py [--errors] [FILE ...]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from redaction_leaks import readable

from voc.config import REDACTION_TYPES
from voc.redaction import find_personal_data, redact_call
from voc.redaction.questions import asked_for
from voc.schemas import AgentState, CustomerState, Summary, Turn
from voc.stage_types import TextFindings
from voc.text.itn import add_display_text, display_text

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "redaction"


def digits_of(text: str, language: str) -> str:
    return "".join(ch for ch in display_text(text, language).text if ch.isdigit())


def leaked(kind: str, gold: str, redacted: str, language: str) -> bool:
    if kind == "EMAIL":
        return gold in redacted
    return readable(kind, digits_of(gold, language), [redacted], language)


def score(path: Path, show: bool) -> dict[str, float]:
    gold_n = safe = typed = found_n = correct = keep_n = kept = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        text, lang, context = case["text"], case["lang"], case["context"]
        turns = [Turn(index=0, speaker="agent", start=0, end=0, text=context)] if context else []
        turns.append(Turn(index=len(turns), speaker="customer", start=0, end=0, text=text))
        findings = TextFindings(
            add_display_text(turns, lang), CustomerState(), AgentState(), [], [], Summary(text="", backend="eval"), []
        )
        done = redact_call(findings, lang, REDACTION_TYPES)
        redacted = done.turns[-1].text
        # the types as the stage finds them: it passes what the previous turn asked for
        hits, _ = find_personal_data(text, lang, context, asked=asked_for(context) if context else None)
        spans = []
        for kind, piece in case["pii"]:
            start = text.index(piece)
            spans.append((start, start + len(piece)))
            gold_n += 1
            if not leaked(kind, piece, redacted, lang):
                safe += 1
            elif show:
                print(f"LEAK {path.name}: {kind} {piece!r} -> {redacted!r}")
            if any(h.type == kind and h.start <= start and h.end >= start + len(piece) for h in hits):
                typed += 1
            elif show:
                print(f"TYPE {path.name}: {kind} {piece!r} -> {[(h.type, text[h.start : h.end]) for h in hits]}")
        for h in hits:
            found_n += 1
            if any(h.start < b and h.end > a for a, b in spans):
                correct += 1
            elif show:
                print(f"FALSE {path.name}: {h.type} {text[h.start : h.end]!r} in {text!r}")
        for piece in case["keep"]:
            keep_n += 1
            if piece in redacted:
                kept += 1
            elif show:
                print(f"LOST {path.name}: {piece!r} -> {redacted!r}")
    return {
        "gold": gold_n,
        "leak_recall": safe / gold_n if gold_n else 1.0,
        "typed_recall": typed / gold_n if gold_n else 1.0,
        "found": found_n,
        "precision": correct / found_n if found_n else 1.0,
        "keep": keep_n,
        "kept": kept / keep_n if keep_n else 1.0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--errors", action="store_true", help="print every leak, wrong type, false hit and lost number")
    args = parser.parse_args()
    files = args.files or sorted(DATA.glob("*.jsonl"))
    print(
        f"{'file':<16} {'gold':>5} {'leak recall':>12} {'typed recall':>13} {'found':>6} {'precision':>10} "
        f"{'keep':>5} {'kept':>6}"
    )
    for path in files:
        r = score(path, args.errors)
        print(
            f"{path.name:<16} {r['gold']:>5} {r['leak_recall']:>12.3f} {r['typed_recall']:>13.3f} {r['found']:>6} "
            f"{r['precision']:>10.3f} {r['keep']:>5} {r['kept']:>6.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
