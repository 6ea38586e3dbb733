"""Personal data masked in a call's result (docs/redaction.md)."""

from voc.redaction.checksums import snils_valid
from voc.redaction.detect import find_personal_data
from voc.redaction.stage import mask, redact_call, redact_text

__all__ = ["find_personal_data", "mask", "redact_call", "redact_text", "snils_valid"]
