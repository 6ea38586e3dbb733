"""The composition root builds each part once, on first use, from one Settings."""

from __future__ import annotations

from pathlib import Path

from voc.config import JobSettings, Settings
from voc.jobs.runner import JobRunner
from voc.service import Service


class CountingRunner(JobRunner):
    pass


def test_a_command_that_only_analyses_opens_no_database(tmp_path: Path) -> None:
    service = Service(Settings(data_dir=tmp_path))
    assert service.analyzer is service.analyzer
    service.close()
    assert not (tmp_path / "voc.sqlite3").exists()


def test_embedded_jobs_have_a_runner_of_the_given_class_and_close_forgets_them(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, jobs=JobSettings(queue="composition-test"))
    service = Service(settings, runner_class=CountingRunner)
    jobs = service.jobs
    assert jobs.embedded and isinstance(jobs.runner, CountingRunner)
    assert jobs.runner.database is service.database and jobs.runner.analyzer is service.analyzer
    assert (tmp_path / "voc.sqlite3").is_file()  # migrated on first use
    service.close()
    assert service.jobs is not jobs  # a closed service builds fresh parts if used again
    service.close()


def test_only_processes_that_run_jobs_get_a_runner() -> None:
    sender = Service(Settings(broker_url="amqp://guest:guest@127.0.0.1:1/"))
    assert not sender.runs_jobs
    assert Service(Settings(broker_url="amqp://guest:guest@127.0.0.1:1/"), runs_jobs=True).runs_jobs
    assert Service(Settings()).runs_jobs  # embedded: the API process runs its own worker
