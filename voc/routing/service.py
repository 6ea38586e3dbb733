"""Routing as the running service holds it: policy, profiles, engines, decision log, built once.

The one module of voc.routing that reaches into voc.store: it wires the store's profile lookups
and decision log into the router's protocols.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from voc.config import Settings
from voc.routing.budget import MAX_BUDGET_MS
from voc.routing.engines import ClipTranscriber, load_engines, warm_up_voice
from voc.routing.live import LiveRouter, RouteEngines
from voc.routing.policy import DEFAULT_POLICY_PATH, PolicyStore
from voc.routing.profiles import NoProfileStore, StoredProfiles, awaited_profiles
from voc.store.db import Database
from voc.store.postgres_profiles import AsyncPostgresProfiles
from voc.store.profiles import DatabaseProfiles
from voc.store.route_decisions import DecisionLog, DecisionWriter

log = logging.getLogger(__name__)


class RoutingService:
    def __init__(
        self,
        settings: Settings,
        database: Database,
        engines: RouteEngines | None = None,
    ) -> None:
        self.policies = PolicyStore(settings.route.policy or DEFAULT_POLICY_PATH)
        self.policies.watch()  # reloads happen on the watcher's thread, never in a request
        self.decisions = DecisionLog(database.engine)
        self.writer = DecisionWriter(self.decisions)
        if engines is None:
            engines = load_engines(settings, transcription=settings.route.transcription)
        # The server cancels a lookup nobody waits for any more: none waits longer than the longest budget.
        profiles = DatabaseProfiles(database, server_timeout_ms=MAX_BUDGET_MS)
        # On PostgreSQL the API awaits the lookup on its event loop (no signal thread).
        on_postgres = database.url.startswith("postgresql")
        self.async_profiles = AsyncPostgresProfiles(database.url, MAX_BUDGET_MS) if on_postgres else None
        self.router = LiveRouter(
            self.policies,
            StoredProfiles(profiles),
            engines,
            sink=self.writer,
            default_budget_ms=settings.route.budget_ms,
            profiles_inline=profiles.answers_inline,
            profiles_async=awaited_profiles(self.async_profiles) if self.async_profiles else None,
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


def open_profile_source(settings: Settings) -> StoredProfiles | NoProfileStore:
    """The service's profiles for this configuration (`voc route`), if its database is there."""
    url = settings.resolved_database_url
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
        return NoProfileStore(f"no database at {url} (start the service or give --profiles)")
    return StoredProfiles(DatabaseProfiles(Database(url), server_timeout_ms=MAX_BUDGET_MS))
