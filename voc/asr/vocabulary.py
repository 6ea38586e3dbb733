"""The domain vocabulary: product, service and name terms the decoder is nudged towards.

A YAML file (voc/asr/default_vocabulary.yaml is the shipped Russian retail-banking default)
with three lists per language:

- ``terms``: words and phrases fed to faster-whisper as ``hotwords`` and used as targets of
  the near-miss corrections (voc.asr.correct), most important first;
- ``context``: words that make the domain reading likely near a doubtful word;
- ``protect``: real words never corrected into a term;
- ``task_words``: the words CRM tasks hang on (dates, weekdays, the verbs of a promise), heard
  again with a hint where Whisper was unsure of them (voc.asr.task_words).

A contact centre's own file (``VOC_ASR__VOCABULARY=/path/to/file.yaml``) extends the default
unless it says ``extends: none``. Per-call terms (the customer's products from their profile)
come in with each call and go first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from voc.errors import VocError

DEFAULT_VOCABULARY = Path(__file__).with_name("default_vocabulary.yaml")
LISTS = ("terms", "context", "protect", "task_words")
Lists = Mapping[str, tuple[str, ...]]


class VocabularyError(VocError):
    code = "bad_vocabulary"


@dataclass(frozen=True)
class Vocabulary:
    # language -> items, in file order, default file's items after a contact centre's own
    terms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    context: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    protect: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    task_words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def terms_for(self, language: str, extra: Iterable[str] = ()) -> tuple[str, ...]:
        """This call's terms: `extra` (the customer's own products) first, then the vocabulary's."""
        return _unique([*extra, *self.terms.get(language, ())])

    def with_terms(self, language: str, extra: Iterable[str]) -> Vocabulary:
        """A copy whose `language` terms start with `extra`."""
        terms = dict(self.terms)
        terms[language] = self.terms_for(language, extra)
        return Vocabulary(terms=terms, context=self.context, protect=self.protect, task_words=self.task_words)

    def hotwords(
        self, language: str, extra: Iterable[str] = (), fits: Callable[[str], bool] | None = None
    ) -> str | None:
        """The decoder hint for one call: the first comma-separated terms for which `fits(hint)` holds.

        (Ending the list with a full stop stopped Whisper beginning a stream with "и", but raised
        WER on the real recordings from 20% to 28%: the list stays open.)
        """
        return hint_list(self.terms_for(language, extra), fits) or None

    def merged_over(self, base: Vocabulary) -> Vocabulary:
        """This vocabulary's items first, then `base`'s."""

        def merge(mine: Lists, theirs: Lists) -> dict[str, tuple[str, ...]]:
            return {lang: _unique([*mine.get(lang, ()), *theirs.get(lang, ())]) for lang in {*mine, *theirs}}

        return Vocabulary(
            terms=merge(self.terms, base.terms),
            context=merge(self.context, base.context),
            protect=merge(self.protect, base.protect),
            task_words=merge(self.task_words, base.task_words),
        )


def hint_list(words: Iterable[str], fits: Callable[[str], bool] | None = None) -> str:
    """`words` joined with commas, in order, up to the first that would make `fits(hint)` false."""
    hint = ""
    for word in words:
        longer = f"{hint}, {word}" if hint else word
        if fits is not None and not fits(longer):
            break
        hint = longer
    return hint


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        text = " ".join(str(item).split())
        if text and text.lower() not in seen:
            seen.add(text.lower())
            out.append(text)
    return tuple(out)


def _lists(raw: Any, name: str, path: Path) -> dict[str, tuple[str, ...]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict) or not all(
        isinstance(lang, str) and isinstance(items, list | type(None)) for lang, items in raw.items()
    ):
        raise VocabularyError(f"{path}: `{name}` must map a language code to a list of words, e.g. `ru: [вклад]`")
    return {lang: _unique(str(item) for item in items or []) for lang, items in raw.items()}


def parse_vocabulary(path: Path) -> tuple[Vocabulary, bool]:
    """One file on its own; the flag says whether it extends the default."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as error:
        raise VocabularyError(f"cannot read the vocabulary file {path}: {error.strerror or error}") from error
    except yaml.YAMLError as error:
        raise VocabularyError(f"{path} is not valid YAML: {error}") from error
    if not isinstance(raw, dict):
        raise VocabularyError(f"{path}: expected a mapping with `terms`, `context` and `protect`")
    unknown = set(raw) - {*LISTS, "extends"}
    if unknown:
        raise VocabularyError(f"{path}: unknown keys {sorted(unknown)}; expected {[*LISTS, 'extends']}")
    extends = str(raw.get("extends", "default")).lower()
    if extends not in {"default", "none"}:
        raise VocabularyError(f"{path}: `extends` is `default` or `none`, not {raw['extends']!r}")
    vocabulary = Vocabulary(**{name: _lists(raw.get(name), name, path) for name in LISTS})
    return vocabulary, extends == "default"


def load_vocabulary(setting: str) -> Vocabulary | None:
    """The vocabulary a `VOC_ASR__VOCABULARY` value names: "default", "off", or a YAML file."""
    if setting.strip().lower() in {"off", "none", ""}:
        return None
    default, _ = parse_vocabulary(DEFAULT_VOCABULARY)
    if setting.strip().lower() == "default":
        return default
    own, extends = parse_vocabulary(Path(setting).expanduser())
    return own.merged_over(default) if extends else own
