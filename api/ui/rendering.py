"""Turning a template into an answer: the reader's language, the session's CSRF token, and the
security headers every page carries.

The Content-Security-Policy lets a page load scripts, styles, images, audio and data only from its
own origin. The waveform library writes one <style> element into its shadow root; it gets the
page's one-time nonce (the only inline style allowed), never 'unsafe-inline'.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from api.ui.messages import LANGUAGES, Locale, language_of
from api.ui.session import LANGUAGE_COOKIE, UiSession

TEMPLATES = Path(__file__).parent / "templates"

environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,
)


def content_security_policy(nonce: str) -> str:
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            f"style-src 'self' 'nonce-{nonce}'",
            "img-src 'self' data:",
            "media-src 'self' blob:",
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


def security_headers(nonce: str) -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(nonce),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
        "Cache-Control": "private, no-store",
    }


def locale_of(request: Request) -> Locale:
    return Locale(language_of(request.cookies.get(LANGUAGE_COOKIE)))


def render(
    request: Request,
    template: str,
    session: UiSession | None,
    status_code: int = 200,
    **values: Any,
) -> HTMLResponse:
    locale = locale_of(request)
    nonce = secrets.token_urlsafe(16)
    other = next(language for language in LANGUAGES if language != locale.language)
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    body = environment.get_template(template).render(
        **locale.template_functions(),
        lang=locale.language,
        other_language=other,
        here=here,
        session=session,
        csrf=session.csrf if session else "",
        csp_nonce=nonce,
        active=values.pop("active", ""),
        **values,
    )
    return HTMLResponse(body, status_code=status_code, headers=security_headers(nonce))
