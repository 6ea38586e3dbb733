"""Uploads kept in an S3-compatible bucket: the store on its own, then a worker with no shared folder.

The bucket is moto's S3 server on loopback: the real S3 protocol over HTTP, spoken by boto3.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.problems import error_status
from tests.service.harness import Process, deployment, free_port, scaleout_available
from tests.service.test_jobs import CLIP, TRUTH, finished, upload
from voc.config import Settings
from voc.errors import BlobDamagedError, BlobStoreError
from voc.service import Service
from voc.store.blobs import BlobStore, open_blob_store
from voc.store.s3_blobs import S3BlobStore

BUCKET = "voc-recordings"
AWS_TEST_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_REGION": "us-east-1",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    saved = {k: os.environ.get(k) for k in [*AWS_TEST_ENV, "AWS_ENDPOINT_URL"]}
    os.environ.update(AWS_TEST_ENV | {"AWS_ENDPOINT_URL": endpoint})
    try:
        import boto3

        boto3.client("s3").create_bucket(Bucket=BUCKET)
        yield endpoint
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        server.stop()


@pytest.fixture
def store(s3_endpoint: str, tmp_path: Path) -> S3BlobStore:
    blobs = open_blob_store(Settings(data_dir=tmp_path, blob_url=f"s3://{BUCKET}/{tmp_path.name}"))
    assert isinstance(blobs, S3BlobStore)
    return blobs


def keys_under(blobs: S3BlobStore) -> list[str]:
    listed = blobs.client.list_objects_v2(Bucket=blobs.bucket, Prefix=f"{blobs.prefix}/")
    return sorted(item["Key"] for item in listed.get("Contents", []))


def test_blob_url_picks_the_store(tmp_path: Path) -> None:
    assert isinstance(open_blob_store(Settings(data_dir=tmp_path)), BlobStore)
    assert open_blob_store(Settings(data_dir=tmp_path, blob_url=f"file://{tmp_path}/b")).root == tmp_path / "b"  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="file:// or s3://"):
        open_blob_store(Settings(data_dir=tmp_path, blob_url="ftp://somewhere"))


def test_put_read_delete_by_content(store: S3BlobStore) -> None:
    audio = CLIP.read_bytes()
    sha, size = store.put(io.BytesIO(audio))
    assert (sha, size) == (hashlib.sha256(audio).hexdigest(), len(audio))
    assert store.put_bytes(audio) == (sha, size)  # the same recording again: stored once
    assert keys_under(store) == [f"{store.prefix}/{sha[:2]}/{sha[2:4]}/{sha}"]
    assert store.exists(sha)
    assert store.read(sha) == audio
    assert store.delete(sha) is True
    assert store.delete(sha) is False
    assert not store.exists(sha)
    with pytest.raises(FileNotFoundError):
        store.read(sha)
    with pytest.raises(ValueError, match="not a sha256"):
        store.read("../../etc/passwd")


def test_the_sweep_lists_the_buckets_blobs_by_age(store: S3BlobStore) -> None:
    sha, _ = store.put_bytes(b"a blob for the sweep")
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)
    earlier = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    assert sha in set(store.stored_before(later))
    assert sha not in set(store.stored_before(earlier))


def test_a_damaged_object_is_refused_not_analysed(store: S3BlobStore) -> None:
    sha, _ = store.put_bytes(b"the real recording")
    store.client.put_object(Bucket=store.bucket, Key=store.key(sha), Body=b"something else")
    with pytest.raises(BlobDamagedError, match="does not match its digest"):
        store.read(sha)


def test_an_unreachable_store_is_a_clear_503_error(s3_endpoint: str, tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{free_port()}")  # nothing listens there
    blobs = open_blob_store(Settings(data_dir=tmp_path, blob_url=f"s3://{BUCKET}"))
    with pytest.raises(BlobStoreError, match=f"s3://{BUCKET}") as raised:
        blobs.put_bytes(b"audio")
    assert raised.value.retryable and error_status(raised.value) == 503

    with deployment("embedded", tmp_path) as deploy:
        settings = deploy.settings(blob_url=f"s3://{BUCKET}", jobs=deploy.job_settings(embedded_worker=False))
        app = create_app(Service(settings))
        with TestClient(app) as client:
            headers = {"Authorization": f"Bearer {deploy.new_key(['admin'])}"}
            response = client.post(
                "/v1/calls",
                headers=headers,
                files={"audio": ("call.wav", CLIP.read_bytes(), "audio/wav")},
                data={"metadata": '{"external_id": "s3-down-1"}'},
            )
            assert response.status_code == 503, response.text
            assert response.headers["content-type"].startswith("application/problem+json")
            assert response.json()["code"] == "blob_store_unavailable"
            listed = client.get("/v1/calls", headers=headers).json()
            assert listed["items"] == []  # nothing half-stored: no call without its audio


@pytest.mark.scaleout
@pytest.mark.slow
def test_a_worker_without_the_apis_folder_analyses_from_the_bucket(s3_endpoint: str, tmp_path: Path) -> None:
    if not scaleout_available():
        pytest.skip("needs PostgreSQL on 127.0.0.1:5432 and RabbitMQ on 127.0.0.1:5672")
    blob_url = f"s3://{BUCKET}/{tmp_path.name}"
    with deployment("scaleout", tmp_path) as deploy:
        app = create_app(Service(deploy.settings(blob_url=blob_url)))
        # The worker gets a data folder of its own: the audio can only reach it through the bucket.
        deploy.extra_env = AWS_TEST_ENV | {
            "AWS_ENDPOINT_URL": s3_endpoint,
            "VOC_BLOB_URL": blob_url,
            "VOC_DATA_DIR": str(tmp_path / "worker-data"),
        }
        with TestClient(app) as client:
            from tests.service.conftest import Service as RunningService

            service = RunningService(deploy, client, {"Authorization": f"Bearer {deploy.new_key(['admin'])}"}, tmp_path)
            worker: Process = service.start_worker()
            try:
                accepted = upload(service, CLIP.read_bytes(), channels="agent,customer", language="ru")
                view = finished(service, str(accepted["id"]))
            finally:
                worker.stop()
            assert view["status"] == "done", (view.get("error"), worker.output()[-2000:])
            analysis = view["analysis"]
            assert isinstance(analysis, dict)
            assert analysis["channels"]["layout"] == TRUTH["channels"]
            assert not (tmp_path / "data" / "blobs").exists()
            assert not (tmp_path / "worker-data" / "blobs").exists()
            store = open_blob_store(deploy.settings(blob_url=blob_url))
            assert isinstance(store, S3BlobStore)
            assert len(keys_under(store)) == 1
