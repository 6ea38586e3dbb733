"""The customer's voice from earlier calls reaches the prosody of a new call: the store keeps it in
Hz, the job runner reads it and converts it to the semitone scale, the pipeline scores against it."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.routing.history import seed_customer_with_history
from voc.config import Settings
from voc.jobs.runner import JobRunner
from voc.pipeline import Analyzer
from voc.prosody.norms import MIN_PROFILE_TURNS, profile_baseline
from voc.stage_types import AnalyzeOptions
from voc.store.blobs import BlobStore
from voc.store.db import Database
from voc.store.migrate import upgrade_database


def semitones(hz: float) -> float:
    return 12 * math.log2(hz / 55.0)


def test_stored_hertz_become_semitones_and_too_few_turns_are_no_baseline() -> None:
    baseline = profile_baseline((220.0, 22.0, 12), (4.6, 0.5, 12))
    centre, spread = baseline["pitch"]
    assert centre == pytest.approx(24.0)  # 220 Hz is two octaves over 55 Hz
    assert spread == pytest.approx(semitones(242.0) - 24.0)  # about 1.65 semitones
    assert baseline["rate"] == (4.6, 0.5)
    assert "loudness" not in baseline  # dBFS depends on the line: loudness stays relative to the call
    assert profile_baseline((220.0, 22.0, MIN_PROFILE_TURNS - 1), None) == {}


@pytest.fixture
def runner(tmp_path: Path) -> Iterator[JobRunner]:
    url = f"sqlite:///{tmp_path / 'voc.sqlite3'}"
    upgrade_database(url)
    database = Database(url)
    settings = Settings(data_dir=tmp_path)
    yield JobRunner(database, BlobStore(tmp_path / "blobs"), settings, Analyzer(settings))
    database.dispose()


def test_job_runner_reads_the_customers_voice_from_their_analysed_calls(runner: JobRunner) -> None:
    # Three analysed calls of four customer turns each at 205, 209, 213, 205 Hz (median 207), 4.8 syllables/s.
    seed_customer_with_history(runner.database, "C-7", dt.date(2026, 3, 2), "+70000000007")
    voice = dict((measure, (centre, spread)) for measure, centre, spread in runner.customer_voice("C-7"))
    assert set(voice) == {"pitch", "rate"}
    assert voice["pitch"][0] == pytest.approx(semitones(207.0), abs=0.01)
    assert voice["rate"][0] == pytest.approx(4.8)
    assert runner.customer_voice("nobody") == ()


def test_the_pipeline_scores_the_customer_against_the_profile(data_dir: Path) -> None:
    call = data_dir / "emotion" / "calls" / "ru_calm_neutral.flac"
    language = json.loads(call.with_suffix(".json").read_text(encoding="utf-8"))["extra"]["language"]
    # A customer whose usual voice is far lower than this call's: every turn reads raised.
    options = AnalyzeOptions(language=language, customer_voice=(("pitch", semitones(90.0), 1.5),))
    analysis = Analyzer().analyze_recording(call, options)
    customer = [t for t in analysis.turns if t.speaker == "customer" and t.prosody and t.prosody.z.pitch]
    agent = [t for t in analysis.turns if t.speaker == "agent" and t.prosody]
    assert customer and agent
    for turn in customer:
        assert turn.prosody is not None and turn.prosody.baseline.source == "profile"
        assert turn.prosody.z.pitch is not None and turn.prosody.z.pitch > 2.0
    assert all(t.prosody is not None and t.prosody.baseline.source != "profile" for t in agent)
