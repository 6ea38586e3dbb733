"""Entities (dates, amounts, products, intents) and CRM tasks from a call's turns.

The pipeline reads a call once (`read_call`) and derives both from that reading; `extract_entities`
and `extract_tasks` read on their own, for one-off use.
"""

from voc.extract.analysis import CallReading, read_call
from voc.extract.entities import entities_from, extract_entities
from voc.extract.tasks import extract_tasks, tasks_from

__all__ = ["CallReading", "entities_from", "extract_entities", "extract_tasks", "read_call", "tasks_from"]
