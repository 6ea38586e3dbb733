"""What request handlers need from the running service, built once at start-up."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from voc.config import Settings
from voc.jobs.queue import JobQueue
from voc.pipeline import Analyzer
from voc.store.blobs import BlobStore
from voc.store.db import Database


@dataclass
class ServiceContext:
    settings: Settings
    database: Database
    blobs: BlobStore
    jobs: JobQueue
    analyzer: Analyzer


def get_context(request: Request) -> ServiceContext:
    context: ServiceContext = request.app.state.context
    return context


Context = Annotated[ServiceContext, Depends(get_context)]
