"""Polarity words with negation ("не плохо", "not bad"), and words of worry.

The lists are dictionary forms (lemmas) for Russian and plain lower-case words for English.
They feed the packaged sentiment classifier as features next to the sentence embedding, and
fusion reads the worry words to tell an anxious customer from an irritated one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from voc.text.tokens import Token, tokenize


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


# "хорошо" is left out on purpose: in calls it mostly means "OK" ("Хорошо, записываю").
POSITIVE = _words(
    """
    спасибо благодарить благодарность благодарный признательный отлично отличный хороший
    прекрасно прекрасный замечательно замечательный супер класс классно классный здорово довольный
    довольно рад радовать порадовать нравиться понравиться помочь выручить спасти удобно удобный
    вежливый любезный внимательный молодец лучший приятно приятный устраивать рекомендовать
    профессионал чудесно чудесный восхитительно ура надёжный надежный оперативно оперативность
    thank thanks great excellent good perfect wonderful brilliant happy pleased glad helpful
    appreciate appreciated love lovely nice polite kind satisfied convenient recommend best awesome
    fantastic amazing resolved sorted smoothly smooth professional impressive pleasure handy
    """
)

NEGATIVE = _words(
    """
    плохо плохой ужасно ужасный отвратительно отвратительный безобразие кошмар возмутительно
    возмутительный возмутить надоесть жалоба жаловаться претензия обман обмануть развести хамить
    нахамить грубить издеваться издевательство бардак бесполезно бесполезный разочаровать
    разочарованный недовольный злой зол хуже худший проблема ошибка бред идиотизм отстой
    неприемлемо неприемлемый мучить мучение невозможно страшно бояться волноваться тревожно паника
    украсть наглость грабительский беспредел стыдно расстроить расстроенный неприятно жалеть ад
    сбой виснуть вылетать ужас вор жулик безразличие некомпетентность спам брак бракованный
    bad terrible awful horrible worst worse ridiculous outrageous unacceptable disappointed
    disappointing angry furious annoyed upset rude useless pointless scam lied lie complaint
    complain problem error broken wrong nightmare mess sick tired waste wasted stupid joke kidding
    worried scared afraid panic panicking stolen regret hate unhappy fail failed crash crashes
    avoid excuses useless spam
    """
)

WORRY = _words(
    """
    бояться страшно страх волноваться тревожно тревога тревожиться обеспокоенный беспокоиться
    паника паниковать переживать украсть мошенник мошенничество срочно срочный
    worried worry scared afraid panic panicking anxious concerned stolen fraud urgent urgently
    """
)

NEGATORS = _words("не ни нет без никак ничуть not no never without nothing nobody none neither nor")
# "проблем нет", "претензий нет": the negator follows the word it cancels.
TRAILING_NEGATORS = frozenset({"нет"})
NEGATION_REACH = 3


@dataclass(frozen=True)
class Polarity:
    positive: int = 0
    negative: int = 0
    negated_positive: int = 0  # "не доволен", "not happy": reads negative
    negated_negative: int = 0  # "не плохо", "not bad", "no problems": reads mildly positive

    @property
    def score(self) -> float:
        """Net lexical polarity: > 0 positive, < 0 negative."""
        return self.positive + 0.7 * self.negated_negative - self.negative - self.negated_positive


def _is_negator(token: Token) -> bool:
    return token.lemma in NEGATORS or token.text.endswith("n't")


def _negated(tokens: Sequence[Token], i: int) -> bool:
    before = tokens[max(0, i - NEGATION_REACH) : i]
    if any(_is_negator(t) for t in before):
        return True
    return i + 1 < len(tokens) and tokens[i + 1].lemma in TRAILING_NEGATORS


def polarity(text: str) -> Polarity:
    tokens = tokenize(text)
    counts = [0, 0, 0, 0]
    for i, token in enumerate(tokens):
        positive = token.lemma in POSITIVE or token.text in POSITIVE
        negative = token.lemma in NEGATIVE or token.text in NEGATIVE
        if not (positive or negative):
            continue
        slot = (0 if positive else 1) + (2 if _negated(tokens, i) else 0)
        counts[slot] += 1
    return Polarity(counts[0], counts[1], counts[2], counts[3])


def worry_words(text: str) -> list[str]:
    return [t.text for t in tokenize(text) if t.lemma in WORRY or t.text in WORRY]


# Words of agreement that open a reply: "Хорошо, буду дома", "Okay, I'll wait". They say the
# customer accepts, not that they are pleased; the text model reads them mildly positive.
_ACKNOWLEDGEMENTS = _words(
    "хорошо ладно ок окей понятно ясно договорились принято угу ага да okay ok alright fine sure right"
)


def acknowledgement_only(text: str) -> bool:
    """A reply that opens with a word of agreement and has no word of praise or thanks after it."""
    tokens = tokenize(text)
    if not tokens:
        return False
    first = tokens[0].text.lower()
    opens = first in _ACKNOWLEDGEMENTS or (first == "all" and len(tokens) > 1 and tokens[1].text.lower() == "right")
    return opens and polarity(text).positive == 0
