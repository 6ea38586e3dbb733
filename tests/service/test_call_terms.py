"""The job runner hands the recogniser the upload's own product names, then the customer's products
from their stored profile."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from tests.routing.history import analysis, seed_customer_with_history
from tests.service.harness import deployment
from voc.intake import CallMetadata
from voc.jobs.runner import JobRunner
from voc.schemas import CallAnalysis
from voc.stage_types import AnalyzeOptions
from voc.store import calls, profiles
from voc.store.blobs import open_blob_store

TODAY = dt.date(2026, 11, 30)


class OptionsSeen:
    """Takes the place of the pipeline to show what the runner asked it for."""

    def __init__(self) -> None:
        self.options: list[AnalyzeOptions] = []

    def analyze_recording(self, _data: bytes, options: AnalyzeOptions, **_: Any) -> CallAnalysis:
        self.options.append(options)
        return analysis(TODAY, 0.0, [])

    def redact_recording(self, _data: bytes, _analysis: CallAnalysis) -> None:
        return None  # nothing masked: the runner keeps the upload as it came


def test_a_known_customers_products_are_the_calls_terms(tmp_path: Path) -> None:
    with deployment("embedded", tmp_path) as deploy:
        settings = deploy.settings()
        database, blobs = deploy.database(), open_blob_store(settings)
        seed_customer_with_history(database, "cust-terms", TODAY, ani="+70000000001")
        with database.read() as session:
            assert profiles.customer_products(session, "cust-terms") == ["Вклад Надёжный"]
            assert profiles.customer_products(session, "someone-else") == []
        sha, size = blobs.put_bytes(b"RIFF....WAVE")
        with database.write() as session:
            known = calls.create_call(
                session, client="t", metadata=CallMetadata(customer_id="cust-terms"), blob_sha256=sha, blob_size=size
            ).id
            unknown = calls.create_call(
                session, client="t", metadata=CallMetadata(external_id="x2"), blob_sha256=sha, blob_size=size
            ).id
            named = CallMetadata.model_validate({"customer_id": "cust-terms", "terms": "Карта Халва, вклад надёжный"})
            known_with_names = calls.create_call(
                session, client="t", metadata=named, blob_sha256=sha, blob_size=size
            ).id
            only_names = CallMetadata.model_validate({"external_id": "x4", "terms": ["полис КАСКО"]})
            unknown_with_names = calls.create_call(
                session, client="t", metadata=only_names, blob_sha256=sha, blob_size=size
            ).id
        seen = OptionsSeen()
        runner = JobRunner(database, blobs, settings, seen)  # type: ignore[arg-type]
        for call_id in (known, unknown, known_with_names, unknown_with_names):
            runner.process(call_id)
        # The stored title's capital goes, so a correction writes "вкладу" mid-sentence; the upload's
        # names come first, and a product named twice (in any case) is given once.
        assert [o.terms for o in seen.options] == [
            ("вклад Надёжный",),
            (),
            ("карта Халва", "вклад надёжный"),
            ("полис КАСКО",),
        ]
        database.dispose()
