"""Which language a text conversation is in, when the client did not say."""

from __future__ import annotations

import re
from collections.abc import Iterable

_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_LATIN = re.compile(r"[a-z]", re.IGNORECASE)


def detect_text_language(texts: Iterable[str], default: str = "ru") -> str:
    """Russian or English by script: the product's two languages differ in alphabet."""
    joined = " ".join(texts)
    cyrillic, latin = len(_CYRILLIC.findall(joined)), len(_LATIN.findall(joined))
    if cyrillic == latin == 0:
        return default
    return "ru" if cyrillic >= latin else "en"
