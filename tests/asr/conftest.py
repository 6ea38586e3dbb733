"""The task-word lexicon built from the packaged default vocabulary, shared by the task-word tests."""

from __future__ import annotations

import pytest

from voc.asr.task_words import TaskLexicon
from voc.asr.vocabulary import load_vocabulary


@pytest.fixture(scope="session")
def task_lexicon() -> TaskLexicon:
    vocabulary = load_vocabulary("default")
    assert vocabulary is not None
    built = TaskLexicon.build(vocabulary, "ru")
    assert built is not None
    return built
