"""One settings tree: the job settings nest under `jobs`; their old flat names still work."""

from __future__ import annotations

from pathlib import Path

import pytest

from voc.config import SHIPPED_MODELS_DIR, JobSettings, Settings
from voc.model_registry import configured_registry_path, load_registry


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("VOC_JOBS__QUEUE", "VOC_JOBS__THREADS", "VOC_JOBS_QUEUE", "VOC_JOBS_THREADS", "VOC_JOBS_IDLE_CPU"):
        monkeypatch.delenv(name, raising=False)


def test_job_settings_nest_under_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOC_JOBS__QUEUE", "calls-eu")
    monkeypatch.setenv("VOC_JOBS__THREADS", "3")
    jobs = Settings().jobs
    assert (jobs.queue, jobs.threads, jobs.max_attempts) == ("calls-eu", 3, JobSettings().max_attempts)


def test_the_deprecated_flat_names_still_work(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOC_JOBS_QUEUE", "calls-old")
    monkeypatch.setenv("VOC_JOBS_IDLE_CPU", "false")
    with pytest.warns(DeprecationWarning, match="VOC_JOBS_QUEUE, VOC_JOBS_IDLE_CPU: deprecated"):
        jobs = Settings().jobs
    assert (jobs.queue, jobs.idle_cpu) == ("calls-old", False)


def test_both_spellings_merge_and_the_nested_one_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOC_JOBS_QUEUE", "calls-old")
    monkeypatch.setenv("VOC_JOBS_THREADS", "4")
    monkeypatch.setenv("VOC_JOBS__QUEUE", "calls-new")
    with pytest.warns(DeprecationWarning):
        jobs = Settings().jobs
    assert (jobs.queue, jobs.threads) == ("calls-new", 4)


def test_arguments_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOC_JOBS__QUEUE", "from-env")
    assert Settings(jobs=JobSettings(queue="given")).jobs.queue == "given"


def test_a_bad_flat_value_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOC_JOBS_THREADS", "none")
    with pytest.warns(DeprecationWarning), pytest.raises(ValueError, match=r"jobs\.threads"):
        Settings()


def test_the_models_folder_is_read_when_a_registry_is_loaded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from voc.config import get_settings

    (tmp_path / "registry.yaml").write_text("mine:\n  task: testing\n", encoding="utf-8")
    monkeypatch.setenv("VOC_MODELS_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        assert configured_registry_path() == tmp_path / "registry.yaml"
        assert list(load_registry()) == ["mine"]
    finally:
        monkeypatch.delenv("VOC_MODELS_DIR")
        get_settings.cache_clear()
    assert configured_registry_path() == SHIPPED_MODELS_DIR / "registry.yaml"
