"""Blobs in an S3-compatible bucket (AWS S3, MinIO, Ceph, ...), for workers on other machines.

`VOC_BLOB_URL=s3://bucket/prefix`; credentials, region and endpoint come from the usual AWS
settings (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_ENDPOINT_URL for a
non-AWS store, or ~/.aws/config). Needs the `s3` extra (boto3).

Objects are keyed `prefix/ab/cd/<sha256>` like the local folder. An upload is spooled (to disk
past 16 MB) while its digest is computed, then sent only if that key is not there yet: the
same recording uploaded twice is stored once, and an S3 PUT is all-or-nothing. A read checks
the bytes against their key, so a damaged object fails its job with a clear error instead of
producing an analysis of the wrong audio.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import tempfile
from collections.abc import Iterator
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from voc.errors import BlobDamagedError, BlobStoreError
from voc.store.blobs import blob_name, copy_hashing

SPOOL_BYTES = 16 * 1024 * 1024


class S3BlobStore:
    def __init__(self, client: Any, bucket: str, prefix: str = "") -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix.strip("/")

    @classmethod
    def from_url(cls, url: str) -> S3BlobStore:
        try:
            import boto3
            from botocore.config import Config
        except ImportError as err:
            raise BlobStoreError("VOC_BLOB_URL=s3://... needs boto3: pip install 'voc[s3]'") from err
        bucket, _, prefix = url.removeprefix("s3://").partition("/")
        if not bucket:
            raise ValueError("VOC_BLOB_URL=s3:// needs a bucket name: s3://bucket[/prefix]")
        config = Config(retries={"mode": "standard", "max_attempts": 5})
        client = boto3.client("s3", config=config)
        # Self-hosted stores (MinIO and the like) are addressed by path, not by bucket host name.
        # Where the endpoint was configured (AWS_ENDPOINT_URL[_S3], ~/.aws/config) is botocore's
        # business: the client it built knows which one it resolved.
        if not _is_aws_endpoint(client.meta.endpoint_url):
            client = boto3.client("s3", config=config.merge(Config(s3={"addressing_style": "path"})))
        return cls(client, bucket, prefix)

    def key(self, sha256: str) -> str:
        name = blob_name(sha256)
        return f"{self.prefix}/{name}" if self.prefix else name

    def exists(self, sha256: str) -> bool:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self.key(sha256))
            return True
        except ClientError as err:
            if _status(err) == 404:
                return False
            raise self._unavailable("check", err) from err
        except BotoCoreError as err:
            raise self._unavailable("reach", err) from err

    def put(self, source: BinaryIO) -> tuple[str, int]:
        from botocore.exceptions import BotoCoreError, ClientError

        with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
            sha, size = copy_hashing(source, spool)
            if self.exists(sha):
                return sha, size
            spool.seek(0)
            try:
                self.client.upload_fileobj(spool, self.bucket, self.key(sha))
            except (BotoCoreError, ClientError) as err:
                raise self._unavailable("store", err) from err
        return sha, size

    def put_bytes(self, data: bytes) -> tuple[str, int]:
        return self.put(io.BytesIO(data))

    def read(self, sha256: str) -> bytes:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            data: bytes = self.client.get_object(Bucket=self.bucket, Key=self.key(sha256))["Body"].read()
        except ClientError as err:
            if _status(err) == 404 or _code(err) == "NoSuchKey":
                raise FileNotFoundError(f"no blob {sha256} in s3://{self.bucket}/{self.prefix}") from err
            raise self._unavailable("read", err) from err
        except BotoCoreError as err:
            raise self._unavailable("read", err) from err
        if hashlib.sha256(data).hexdigest() != sha256:
            raise BlobDamagedError(f"the stored object for {sha256} does not match its digest")
        return data

    def stored_before(self, before: dt.datetime) -> Iterator[str]:
        from botocore.exceptions import BotoCoreError, ClientError

        prefix = f"{self.prefix}/" if self.prefix else ""
        try:
            for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix):
                for item in page.get("Contents", []):
                    name = str(item["Key"]).rsplit("/", 1)[-1]
                    if len(name) == 64 and item["LastModified"] < before:
                        yield name
        except (BotoCoreError, ClientError) as err:
            raise self._unavailable("list", err) from err

    def delete(self, sha256: str) -> bool:
        from botocore.exceptions import BotoCoreError, ClientError

        if not self.exists(sha256):
            return False
        try:
            self.client.delete_object(Bucket=self.bucket, Key=self.key(sha256))
        except (BotoCoreError, ClientError) as err:
            raise self._unavailable("delete", err) from err
        return True

    def _unavailable(self, action: str, err: Exception) -> BlobStoreError:
        return BlobStoreError(f"could not {action} the blob in s3://{self.bucket}: {err}")


def _is_aws_endpoint(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host.endswith((".amazonaws.com", ".amazonaws.com.cn"))


def _status(err: Any) -> int | None:
    status = err.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    return int(status) if status is not None else None


def _code(err: Any) -> str:
    return str(err.response.get("Error", {}).get("Code", ""))
