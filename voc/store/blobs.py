"""Recordings and conversation payloads, addressed by the sha256 of their bytes.

`BlobStore` keeps them on local disk: a blob is written to a temporary file in the same
folder tree, flushed with fsync and then renamed into place, so a crash leaves either the
whole file or none of it; the same recording uploaded twice is stored once. API and workers
share the folder (one machine, or a shared file system). Folders the store creates are 700 and
blobs 600 (voc/store/file_modes.py). `voc.store.s3_blobs.S3BlobStore`
keeps them in an S3-compatible bucket instead, for workers on other machines;
`open_blob_store(settings)` picks one from `VOC_BLOB_URL`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, BinaryIO, Protocol

from voc.store.file_modes import make_private_dir

if TYPE_CHECKING:
    from voc.config import Settings

CHUNK = 1 << 20


class Blobs(Protocol):
    """Where uploads wait for their worker. `read` of a missing blob raises FileNotFoundError."""

    def put(self, source: BinaryIO) -> tuple[str, int]: ...

    def put_bytes(self, data: bytes) -> tuple[str, int]: ...

    def read(self, sha256: str) -> bytes: ...

    def exists(self, sha256: str) -> bool: ...

    def delete(self, sha256: str) -> bool: ...

    def stored_before(self, before: dt.datetime) -> Iterator[str]:
        """The digests of the blobs written before `before` (for the sweep of unreferenced blobs)."""
        ...


def blob_name(sha256: str) -> str:
    """Where a blob lives under a store's root: `ab/cd/<sha256>` (refuses anything but a digest)."""
    if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
        raise ValueError(f"not a sha256 digest: {sha256!r}")
    return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"


def copy_hashing(source: BinaryIO, out: IO[bytes]) -> tuple[str, int]:
    """Copy a stream in chunks; returns the sha256 and size of what was copied."""
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        out.write(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def open_blob_store(settings: Settings) -> Blobs:
    """`VOC_BLOB_URL`: unset for VOC_DATA_DIR/blobs, `file:///path` for a folder, `s3://bucket[/prefix]`
    for a bucket (credentials and endpoint from the usual AWS_* variables)."""
    url = settings.blob_url
    if not url:
        return BlobStore(settings.data_dir / "blobs")
    if url.startswith("file://"):
        return BlobStore(Path(url.removeprefix("file://")))
    if url.startswith("s3://"):
        from voc.store.s3_blobs import S3BlobStore

        return S3BlobStore.from_url(url)
    raise ValueError(f"VOC_BLOB_URL must start with file:// or s3://, got {url.split(':')[0]}://...")


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.tmp = root / "tmp"
        make_private_dir(self.tmp)

    def path(self, sha256: str) -> Path:
        return self.root / blob_name(sha256)

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def put(self, source: BinaryIO) -> tuple[str, int]:
        """Copy a stream into the store; returns (sha256, size)."""
        fd, tmp_name = tempfile.mkstemp(dir=self.tmp, prefix="upload-")
        try:
            with os.fdopen(fd, "wb") as out:
                sha, size = copy_hashing(source, out)
                out.flush()
                os.fsync(out.fileno())
            final = self.path(sha)
            make_private_dir(final.parent)
            os.replace(tmp_name, final)
            _fsync_dir(final.parent)
            return sha, size
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise

    def put_bytes(self, data: bytes) -> tuple[str, int]:
        import io

        return self.put(io.BytesIO(data))

    def read(self, sha256: str) -> bytes:
        return self.path(sha256).read_bytes()

    def stored_before(self, before: dt.datetime) -> Iterator[str]:
        cutoff = before.timestamp()
        for path in self.root.glob("??/??/*"):
            if len(path.name) == 64 and path.is_file() and path.stat().st_mtime < cutoff:
                yield path.name
        # an upload a crash cut short leaves its temporary file: nothing names it, nothing reads it
        for path in self.tmp.glob("upload-*"):
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)

    def delete(self, sha256: str) -> bool:
        path = self.path(sha256)
        try:
            path.unlink()
        except FileNotFoundError:  # never stored, or another process removed it first
            return False
        _fsync_dir(path.parent)
        return True


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
