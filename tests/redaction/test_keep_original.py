"""VOC_REDACTION__KEEP_ORIGINAL: the unredacted analysis travels beside the result, never inside it."""

from __future__ import annotations

import pytest

from tests.redaction.test_stage import CALL
from voc.config import Settings
from voc.schemas import CallAnalysis, ConversationIn
from voc.stage_types import AnalyzeOptions


@pytest.mark.slow
def test_the_original_is_kept_only_when_asked_and_never_serialised(settings: Settings) -> None:
    from voc.pipeline import Analyzer

    conversation = ConversationIn.model_validate(CALL)
    default = Analyzer(settings).analyze_conversation(conversation, AnalyzeOptions())
    assert default.unredacted is None, "off by default: there is no original to store"

    keeping = settings.model_copy(update={"redaction": settings.redaction.model_copy(update={"keep_original": True})})
    result = Analyzer(keeping).analyze_conversation(conversation, AnalyzeOptions())
    original = result.unredacted
    assert original is not None
    assert "2200 7000 0012 3454" in original.model_dump_json() and original.redactions == []
    masked = result.model_dump_json(exclude={"timings"})  # timings are measured floats: any digits may turn up
    assert "2200" not in masked and "[CARD_NUMBER]" in masked
    assert "unredacted" not in CallAnalysis.model_json_schema()["properties"]
    assert [t.text for t in original.turns] == [t.text for t in conversation.turns]
    assert original.timings == result.timings and original.tasks[0].type == result.tasks[0].type
