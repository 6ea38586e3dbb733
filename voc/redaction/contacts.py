"""Phones (by the `phonenumbers` metadata of the call's country) and e-mail addresses, written or
spelled ("anna собака example точка ru", "j, o, h, n at example dot com").
"""

from __future__ import annotations

import re
from collections.abc import Callable

import phonenumbers
from rapidfuzz import fuzz

from voc.redaction.spans import WORD, Found, Run

WRITTEN_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# "ivan.petrov собака mail точка ru", "анна собака яндекс точка ру", "john dot smith at example dot com",
# "petrov.oleg собачка gmail.com", "tom underscore baker at gmail dot com": a name of parts joined by a
# dot, an underscore or a hyphen (written or said), the word for "@" said, and a domain whose dots are
# written or said, in any mix of the two languages
# an address's name spelled letter by letter ("m, k, o, w, a, l, s, k, i at gmail dot com")
_SPELLED_LETTERS = r"(?<![\w'’])[a-zа-яё0-9](?:(?:\s*,\s*|\s+|-)[a-zа-яё0-9](?![\w'’]))+"
# number words said inside an address's name ("анна точка кузнецова восемьдесят пять собака ...", a comma
# after spelled letters: "B, r, o, w, n, seventy one at example dot org")
_NUMBER_WORDS = (
    r"(?:\s*,?\s+(?:ноль|один|два|три|четыре|пять|шесть|семь|восемь|девять|десять|\w+надцать|двадцать|тридцать|"
    r"сорок|пятьдесят|шестьдесят|семьдесят|восемьдесят|девяносто|сто|zero|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|\d+))*"
)
_SAID_DOT = r"(?:точк[аеуи]|dot|дот)"
# a joining word said between spelled letters keeps their commas ("к, и, р, а, дефис, л, е")
_WORD_GAP = r"(?:\s*,\s*|\s+)"
_NAME_JOIN = (
    r"(?:"
    + _WORD_GAP
    + r"(?:"
    + _SAID_DOT
    + r"|(?:нижнее\s+)?подч[её]ркивани[ея]|underscore|дефис|тире|dash|hyphen)"
    + _WORD_GAP
    + r"|[._-])"
)
_NAME_PART = r"(?:" + _SPELLED_LETTERS + r"|[\wа-яё]+)"
_SAID_AT = r"(?:собак[аеуи]|собачк[аеуи]|at)"
# a domain's last part has a letter: "17th at 9.15" is a time
_DOMAIN = r"[\wа-яё-]+(?:(?:\.|\s+" + _SAID_DOT + r"\s+)(?=\d*[^\W\d])[\wа-яё]{2,6})+"
# the name's parts are matched atomically: "4-0-8-1-7-..." splits into parts and spelled letters in
# exponentially many ways, which the engine would try one by one before failing on the missing "at"
SPOKEN_EMAIL = re.compile(
    r"(?<![\w.])(?P<name>(?>"
    + _NAME_PART
    + r"(?:"
    + _NAME_JOIN
    + _NAME_PART
    + r")*)"
    + _NUMBER_WORDS
    + r")\s+(?P<at>"
    + _SAID_AT
    + r")\s+"
    + _DOMAIN
    + r"(?![\w@])",
    re.IGNORECASE,
)
# "I bought it at amazon.com", "I looked at example dot com": one plain word before "at" is an address's
# name only where an e-mail is asked for or named
_PLAIN_WORD = re.compile(r"[^\W\d_]+")
EMAIL_NAMED = re.compile(r"e-?mail|почт|[эе]-?мейл|имейл|мыл[оа]|address|адрес", re.IGNORECASE)


# "d.mercatoadoutlook.com" for "d dot mercado at outlook dot com": one written token whose "@" the recogniser
# heard as letters before a mail service's domain
_GLUED_SERVICE_ADDRESS = re.compile(
    r"(?<![\w.@])(?P<name>[^\W_][\w.+-]*?)(?:at|ad|эт|эд)?"
    r"(?P<service>gmail|googlemail|outlook|hotmail|yahoo|icloud|yandex|mail|rambler|proton)"
    r"\.(?:com|ru|net|org)\b",
    re.IGNORECASE,
)
_GLUED_NAME_LETTERS = 4  # at least this many letters or digits in the name part


def glued_service_addresses(text: str) -> list[Found]:
    """Written tokens that are an address with its "@" heard as letters, the name part long enough that
    the token is no bare mail service ("hotmail.com", "mail.ru" stay)."""
    return [
        Found("EMAIL", m.start(), m.end())
        for m in _GLUED_SERVICE_ADDRESS.finditer(text)
        if len(re.sub(r"\W", "", m["name"])) >= _GLUED_NAME_LETTERS
        and not m["name"].endswith((".", "-"))  # "news.yandex.ru", "market.yandex.ru": a site's subdomain
        and "@" not in text[max(0, m.start() - 1) : m.end()]
    ]


def said_addresses(text: str, email_expected: bool) -> list[Found]:
    """Addresses said or written with a said "@" ("собака", "at"); one plain word before "at" counts as
    the name only when `email_expected` (asked, or named in the turn)."""
    out = []
    for match in SPOKEN_EMAIL.finditer(text):
        plain = _PLAIN_WORD.fullmatch(match["name"]) is not None
        if plain and match["at"].lower() == "at" and not email_expected:
            continue
        out.append(Found("EMAIL", match.start(), match.end()))
    return out


_PLUS_WORD = re.compile(r"(?:плюс|plus)[\s,]*$", re.IGNORECASE)
# An address as the recogniser writes it when it mishears the spelling ("а на точку смирного собаку,
# и я на доказточку ору"): a sentence with "собака"/"точка"/"at"/"dot" in any form, in an answer to
# a question about e-mail.
_SPELLED_ADDRESS = re.compile(r"собак|точк|@|\bat\b|\bdot\b", re.IGNORECASE)
# a dot with a letter right after it is a written domain's ("собаками ил.ру"), not a sentence's end
_SENTENCE = re.compile(r"(?:[^.!?]|\.(?=\w))+[.!?]*")
_ADDRESS_WORDS = re.compile(r"[\w@.+-]*\w")


def phone_validity(digits: str, language: str, plus: bool) -> tuple[bool, bool]:
    """(possible, valid) as a phone number of the call's country (or international with a "+")."""
    candidates: list[str] = []
    if language == "ru":
        if len(digits) == 11 and digits[0] in "78":
            candidates.append("+7" + digits[1:])
        if len(digits) == 10 and digits[0] == "9":
            candidates.append("+7" + digits)
    else:
        if len(digits) == 10:
            candidates.append("+1" + digits)
        if len(digits) == 11 and digits[0] == "1":
            candidates.append("+" + digits)
    if plus and 8 <= len(digits) <= 15:
        candidates.append("+" + digits)
    possible = valid = False
    for candidate in candidates:
        try:
            number = phonenumbers.parse(candidate, None)
        except phonenumbers.NumberParseException:
            continue
        possible = possible or phonenumbers.is_possible_number(number)
        valid = valid or phonenumbers.is_valid_number(number)
    return possible, valid


def with_plus_word(text: str, hit: Found) -> Found:
    """ "Плюс семь, девять ...": the spoken "плюс" belongs to the phone number."""
    plus = _PLUS_WORD.search(text[max(0, hit.start - 12) : hit.start])
    return Found(hit.type, hit.start - len(plus.group()), hit.end, hit.checksum_valid) if plus else hit


# Both halves of an address said: the word for "@" in any form ("с собаком") and after it the domain's
# dot, even inside a misheard word ("Янди Косточка Ру")
_SAID_AT_ANY_FORM = re.compile(r"собак|собачк|@|\bat\b", re.IGNORECASE)
_SAID_DOT_ANY_FORM = re.compile(r"точк|\bdot\b|\.(?:ru|com|net|org|рф|ру)\b", re.IGNORECASE)


def _sentence_as_address(sentence: re.Match[str]) -> Found | None:
    """A sentence's span from its first word to its last, as one address; to the end of the domain
    where a said "@" has a dot and the domain's last part after it ("свала макен собак и янда-косточка Ро,
    отправлю сегодня, а смотр могу поставить на четверг 3 декабря": what is said after it stays)."""
    said = sentence.group()
    words = list(_ADDRESS_WORDS.finditer(said[: _domain_end(said)]))
    if not words:
        return None
    return Found("EMAIL", sentence.start() + words[0].start(), sentence.start() + words[-1].end())


# the domain's last part right after its said dot ("точка Ро", "дот ком"), or a written dot with it
_LAST_PART_AFTER_DOT = re.compile(r"\w*[\s,]+\w+")
_WRITTEN_LAST_PART = re.compile(r"\.(?:ru|com|net|org|рф|ру)$", re.IGNORECASE)


def _domain_end(said: str) -> int:
    """Where the address said in a sentence ends: after the domain's last part that follows the dot after
    the last said "@"; the sentence's end where none is said."""
    ats = list(_SAID_AT_ANY_FORM.finditer(said))
    dot = _SAID_DOT_ANY_FORM.search(said, ats[-1].end()) if ats else None
    if dot is None:
        return len(said)
    if _WRITTEN_LAST_PART.search(dot.group()):
        return dot.end()
    last = _LAST_PART_AFTER_DOT.match(said, dot.end())
    return last.end() if last else len(said)


def addresses_in_sentences(text: str, begin: int, masked: list[Found]) -> list[Found]:
    """Sentences from `begin` on that say an "@" and a dot after it, whole, where an e-mail is expected
    and no address masked yet holds that "@": the recogniser's spelling of an address it misheard
    ("кравцу в точку Петр с собаком и его точка ру"; "Лебедеваем 85, собака Янди Косточка Ру"), which
    the address patterns match in part or not at all."""
    out = []
    for sentence in _SENTENCE.finditer(text, begin):
        said = sentence.group()
        # the last "@" said ("email me at john.doe@example.com": the written one, masked already)
        ats = list(_SAID_AT_ANY_FORM.finditer(said))
        at = ats[-1] if ats else None
        if at is None or not _SAID_DOT_ANY_FORM.search(said, at.end()):  # the domain's dot comes after the "@"
            continue
        if any(f.type == "EMAIL" and f.start <= sentence.start() + at.start() < f.end for f in masked):
            continue
        address = _sentence_as_address(sentence)
        if address is not None:
            out.append(address)
    return out


# a mail service's name said, as a read-back gives it ("на мейл ру" for "собака мейл точка ру")
_MAIL_SERVICE_SAID = re.compile(
    r"(?<!\w)(?:на)?м(?:ей|эй|ай)л\w{0,2}\s*(?:точка\s+)?р[уоo]\b|mail\s*(?:dot\s+|\.)?ru|яндекс|yandex|g-?mail|джи\s*мейл|рамблер|rambler|"
    r"outlook|hotmail|icloud|gmail",
    re.IGNORECASE,
)


def addresses_read_back(text: str) -> list[Found]:
    """Sentences that read an address back with its dot said and a mail service named, though the
    "@" was lost ("ларионного через точку им им 84, намейл Ро, правильно"), whole: asked only of a turn
    soon after an address was masked."""
    out = []
    for sentence in _SENTENCE.finditer(text):
        said = sentence.group()
        if (_SAID_DOT_ANY_FORM.search(said) or _SAID_AT_ANY_FORM.search(said)) and _MAIL_SERVICE_SAID.search(said):
            address = _sentence_as_address(sentence)
            if address is not None:
                out.append(address)
    return out


# a domain's name in an address as said: the word before its dot ("example" of "at example.com", "example
# dot com", "example точка ру")
_DOMAIN_LABEL = re.compile(r"([^\W\d_]{4,})(?:\.|\s+(?:dot|точк\w*|дот)\s+)(?:[^\W\d_]{2,6})\b", re.IGNORECASE)


def glued_addresses_read_back(text: str, addresses: list[str]) -> list[Found]:
    """One written token that reads a masked address back with its "@" heard as letters and glued
    ("Got it, HelenMetExample.com" for "helenm@example.com"): a name of three characters or more, then the
    masked address's domain name, then a dot and letters. Asked only of a turn soon after the address."""
    labels = {m.group(1).lower() for address in addresses for m in _DOMAIN_LABEL.finditer(address)}
    out: list[Found] = []
    for label in labels:
        glued = re.compile(r"(?<![\w@])[\w.+-]{3,}?(?<!\.)" + re.escape(label) + r"\.[^\W\d_]{2,6}\b", re.IGNORECASE)
        out.extend(Found("EMAIL", m.start(), m.end()) for m in glued.finditer(text))
    return out


def with_glued_name_parts(text: str, hit: Found) -> Found:
    """An address whose name part before a written dot was cut off as a sentence of its own
    ("Лареонова.MM-84 собак имеет точка РУ"): the glued word goes with it."""
    if hit.type != "EMAIL":
        return hit
    reach = max(0, hit.start - _NAME_BEFORE_SPELLING_REACH)
    glued = re.search(r"[^\W_][\w-]*\.$", text[reach : hit.start])
    if glued is None:
        return hit
    return Found("EMAIL", reach + glued.start(), hit.end)


def spelled_addresses(text: str) -> list[Found]:
    """The sentences of an answer to "ваш адрес почты?" that spell an address, whole (their first
    word may be the address's first word)."""
    out = []
    for sentence in _SENTENCE.finditer(text):
        if _SPELLED_ADDRESS.search(sentence.group()):
            address = _sentence_as_address(sentence)
            if address is not None:
                out.append(address)
    return out


# "мой номер. 925, на лишь 6, 57, 43" for "925 066 57 43", "плюс 960-9 на 67-18-84": the pieces of a phone
# with the words the recogniser made of a digit or two between them ("ноль" heard "на")
_MISHEARD_GAP_WORDS = 2
_MISHEARD_WORD_LETTERS = 7  # "нальдва" for "ноль два"
_PHONE_PIECES_DIGITS = (7, 12)


def phone_across_misheard_words(text: str, runs: list[Run], phone_named: Callable[[int], bool]) -> list[Found]:
    """Runs one or two short words apart in one sentence (no word longer than seven letters between), as
    many digits together as a phone has (7-12), where `phone_named` before the first (a phone's word
    said or asked for): one phone, the words between masked with it."""
    out: list[Found] = []
    chain: list[Run] = []
    for run in [*sorted(runs, key=lambda r: r.start), None]:
        if run is not None and chain:
            gap = text[chain[-1].end : run.start]
            words = WORD.findall(gap)
            if (
                len(words) <= _MISHEARD_GAP_WORDS
                and all(len(w) <= _MISHEARD_WORD_LETTERS for w in words)
                and not re.search(r"[.!?;:]", gap)
            ):
                chain.append(run)
                continue
        low, high = _PHONE_PIECES_DIGITS
        if len(chain) > 1 and low <= sum(len(r.digits) for r in chain) <= high and phone_named(chain[0].start):
            out.append(Found("PHONE", chain[0].start, chain[-1].end))
        chain = [] if run is None else [run]
    return out


# "It's Morrow and m, o, r, r, o, w at ...", "to Alvarez, a, l, v, a, r, e, z at ...", "ветрова, в, е, т, р, о,
# в, а собака ...": the name said as a word right before it is spelled is the address's name too
_SPELLED_START = re.compile(r"(?:[a-zа-яё](?:\s*,\s*|\s+|-)){2,}[a-zа-яё]\b", re.IGNORECASE)
_NAME_BEFORE_SPELLING_REACH = 40
_NAME_LIKE_LETTERS = 50  # rapidfuzz ratio, 0-100
_WORD_BEFORE_SPELLING = re.compile(
    r"(?P<word>[^\W\d_]{3,})(?:[\s,\-–—]+(?:and|и|а|это|it'?s|that'?s|is))?[\s,\-–—:]*$", re.IGNORECASE
)


def with_name_said_before_spelling(text: str, hit: Found) -> Found:
    """An address whose name is spelled letter by letter, widened to the word said right before the
    spelling (the name said whole, then spelled), unless that word names the address ("почта", "email")."""
    if hit.type != "EMAIL":
        return hit
    spelled = _SPELLED_START.match(text, hit.start)
    reach = max(0, hit.start - _NAME_BEFORE_SPELLING_REACH)
    before = _WORD_BEFORE_SPELLING.search(text[reach : hit.start])
    if spelled is None or before is None or _FUNCTION_WORDS.fullmatch(before.group("word")):
        return hit
    # the word sounds like the letters ("Alvarez" for "a, l, d, a, r, e, c", "Morrow" for "l, r, r, l, w"):
    # "Sure, it's j, o, h, n ..." does not
    letters = re.sub(r"[^\w]", "", spelled.group()).lower()
    if fuzz.ratio(before.group("word").lower(), letters) < _NAME_LIKE_LETTERS:
        return hit
    return Found("EMAIL", reach + before.start("word"), hit.end, hit.checksum_valid)


_FUNCTION_WORDS = re.compile(
    r"and|the|its|it's|that|this|to|is|my|your|for|send|spell|spelled|name|please|"
    r"это|мой|моя|моё|мое|на|вот|так|как|записывайте|пишите|по|буквам|буквы",
    re.IGNORECASE,
)
