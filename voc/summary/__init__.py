"""Call summaries: an embedded structured/extractive default and an optional transformers backend.

`load_summarizer(settings)` once (the worker keeps it), then `summarize_call(...)` per call.
settings.summary_backend: "extractive" (default) or a local folder with an instruction-tuned
transformers model.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from voc.config import Settings
from voc.schemas import CustomerState, Summary, Task, Turn
from voc.summary.structured import CallFacts, compose_text, read_facts


class Summarizer(Protocol):
    name: str

    def write(self, turns: Sequence[Turn], facts: CallFacts, language: str) -> str: ...


class ExtractiveSummarizer:
    name = "extractive"

    def write(self, turns: Sequence[Turn], facts: CallFacts, language: str) -> str:
        return compose_text(facts, language)


def load_summarizer(settings: Settings) -> Summarizer:
    backend = settings.summary_backend.strip()
    if backend in ("", "extractive"):
        return ExtractiveSummarizer()
    from voc.summary.hf import TransformersSummarizer

    return TransformersSummarizer(Path(backend).expanduser(), device=settings.device)


def summarize_call(
    turns: Sequence[Turn],
    tasks: Sequence[Task],
    customer: CustomerState | None,
    language: str,
    summarizer: Summarizer,
) -> Summary:
    facts = read_facts(turns, tasks, customer, language)
    text = summarizer.write(turns, facts, language) if turns else ""
    backend = summarizer.name
    if not text.strip():
        text, backend = compose_text(facts, language), f"{summarizer.name}+extractive"
    outcome = "; ".join(facts.agreed) or None
    return Summary(text=text, reason=facts.reason, outcome=outcome, open_items=facts.open_items, backend=backend)


__all__ = ["ExtractiveSummarizer", "Summarizer", "load_summarizer", "summarize_call"]
