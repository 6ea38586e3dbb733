"""Storage: tables, repositories and migrations (SQLite embedded, PostgreSQL at scale).

Entry points other parts use:
- `voc.store.db.Database` (`.write()` / `.read()` transactions),
- `voc.store.profiles.load_customer_profile` / `find_customer_by_ani`,
- `voc.store.calls.register_analysis_hook` (runs in the transaction that stores a result),
- `voc.store.events.append_event` (the outbox; call it last in a transaction).
"""
