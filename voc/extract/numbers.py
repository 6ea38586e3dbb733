"""Spelled-out numbers to digits for extraction: the plain view of the one number stage, voc.text.itn.

natasha finds "15 марта" and "500 тысяч рублей" but not "пятнадцатого марта" or "пятьсот тысяч
рублей", and Whisper writes either form. `normalise_numbers` rewrites number words (and "15-го",
"20th") as plain digits so the libraries see one form, and remembers which numbers were ordinals in
the genitive ("тридцатого"), the way Russian names a day of the month on its own. The display text
of a turn ("200 000 ₽", "15 марта") comes from the same reading (`voc.text.itn.display_text`).
"""

from voc.text.itn import Normalised, NumberMark, normalise_numbers

__all__ = ["Normalised", "NumberMark", "normalise_numbers"]
