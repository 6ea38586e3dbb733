"""Audio redaction on real recognition: the card number a customer dictates is found by the
pipeline, silenced in the copy, and Whisper can no longer read it back from that copy.

The clip is synthesised (scripts/make_redaction_clip.py); the card number is made up.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from voc.audio.decode import decode_audio
from voc.pipeline import Analyzer
from voc.stage_types import AnalyzeOptions
from voc.text.itn import display_text

CLIP = Path(__file__).parents[1] / "data" / "redaction" / "card_call_8k.wav"
TRUTH = json.loads(CLIP.with_suffix(".json").read_text())
CARD = TRUTH["extra"]["card_number"]


def heard_digits(analyzer: Analyzer, recording: bytes) -> str:
    """What bare Whisper hears on the customer's channel, as the digits ITN reads in it."""
    customer = decode_audio(recording, max_duration_s=60).samples[1]
    segments, _ = analyzer.transcriber.model.transcribe(customer, language="ru")
    text = display_text(" ".join(s.text for s in segments), "ru").text
    return re.sub(r"\D", "", text)


def readable(digits: str) -> bool:
    return any(CARD[i : i + 4] in digits for i in range(len(CARD) - 3))


def test_dictated_card_is_silenced_so_whisper_cannot_read_it_back(analyzer: Analyzer) -> None:
    original = CLIP.read_bytes()
    analysis = analyzer.analyze_recording(original, AnalyzeOptions(language="ru"))
    [card] = [r for r in analysis.redactions if r.type == "CARD_NUMBER"]
    turn = TRUTH["turns"][TRUTH["extra"]["card_turn"]]
    assert card.start is not None and card.end is not None
    assert turn["start"] - 0.5 < card.start < card.end < turn["end"] + 0.5

    copy = analyzer.redact_recording(original, analysis)
    assert copy is not None and "audio_redaction" in analysis.timings
    assert copy.duration_s == analysis.duration_s
    assert readable(heard_digits(analyzer, original)), "the check reads the card in the original"
    assert not readable(heard_digits(analyzer, copy.data))


def test_nothing_to_hide_keeps_the_recording_as_it_is(analyzer: Analyzer) -> None:
    clip = Path(__file__).parents[1] / "data" / "service" / "short_call_8k.wav"
    analysis = analyzer.analyze_recording(clip, AnalyzeOptions(language="ru"))
    assert analysis.redactions == []
    assert analyzer.redact_recording(clip, analysis) is None
