"""VocErrors as HTTP answers: one table in the API, and the retry rule stays in voc."""

from __future__ import annotations

import inspect

import pytest

import voc.errors
from api.problems import error_status
from voc.errors import (
    AudioError,
    AudioTooLongError,
    BlobDamagedError,
    BlobStoreError,
    EmptyAudioError,
    InvalidInputError,
    InvalidOptionError,
    ModelMissingError,
    NotAudioError,
    SilentAudioError,
    TruncatedAudioError,
    UnsupportedAudioError,
    VocError,
)

ERRORS = [
    cls for _, cls in inspect.getmembers(voc.errors, inspect.isclass) if issubclass(cls, VocError)
]


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (VocError("x"), 400),
        (AudioError("x"), 422),
        (EmptyAudioError("x"), 422),
        (TruncatedAudioError("x"), 422),
        (NotAudioError("x"), 415),
        (SilentAudioError("x"), 422),
        (UnsupportedAudioError("x"), 422),
        (AudioTooLongError("x"), 413),
        (ModelMissingError("x"), 503),
        (InvalidInputError("x"), 422),
        (InvalidOptionError("channels", "agent", "x"), 422),
        (BlobStoreError("x"), 503),
        (BlobDamagedError("x"), 500),
    ],
)
def test_each_error_keeps_its_status(error: VocError, status: int) -> None:
    assert error_status(error) == status


def test_every_error_says_whether_trying_again_helps() -> None:
    for cls in ERRORS:
        assert "retryable" in vars(cls), f"{cls.__name__} must declare retryable"
        assert not hasattr(cls, "http_status"), "the HTTP status belongs to api/problems.py"
    assert {cls for cls in ERRORS if cls.retryable} == {ModelMissingError, BlobStoreError}


def test_an_error_the_table_does_not_know_gets_a_sensible_status() -> None:
    class NewAudioError(AudioError):
        code = "new_audio"

    class Unreachable(VocError):
        code = "unreachable"
        retryable = True

    class Refused(VocError):
        code = "refused"
        retryable = False

    assert error_status(NewAudioError("x")) == 422  # its parent's
    assert error_status(Unreachable("x")) == 503
    assert error_status(Refused("x")) == 400
