"""Round tasks12 (issue 12): the agent's promise to register a complaint ("I'll open a formal complaint") makes one,
as "I've logged your complaint" did; telling the customer they could complain does not."""

from __future__ import annotations

from tests.extract.task_lines import pairs, tasks_of


def test_ill_open_a_formal_complaint() -> None:
    lines = [
        ("customer", "The app froze during my transfer and the money went twice."),
        ("agent", "I'm sorry. I'll open a formal complaint and the payments team will look into it."),
    ]
    assert pairs(tasks_of(lines, "en")) == [("complaint", None)]


def test_you_could_file_a_complaint_is_none() -> None:
    lines = [("agent", "If you are unhappy, you could file a complaint on our website.")]
    assert pairs(tasks_of(lines, "en")) == []
