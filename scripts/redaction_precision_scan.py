#!/usr/bin/env python
"""What redaction masks in the turn texts of the other test data (tests/data, the redaction sets left
out), alone and with the previous turn as context, and in each conversation through the whole stage
(read-backs, numbers over two turns), as JSON: diff two runs to see every mask a rule change adds or
removes (none of these texts holds personal data on purpose).

PYTHONPATH=$PWD python scripts/redaction_precision_scan.py OUT.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from voc.config import REDACTION_TYPES  # noqa: E402
from voc.redaction import find_personal_data, redact_call  # noqa: E402
from voc.schemas import AgentState, CustomerState, Summary, Turn  # noqa: E402
from voc.stage_types import TextFindings  # noqa: E402
from voc.text.itn import add_display_text  # noqa: E402


def collect(node: Any, texts: set[str], pairs: set[tuple[str, str]], calls: set[tuple[tuple[str, str], ...]]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "text" and isinstance(value, str):
                texts.add(value)
            else:
                collect(value, texts, pairs, calls)
    elif isinstance(node, list):
        previous = ""
        call: list[tuple[str, str]] = []
        for item in node:
            text = item.get("text") if isinstance(item, dict) else None
            speaker = item.get("speaker") if isinstance(item, dict) else None
            if text is None and isinstance(item, list) and len(item) >= 2 and isinstance(item[1], str):
                text, speaker = item[1], item[0]  # a synthesised call's [speaker, text, ...] line
            if isinstance(text, str):
                pairs.add((previous, text))
                previous = text
                if isinstance(speaker, str):
                    call.append((speaker, text))
            collect(item, texts, pairs, calls)
        if len(call) > 1:
            calls.add(tuple(call))


def masked_turns(call: tuple[tuple[str, str], ...]) -> list[str]:
    """The turns of one conversation the whole redaction stage changes, as it masks them."""
    language = language_of(" ".join(text for _, text in call))
    turns = [
        Turn(index=i, speaker="agent" if "agent" in speaker.lower() else "customer", start=0, end=0, text=text)
        for i, (speaker, text) in enumerate(call)
    ]
    findings = TextFindings(
        add_display_text(turns, language), CustomerState(), AgentState(), [], [], Summary(text="", backend="scan"), []
    )
    done = redact_call(findings, language, REDACTION_TYPES)
    return [t.text for t, before in zip(done.turns, turns, strict=True) if t.text != before.text]


def language_of(text: str) -> str:
    return "en" if sum(ch.isascii() for ch in text) > 0.8 * len(text) else "ru"


def main() -> int:
    texts: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    calls: set[tuple[tuple[str, str], ...]] = set()
    for path in sorted((ROOT / "tests" / "data").rglob("*.json*")):
        if "redaction" in path.parts:
            continue
        try:
            lines = path.read_text(encoding="utf-8").splitlines() if path.suffix == ".jsonl" else [path.read_text()]
            for line in lines:
                if line.strip():
                    collect(json.loads(line), texts, pairs, calls)
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
    for call in sorted(calls):
        masked = masked_turns(call)
        if masked:
            out[f"call: {call[0][1]}"] = [("turn", text) for text in masked]
    Path(sys.argv[1]).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    print(
        f"{len(texts)} texts, {len(pairs)} (previous, turn) pairs, {len(calls)} conversations, {len(out)} with a mask"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
