"""What request handlers need from the running service: the parts the composition root
(voc.service.Service) built at start-up, plus the API's own cache of verified keys and its request limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request

from api.limits import RequestLimits
from voc.config import Settings
from voc.jobs.queue import JobQueue
from voc.pipeline import Analyzer
from voc.service import Service
from voc.store.audit import AuditWriter
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
    audit: AuditWriter
    limits: RequestLimits
    # API keys verified recently: key digest -> (principal, monotonic expiry); see api/auth.py
    verified_keys: dict[str, tuple[Principal, float]] = field(default_factory=dict)

    @classmethod
    def of(cls, service: Service) -> ServiceContext:
        """Builds every part now, on the start-up thread, before any request can ask for one."""
        return cls(
            settings=service.settings,
            database=service.database,
            blobs=service.blobs,
            jobs=service.jobs,
            analyzer=service.analyzer,
            audit=service.audit,
            limits=RequestLimits(service.settings.limits),
        )


async def get_context(request: Request) -> ServiceContext:
    context: ServiceContext = request.app.state.context
    return context


Context = Annotated[ServiceContext, Depends(get_context)]
