"""Near-misses of domain terms corrected after decoding, only where the evidence allows it.

Whisper base hears "вклад" as "склад" or "в склад" on 8 kHz calls. A heard word (or a
one-letter word joined with the next one: "в склад") becomes a vocabulary term when

1. Whisper was unsure of it (word probability below MAX_PROBABILITY),
2. it sounds close: a rough Russian phonetic key (unstressed vowels merged, voiced consonants
   devoiced before voiceless ones and at the end, soft and hard signs dropped) within one edit
   of the key of one of the term's own inflected forms (two for keys of 8+ letters), and
3. the sentence around it reads as banking: another term or a context word of the vocabulary
   stands within CONTEXT_WORDS words and CONTEXT_SECONDS seconds ("процент по складу" ->
   "вкладу"; "открыть склад" stays).

The replacement takes the case and number of the heard word (the term's form that matched),
and the Word keeps what Whisper wrote in `heard`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from voc.asr.vocabulary import Vocabulary
from voc.schemas import Word
from voc.text.tokens import morph_analyzer

MAX_PROBABILITY = 0.7  # a word Whisper made up (not in the dictionary) is doubtful below this
MAX_PROBABILITY_KNOWN = 0.6  # a real word ("склад") needs more doubt before it is replaced
CONTEXT_WORDS = 6
CONTEXT_SECONDS = 6.0
MIN_KEY = 5  # shorter terms ("пеня", "БИК") are left to the decoder hint
JOINABLE = {"в", "с", "к", "у", "о", "и"}  # one-letter words Whisper splits off a term's first sound

_LETTERS = re.compile(r"[^\w%₽$€]+")
_VOWELS = str.maketrans({"о": "а", "е": "и", "э": "и", "я": "и", "ы": "и", "ю": "у"})
_DEVOICE = {"б": "п", "в": "ф", "г": "к", "д": "т", "ж": "ш", "з": "с"}
_VOICELESS = set("пфктшсхцчщ")
_CONTEXT_SIGNS = {"%": "процент", "₽": "рубль", "$": "доллар", "€": "евро"}


def normal(text: str) -> str:
    return _LETTERS.sub("", text.lower().replace("ё", "е"))


def sound_key(text: str) -> str:
    """A rough phonetic key: Russian near-homophones ("вклад", "склад" -> "фклат", "склат") get close."""
    letters = normal(text).replace("ь", "").replace("ъ", "")
    if not re.search("[а-я]", letters):
        return letters
    letters = letters.translate(_VOWELS)
    out: list[str] = []
    for i, char in enumerate(letters):
        following = letters[i + 1] if i + 1 < len(letters) else ""
        if char in _DEVOICE and (not following or following in _VOICELESS):
            char = _DEVOICE[char]
        if not out or out[-1] != char:
            out.append(char)
    return "".join(out)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or limit + 1 as soon as it is known to exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def allowed_distance(key: str) -> int:
    return 2 if len(key) >= 8 else 1


@lru_cache(maxsize=50_000)
def lemma(word: str) -> str:
    word = normal(word)
    if word in _CONTEXT_SIGNS:
        return _CONTEXT_SIGNS[word]
    if not re.search("[а-я]", word):
        return word[:-1] if len(word) > 3 and word.endswith("s") else word
    return str(morph_analyzer().parse(word)[0].normal_form).replace("ё", "е")


@lru_cache(maxsize=4096)
def inflected_forms(word: str) -> tuple[tuple[str, ...], str | None]:
    """Every form of a term's word (its pymorphy3 lexeme; English: singular and plural), and its part of speech.

    A term is a noun phrase: the noun or adjective reading of a word wins ("пеня" the fine, not
    the verb "пенить").
    """
    folded = word.lower().replace("ё", "е")
    if not re.search("[а-я]", folded):
        return (word, word + "s"), None
    parses = sorted(
        morph_analyzer().parse(folded), key=lambda p: (p.tag.POS not in {"NOUN", "ADJF"}, p.normal_form != folded)
    )
    parse = parses[0]
    forms = {folded} | {str(form.word).replace("ё", "е") for form in parse.lexeme}
    if word[:1].isupper():  # a product or brand name keeps its capital
        forms = {form[:1].upper() + form[1:] for form in forms}
    return tuple(sorted(forms)), parse.tag.POS


@lru_cache(maxsize=50_000)
def parts_of_speech(word: str) -> frozenset[str] | None:
    """The parts of speech a Russian word can be: a real word's, or what pymorphy3 guesses from the
    ending of one the dictionary does not know ("просроченой" reads as an adjective, so it never
    becomes the noun "просрочкой"); None for words that are not Russian."""
    folded = normal(word)
    if not re.search("[а-я]", folded):
        return None
    return frozenset(str(p.tag.POS) for p in morph_analyzer().parse(folded) if p.tag.POS) or None


@dataclass(frozen=True)
class _Target:
    form: str  # the inflected form to write
    key: str
    pos: str | None
    term: str = ""  # the (first) vocabulary term the word belongs to


@dataclass(frozen=True)
class DomainLexicon:
    """A vocabulary prepared for one language: the term forms to match and the supporting lemmas."""

    targets: tuple[_Target, ...]
    domain_lemmas: frozenset[str]  # lemmas of every term word and context word
    protected: frozenset[str]
    term_lemmas: frozenset[str] = frozenset()  # lemmas of the term words alone

    @classmethod
    def build(cls, vocabulary: Vocabulary, language: str, extra: Sequence[str] = ()) -> DomainLexicon:
        terms = vocabulary.terms_for(language, extra)
        term_words = [w for term in terms for w in term.split()]
        context_words = list(vocabulary.context.get(language, ()))
        targets: dict[tuple[str, str | None], _Target] = {}
        for term in terms:
            for word in term.split():
                # abbreviations (СБП, ИНН) are spelled letter by letter; short words sound like too much
                if word.isupper() or len(sound_key(word)) < MIN_KEY:
                    continue
                forms, pos = inflected_forms(word)
                for form in forms:
                    targets.setdefault((form, pos), _Target(form, sound_key(form), pos, term))
        return cls(
            targets=tuple(sorted(targets.values(), key=lambda t: t.form)),
            domain_lemmas=frozenset(lemma(w) for w in [*term_words, *context_words]),
            # the words a CRM task hangs on are real words too: "десятого августа" once became
            # "дебетово августа", and the call lost its date
            protected=frozenset(
                lemma(w)
                for item in [*vocabulary.protect.get(language, ()), *vocabulary.task_words.get(language, ())]
                for w in item.split()
            ),
            term_lemmas=frozenset(lemma(w) for w in term_words),
        )

    def terms_within_reach(self, heard: str) -> list[str]:
        """The terms `heard` sounds like, give or take one edit more than a correction allows (close
        enough that a hinted second decoding may hear them: voc.asr.recheck), nearest first."""
        key = sound_key(heard)
        if len(key) < MIN_KEY - 1:
            return []
        limit = allowed_distance(key) + 1
        near: dict[str, int] = {}
        for target in self.targets:
            distance = edit_distance(key, target.key, limit)
            if distance <= limit and distance < near.get(target.term, limit + 1):
                near[target.term] = distance
        return sorted(near, key=lambda term: (near[term], term))

    def nearest(self, heard: str) -> str | None:
        """The term form closest in sound to `heard`, if close enough and unambiguous."""
        key = sound_key(heard)
        if len(key) < MIN_KEY - 1:
            return None
        limit = allowed_distance(key)
        # A word only becomes a term of its own part of speech ("склад" -> "вклад", never the
        # verb "висит" -> the noun "вычет"; for unknown words, the part of speech their ending suggests).
        known = parts_of_speech(heard)
        best: dict[int, set[str]] = {}
        for target in self.targets:
            if known is not None and target.pos is not None and target.pos not in known:
                continue
            distance = edit_distance(key, target.key, limit)
            if distance <= limit:
                best.setdefault(distance, set()).add(target.form)
        if not best:
            return None
        forms = best[min(best)]
        # Several forms of one lemma at the same distance (endings the key merges): the heard ending decides.
        ranked = sorted(forms, key=lambda form: (-_common_ending(normal(form), normal(heard)), form))
        lemmas = {lemma(form) for form in forms}
        return ranked[0] if len(lemmas) == 1 else None


def _common_ending(a: str, b: str) -> int:
    size = 0
    while size < min(len(a), len(b)) and a[-1 - size] == b[-1 - size]:
        size += 1
    return size


def correct_domain_words(words: Sequence[Word], lexicon: DomainLexicon) -> list[Word]:
    """Words with near-misses of domain terms replaced; each replaced Word keeps `heard`."""
    lemmas = [lemma(word.word) for word in words]
    out: list[Word] = []
    index = 0
    while index < len(words):
        fixed, used = _correct_at(words, lemmas, index, lexicon)
        out.append(fixed)
        index += used
    return out


def _correct_at(words: Sequence[Word], lemmas: list[str], index: int, lexicon: DomainLexicon) -> tuple[Word, int]:
    word = words[index]
    candidates: list[tuple[int, str]] = []
    if normal(word.word) in JOINABLE and index + 1 < len(words):
        candidates.append((2, normal(word.word) + normal(words[index + 1].word)))
    candidates.append((1, normal(word.word)))
    for size, heard in candidates:
        span = words[index : index + size]
        if not heard or min(w.probability for w in span) >= doubt_limit(span[-1].word):
            continue
        if any(
            lemmas[i] in lexicon.domain_lemmas or lemmas[i] in lexicon.protected
            for i in range(index, index + size)
            if len(normal(words[i].word)) > 1
        ):
            continue
        form = lexicon.nearest(heard)
        if form is None or not _supported(words, lemmas, index, size, lexicon):
            continue
        original = " ".join(w.heard or w.word for w in span)  # what Whisper wrote first
        return (
            Word(
                word=styled(form, span[0].word, span[-1].word),
                start=span[0].start,
                end=span[-1].end,
                probability=min(w.probability for w in span),
                heard=original,
            ),
            size,
        )
    return word, 1


def doubt_limit(word: str) -> float:
    folded = normal(word)
    if re.search("[а-я]", folded) and morph_analyzer().word_is_known(folded):
        return MAX_PROBABILITY_KNOWN
    return MAX_PROBABILITY


def _supported(words: Sequence[Word], lemmas: list[str], index: int, size: int, lexicon: DomainLexicon) -> bool:
    """Another domain word stands near the candidate, in words and in time."""
    first, last = words[index], words[index + size - 1]
    for other in range(max(0, index - CONTEXT_WORDS), min(len(words), index + size + CONTEXT_WORDS)):
        if index <= other < index + size:
            continue
        near = words[other].end >= first.start - CONTEXT_SECONDS and words[other].start <= last.end + CONTEXT_SECONDS
        if near and lemmas[other] in lexicon.domain_lemmas:
            return True
    return False


def styled(form: str, first: str, last: str) -> str:
    """`form` with the heard word's capital and the punctuation around it."""
    lead = re.match(r"^\W*", first)
    tail = re.search(r"[^\w%₽$€]*$", last)
    core = form[0].upper() + form[1:] if first.lstrip("\"'«(")[:1].isupper() else form
    return (lead.group() if lead else "") + core + (tail.group() if tail else "")
