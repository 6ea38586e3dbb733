#!/usr/bin/env python
"""What redaction masks in the turn texts of the other test data (tests/data, the redaction sets left
out), alone and with the previous turn as context, as JSON: diff two runs to see every mask a rule
change adds or removes (none of these texts holds personal data on purpose).

PYTHONPATH=$PWD python scripts/redaction_precision_scan.py OUT.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from voc.redaction import find_personal_data  # noqa: E402


def collect(node: Any, texts: set[str], pairs: set[tuple[str, str]]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "text" and isinstance(value, str):
                texts.add(value)
            else:
                collect(value, texts, pairs)
    elif isinstance(node, list):
        previous = ""
        for item in node:
            text = item.get("text") if isinstance(item, dict) else None
            if text is None and isinstance(item, list) and len(item) >= 2 and isinstance(item[1], str):
                text = item[1]  # a synthesised call's [speaker, text, ...] line
            if isinstance(text, str):
                pairs.add((previous, text))
                previous = text
            collect(item, texts, pairs)


def language_of(text: str) -> str:
    return "en" if sum(ch.isascii() for ch in text) > 0.8 * len(text) else "ru"


def main() -> int:
    texts: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for path in sorted((ROOT / "tests" / "data").rglob("*.json*")):
        if "redaction" in path.parts:
            continue
        try:
            lines = path.read_text(encoding="utf-8").splitlines() if path.suffix == ".jsonl" else [path.read_text()]
            for line in lines:
                if line.strip():
                    collect(json.loads(line), texts, pairs)
        except (UnicodeDecodeError, json.JSONDecodeError):
            continue
    out: dict[str, list[tuple[str, str]]] = {}
    for text in sorted(texts):
        hits, _ = find_personal_data(text, language_of(text))
        if hits:
            out[text] = [(h.type, text[h.start : h.end]) for h in hits]
    for context, text in sorted(pairs):
        hits, _ = find_personal_data(text, language_of(text), context.lower())
        if hits:
            out[f"{context} || {text}"] = [(h.type, text[h.start : h.end]) for h in hits]
    Path(sys.argv[1]).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(texts)} texts, {len(pairs)} (previous, turn) pairs, {len(out)} with a mask")
    return 0


if __name__ == "__main__":
    sys.exit(main())
