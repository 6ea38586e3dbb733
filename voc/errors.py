"""Errors a user can act on. Each carries a stable code and says whether trying again can help.

`retryable` is the job runner's rule: a call whose input is bad fails at once, one that hit
a missing model or an unreachable blob store is tried again later. How an adapter answers
an error (the API's HTTP status, the CLI's exit code) is the adapter's business.
"""

from __future__ import annotations

from typing import ClassVar


class VocError(Exception):
    code: ClassVar[str] = "voc_error"
    retryable: ClassVar[bool] = False

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class AudioError(VocError):
    code = "bad_audio"
    retryable = False


class EmptyAudioError(AudioError):
    code = "empty_audio"
    retryable = False


class TruncatedAudioError(AudioError):
    code = "truncated_audio"
    retryable = False


class NotAudioError(AudioError):
    code = "not_audio"
    retryable = False


class SilentAudioError(AudioError):
    code = "silent_audio"
    retryable = False


class UnsupportedAudioError(AudioError):
    """Readable audio voc does not take: more than two channels, a sample rate out of range."""

    code = "unsupported_audio"
    retryable = False


class AudioTooLongError(AudioError):
    code = "audio_too_long"
    retryable = False


class ModelMissingError(VocError):
    """A model is not installed or does not load: an operator fixes the deployment, the call waits."""

    code = "model_missing"
    retryable = True


class InvalidInputError(VocError):
    code = "invalid_input"
    retryable = False


class InvalidOptionError(InvalidInputError):
    """One analysis option given as text is wrong (`voc analyze --channels`, a `/v1/analyze`
    form field, upload metadata). `option` names it in the API's spelling (`call_date`) so
    each adapter can say it in its own terms (`--call-date`); `reason` is the same everywhere."""

    retryable = False

    def __init__(self, option: str, value: object, reason: str) -> None:
        super().__init__(f"{option} {value!r}: {reason}")
        self.option = option
        self.value = value
        self.reason = reason


class BlobStoreError(VocError):
    """The blob store (an S3 bucket) cannot be reached or refused the request: try again later."""

    code = "blob_store_unavailable"
    retryable = True


class BlobDamagedError(VocError):
    """A stored blob's bytes no longer match the digest it is stored under.

    Not retryable: the digest is checked on a complete read (a cut-off transfer is a
    BlobStoreError), so every later attempt reads the same wrong bytes. Failing at once
    puts `blob_damaged` in front of an operator instead of hours of backoff.
    """

    code = "blob_damaged"
    retryable = False
