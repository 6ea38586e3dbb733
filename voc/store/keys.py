"""API keys: random secrets shown once, stored only as a sha256 digest, each with scopes.

The secrets are 256-bit random strings, so a plain sha256 digest cannot be brute-forced;
a slow password hash would only slow every request down.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from voc.errors import InvalidInputError
from voc.store.tables import ApiKey, utcnow

# ui:read lets a person sign in to the web view (/ui/) and read what it shows, and nothing else.
SCOPES = ("calls:write", "results:read", "route:invoke", "insights:write", "data:erase", "ui:read", "admin")
KEY_PREFIX = "voc_"


@dataclass(frozen=True)
class Principal:
    """Who is calling: the key's id, its name (the client), and what it may do."""

    key_id: str
    name: str
    scopes: frozenset[str]

    def allows(self, scope: str) -> bool:
        return "admin" in self.scopes or scope in self.scopes


def hash_key(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def parse_scopes(text: str | list[str]) -> list[str]:
    scopes = [s.strip() for s in (text.split(",") if isinstance(text, str) else text) if s.strip()]
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        raise InvalidInputError(f"unknown or missing scopes {unknown}; choose from {', '.join(SCOPES)}")
    return scopes


def create_key(session: Session, name: str, scopes: list[str]) -> tuple[ApiKey, str]:
    """Store a new key and return it with the secret, which is never stored or shown again."""
    if not name.strip():
        raise InvalidInputError("a key needs a name")
    key_id = secrets.token_hex(6)
    secret = f"{KEY_PREFIX}{key_id}_{secrets.token_urlsafe(32)}"
    row = ApiKey(id=key_id, name=name.strip(), key_hash=hash_key(secret), scopes=",".join(parse_scopes(scopes)))
    session.add(row)
    session.flush()
    return row, secret


def authenticate(session: Session, secret: str) -> Principal | None:
    row = session.scalar(select(ApiKey).where(ApiKey.key_hash == hash_key(secret)))
    if row is None or row.revoked_at is not None:
        return None
    return Principal(key_id=row.id, name=row.name, scopes=frozenset(row.scopes.split(",")))


def principal_by_id(session: Session, key_id: str) -> Principal | None:
    """The key's principal by its id, or None when it is unknown or revoked (a web session holds only the id)."""
    row = session.get(ApiKey, key_id)
    if row is None or row.revoked_at is not None:
        return None
    return Principal(key_id=row.id, name=row.name, scopes=frozenset(row.scopes.split(",")))


def list_keys(session: Session) -> list[ApiKey]:
    return list(session.scalars(select(ApiKey).order_by(ApiKey.created_at)))


def revoke_key(session: Session, key_id: str) -> bool:
    row = session.get(ApiKey, key_id)
    if row is None:
        return False
    if row.revoked_at is None:
        row.revoked_at = utcnow()
    return True


def has_active_keys(session: Session) -> bool:
    return session.scalar(select(ApiKey.id).where(ApiKey.revoked_at.is_(None)).limit(1)) is not None
