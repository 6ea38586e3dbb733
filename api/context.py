"""What request handlers need from the running service, built once at start-up."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request

from voc.config import Settings
from voc.jobs.queue import JobQueue
from voc.pipeline import Analyzer
from voc.store.blobs import Blobs
from voc.store.db import Database
from voc.store.keys import Principal


@dataclass
class ServiceContext:
    settings: Settings
    database: Database
    blobs: Blobs
    jobs: JobQueue
    analyzer: Analyzer
    # API keys verified recently: key digest -> (principal, monotonic expiry); see api/auth.py
    verified_keys: dict[str, tuple[Principal, float]] = field(default_factory=dict)


async def get_context(request: Request) -> ServiceContext:
    context: ServiceContext = request.app.state.context
    return context


Context = Annotated[ServiceContext, Depends(get_context)]
