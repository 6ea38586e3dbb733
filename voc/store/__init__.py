"""Storage: tables, repositories and migrations (SQLite embedded, PostgreSQL at scale).

Entry points other parts use:
- `voc.store.db.Database` (`.write()` / `.read()` transactions),
- `voc.store.profiles.load_customer_profile` / `find_customer_by_ani`, and `DatabaseProfiles`
  (the lean profile a caller waiting in the IVR is routed by),
- `voc.store.calls.finish_call` (stores a result and links its routing decisions),
- `voc.store.route_decisions` (the routing decision log), `voc.store.postgres_profiles` (the
  lean profile lookup awaited on an event loop),
- `voc.store.events.append_event` (the outbox; call it last in a transaction),
- `voc.store.erasure` (what erasing a call or a customer removes) and `voc.store.retention`
  (purging what is older than the configured days).
"""
