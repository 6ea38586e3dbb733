"""Entities (dates, amounts, products, intents) and CRM tasks from a call's turns."""

from voc.extract.entities import extract_entities
from voc.extract.tasks import extract_tasks

__all__ = ["extract_entities", "extract_tasks"]
