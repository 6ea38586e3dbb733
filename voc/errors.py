"""Errors a user can act on. Each carries a stable code and the HTTP status the API answers with."""

from __future__ import annotations


class VocError(Exception):
    code = "voc_error"
    http_status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class AudioError(VocError):
    code = "bad_audio"
    http_status = 422


class EmptyAudioError(AudioError):
    code = "empty_audio"


class TruncatedAudioError(AudioError):
    code = "truncated_audio"


class NotAudioError(AudioError):
    code = "not_audio"
    http_status = 415


class SilentAudioError(AudioError):
    code = "silent_audio"


class UnsupportedAudioError(AudioError):
    """Readable audio voc does not take: more than two channels, a sample rate out of range."""

    code = "unsupported_audio"


class AudioTooLongError(AudioError):
    code = "audio_too_long"
    http_status = 413


class ModelMissingError(VocError):
    code = "model_missing"
    http_status = 503


class InvalidInputError(VocError):
    code = "invalid_input"
    http_status = 422


class InvalidOptionError(InvalidInputError):
    """One analysis option given as text is wrong (`voc analyze --channels`, a `/v1/analyze`
    form field, upload metadata). `option` names it in the API's spelling (`call_date`) so
    each adapter can say it in its own terms (`--call-date`); `reason` is the same everywhere."""

    def __init__(self, option: str, value: object, reason: str) -> None:
        super().__init__(f"{option} {value!r}: {reason}")
        self.option = option
        self.value = value
        self.reason = reason


class BlobStoreError(VocError):
    """The blob store (an S3 bucket) cannot be reached or refused the request: try again later."""

    code = "blob_store_unavailable"
    http_status = 503


class BlobDamagedError(VocError):
    """A stored blob's bytes no longer match the digest it is stored under."""

    code = "blob_damaged"
    http_status = 500
