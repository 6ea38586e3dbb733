"""Signing in to the web view: an API key is checked once, then a signed session cookie stands in for it.

The cookie holds the key's id (never its secret) and this session's CSRF token, signed with a
secret kept in VOC_DATA_DIR (created 600 on first use), so it cannot be forged or changed. It is
HttpOnly (scripts cannot read it) and SameSite=Strict (other sites cannot send it); every request
looks the key up again, so a revoked key ends its sessions within a few seconds. Forms that change
something carry the CSRF token and are refused without it.
"""

from __future__ import annotations

import hmac
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from itsdangerous import BadSignature, URLSafeTimedSerializer

from voc.store.db import Database
from voc.store.file_modes import PRIVATE_FILE, make_private_dir
from voc.store.keys import Principal, authenticate, principal_by_id

COOKIE = "voc_ui_session"
LANGUAGE_COOKIE = "voc_ui_lang"
SIGN_IN_COOKIE = "voc_ui_signin"  # the sign-in form's CSRF nonce, before there is a session
SESSION_SECONDS = 12 * 3600
SIGN_IN_FORM_SECONDS = 3600
SECRET_FILE = "ui-session.secret"
# Scopes that may sign in: the web view only reads.
SIGN_IN_SCOPES = ("ui:read", "results:read")
# Sessions checked against the database in the last few seconds (as api/auth.py does for keys).
CACHE_SECONDS = 5.0


def may_sign_in(principal: Principal) -> bool:
    return any(principal.allows(scope) for scope in SIGN_IN_SCOPES)


def load_secret(data_dir: Path) -> bytes:
    """The signing secret, made on first use; every process of one deployment shares it."""
    path = data_dir / SECRET_FILE
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    make_private_dir(data_dir)
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE)
    except FileExistsError:  # another process made it first
        return path.read_bytes()
    with os.fdopen(descriptor, "wb") as file:
        file.write(secrets.token_bytes(32))
    return path.read_bytes()


@dataclass(frozen=True)
class UiSession:
    principal: Principal
    csrf: str

    def csrf_matches(self, token: str | None) -> bool:
        return token is not None and hmac.compare_digest(token, self.csrf)


class Sessions:
    def __init__(self, database: Database, secret: bytes) -> None:
        self._database = database
        self._cookies = URLSafeTimedSerializer(secret, salt="voc-ui-session")
        self._forms = URLSafeTimedSerializer(secret, salt="voc-ui-sign-in")
        self._checked: dict[str, tuple[Principal | None, float]] = {}

    def sign_in(self, secret_key: str) -> tuple[str, Principal] | None:
        """A cookie value for a key that may sign in, and its principal; None for any other key."""
        with self._database.read() as session:
            principal = authenticate(session, secret_key.strip())
        if principal is None or not may_sign_in(principal):
            return None
        return self._cookies.dumps({"k": principal.key_id, "c": secrets.token_urlsafe(24)}), principal

    def read(self, cookie: str | None) -> UiSession | None:
        if not cookie:
            return None
        try:
            data = self._cookies.loads(cookie, max_age=SESSION_SECONDS)
        except BadSignature:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("k"), str) or not isinstance(data.get("c"), str):
            return None
        principal = self._principal(data["k"])
        if principal is None or not may_sign_in(principal):
            return None
        return UiSession(principal, data["c"])

    def _principal(self, key_id: str) -> Principal | None:
        cached = self._checked.get(key_id)
        if cached is not None and cached[1] > time.monotonic():
            return cached[0]
        with self._database.read() as session:
            principal = principal_by_id(session, key_id)
        if len(self._checked) > 10_000:
            self._checked.clear()
        self._checked[key_id] = (principal, time.monotonic() + CACHE_SECONDS)
        return principal

    def sign_in_form_token(self, browser_nonce: str) -> str:
        """The CSRF token of the sign-in form (there is no session yet to hold one): the nonce of
        the browser's sign-in cookie, signed, so a form posted from elsewhere has no valid pair."""
        return self._forms.dumps(browser_nonce)

    def sign_in_form_token_valid(self, token: str | None, browser_nonce: str | None) -> bool:
        if not token or not browser_nonce:
            return False
        try:
            signed = self._forms.loads(token, max_age=SIGN_IN_FORM_SECONDS)
        except BadSignature:
            return False
        return isinstance(signed, str) and hmac.compare_digest(signed, browser_nonce)
