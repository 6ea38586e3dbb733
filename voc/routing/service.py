"""Routing as the running service holds it: policy, profiles, engines, decision log, built once.

Routing names what it needs as protocols (a profile lookup, an awaited one, a decision sink);
the composition root (voc/service.py) hands in the store's implementations, so this package
never reaches into voc.store.
"""

from __future__ import annotations

import logging
import threading
from typing import Protocol

from voc.config import Settings
from voc.redaction import redact_text
from voc.routing.engines import ClipTranscriber, load_engines, warm_up_voice
from voc.routing.live import DecisionSink, LiveRouter, Redact, RouteEngines
from voc.routing.policy import DEFAULT_POLICY_PATH, PolicyStore
from voc.routing.profiles import AsyncProfileLookup, ProfileLookup, StoredProfiles, awaited_profiles


class BufferedDecisionSink(DecisionSink, Protocol):
    """A sink that writes in batches (voc.store.route_decisions.DecisionWriter): flushed and closed at the end."""

    def flush(self) -> None: ...

    def close(self) -> None: ...


class PooledProfileLookup(AsyncProfileLookup, Protocol):
    """An awaited lookup with a connection pool to open before the first caller and close at the end."""

    async def open(self) -> None: ...

    async def close(self) -> None: ...


log = logging.getLogger(__name__)


def _redactor(settings: Settings) -> Redact | None:
    redaction = settings.redaction
    if not redaction.enabled:
        return None
    types = tuple(redaction.types)
    return lambda text, language: redact_text(text, language, types)


class RoutingService:
    """`profiles_inline`: the lookup is quick enough to run in the request's own thread (SQLite)."""

    def __init__(
        self,
        settings: Settings,
        *,
        profiles: ProfileLookup,
        profiles_inline: bool,
        async_profiles: PooledProfileLookup | None,
        sink: BufferedDecisionSink,
        engines: RouteEngines | None = None,
    ) -> None:
        self.policies = PolicyStore(settings.route.policy or DEFAULT_POLICY_PATH)
        self.policies.watch()  # reloads happen on the watcher's thread, never in a request
        self.writer = sink
        if engines is None:
            engines = load_engines(settings, transcription=settings.route.transcription)
        self.async_profiles = async_profiles
        self.router = LiveRouter(
            self.policies,
            StoredProfiles(profiles),
            engines,
            sink=self.writer,
            default_budget_ms=settings.route.budget_ms,
            profiles_inline=profiles_inline,
            # On PostgreSQL the API awaits the lookup on its event loop (no signal thread).
            profiles_async=awaited_profiles(async_profiles) if async_profiles else None,
            redact=_redactor(settings),
        )
        self._transcriber = engines.transcribe if isinstance(engines.transcribe, ClipTranscriber) else None

    def warm_up(self) -> None:
        """Text and voice are ready before the first caller; Whisper loads in the background."""
        self.router.warm_up()
        if self.router.engines.voice is not None:
            warm_up_voice()
        if self._transcriber is not None:
            threading.Thread(target=self._load_transcriber, name="route-asr-warm-up", daemon=True).start()

    def _load_transcriber(self) -> None:
        try:
            assert self._transcriber is not None
            self._transcriber.load()
        except Exception as err:  # the audio path will name it per request
            log.warning("routing: could not load the ASR model: %s", err)

    async def start_async(self) -> None:
        """Open the PostgreSQL lookup pool before the first caller: connecting costs tens of ms."""
        if self.async_profiles is not None:
            try:
                await self.async_profiles.open()
            except Exception as err:  # routing answers without profiles until the database is back
                log.warning("routing: could not open the profile lookup pool: %s", err)

    async def close_async(self) -> None:
        if self.async_profiles is not None:
            await self.async_profiles.close()
        self.close()

    def close(self) -> None:
        self.policies.stop_watching()
        self.router.close()
        self.writer.flush()
        self.writer.close()
