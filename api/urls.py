"""Where a client finds a resource again: the paths the API hands out in answers."""

from __future__ import annotations


def status_url(kind: str, call_id: str) -> str:
    """The status (and, when done, result) of a call or a conversation."""
    return f"/v1/{'calls' if kind == 'call' else 'conversations'}/{call_id}"
