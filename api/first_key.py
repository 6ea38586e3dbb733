"""Showing the first admin API key, created on the first start, so that nobody loses it.

It is printed once as a block on stderr and, when stderr is not the terminal (logs redirected to
a file), also straight to the terminal the server was started from. It is always saved too, in
a file only its owner can read, under the data folder; the block says where.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

KEY_FILE = "admin-key.txt"
RULE = "─" * 72


def save_first_key(secret: str, data_dir: Path) -> Path:
    """The key in `data_dir/admin-key.txt`, readable and writable by its owner only (0600)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / KEY_FILE
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(secret + "\n")
    path.chmod(0o600)  # an older file keeps its mode through O_CREAT
    return path


def first_key_block(secret: str, saved: Path, base_url: str) -> str:
    return "\n".join(
        [
            RULE,
            "voc: created the first admin API key. It is shown only here, and saved in",
            f"  {saved}  (only you can read it)",
            "",
            f"    {secret}",
            "",
            "Try it:",
            f'  curl -H "Authorization: Bearer {secret}" {base_url}/v1/calls',
            "Give each client its own key with only the scopes it needs, e.g.:",
            "  voc keys create --name telephony --scopes calls:write",
            "  voc keys create --name crm --scopes results:read",
            "  voc keys create --name ivr --scopes route:invoke",
            '  voc keys create --name "analyst Anna" --scopes ui:read',
            f"API documentation: {base_url}/docs   The web view: {base_url}/ui/",
            RULE,
        ]
    )


def announce_first_key(secret: str, data_dir: Path, base_url: str) -> Path:
    """Save the key, then show the block on stderr, and on the terminal when stderr is not it."""
    saved = save_first_key(secret, data_dir)
    block = first_key_block(secret, saved, base_url)
    print(block, file=sys.stderr, flush=True)
    if not sys.stderr.isatty():
        try:
            with open("/dev/tty", "w", encoding="utf-8") as terminal:
                terminal.write(block + "\n")
        except OSError:
            pass  # no terminal (a service manager, a container): the file and stderr have it
    return saved
