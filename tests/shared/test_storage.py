"""The S3 adapter against a real SeaweedFS server."""

from __future__ import annotations

import io
import uuid
from datetime import timedelta

import httpx
import pytest
from minio.error import S3Error
from pydantic import SecretStr

from shared.config import S3Settings
from shared.storage import EvidenceStore, sha256_of


@pytest.fixture
def store(s3_settings: S3Settings) -> EvidenceStore:
    return EvidenceStore(s3_settings)


class TestPutAndGet:
    def test_put_hashes_while_streaming_and_get_returns_the_bytes(self, store: EvidenceStore) -> None:
        data = b"%PDF-1.4 bukti dukung" * 1000
        key = f"test/{uuid.uuid4()}"
        stored = store.put(key, io.BytesIO(data), length=len(data), content_type="application/pdf")
        assert stored.sha256 == sha256_of(data)
        assert stored.size == len(data)
        assert store.get(key) == data
        info = store.stat(key)
        assert info is not None
        assert (info.size, info.content_type) == (len(data), "application/pdf")

    def test_unknown_length_goes_up_in_parts(self, store: EvidenceStore) -> None:
        data = bytes(range(256)) * (6 * 4096)  # 6 MiB: more than one 5 MiB part
        key = f"test/{uuid.uuid4()}"
        stored = store.put(key, io.BytesIO(data), content_type="video/mp4")
        assert stored.sha256 == sha256_of(data)
        assert store.get(key) == data

    def test_delete_removes_the_object(self, store: EvidenceStore) -> None:
        key = f"test/{uuid.uuid4()}"
        store.put(key, io.BytesIO(b"x"), length=1, content_type="text/plain")
        store.delete(key)
        assert store.stat(key) is None


class TestCredentials:
    def test_a_wrong_secret_is_refused_by_the_server(self, s3_settings: S3Settings) -> None:
        wrong = EvidenceStore(s3_settings.model_copy(update={"secret_key": SecretStr("wrong-secret-0000")}))
        with pytest.raises(S3Error) as info:
            wrong.put("test/forbidden", io.BytesIO(b"x"), length=1, content_type="text/plain")
        assert info.value.code == "SignatureDoesNotMatch"


class TestPresignedGet:
    def test_the_url_downloads_the_object(self, store: EvidenceStore) -> None:
        key = f"test/{uuid.uuid4()}"
        store.put(key, io.BytesIO(b"isi bukti"), length=9, content_type="application/pdf")
        response = httpx.get(store.presigned_get(key, filename="bukti.pdf"), timeout=10)
        assert response.status_code == 200
        assert response.content == b"isi bukti"

    def test_a_tampered_url_is_refused(self, store: EvidenceStore) -> None:
        key = f"test/{uuid.uuid4()}"
        store.put(key, io.BytesIO(b"rahasia"), length=7, content_type="application/pdf")
        url = store.presigned_get(key)
        tampered = url.replace(key, key + "x")
        assert httpx.get(tampered, timeout=10).status_code == 403

    def test_an_expired_url_is_refused(self, store: EvidenceStore) -> None:
        from datetime import UTC, datetime

        key = f"test/{uuid.uuid4()}"
        store.put(key, io.BytesIO(b"kedaluwarsa"), length=11, content_type="application/pdf")
        url = store.public_client.presigned_get_object(
            store.bucket,
            key,
            expires=timedelta(seconds=1),
            request_date=datetime.now(UTC) - timedelta(minutes=10),
        )
        assert httpx.get(url, timeout=10).status_code == 403

    def test_the_url_is_signed_for_the_public_endpoint(self, s3_settings: S3Settings) -> None:
        public = EvidenceStore(
            s3_settings.model_copy(update={"public_endpoint": "files.kukarkab.go.id", "public_secure": True})
        )
        url = public.presigned_get("a/b")
        assert url.startswith("https://files.kukarkab.go.id/")


class TestStreaming:
    def test_stream_yields_the_bytes_in_chunks(self, store: EvidenceStore) -> None:
        data = bytes(range(256)) * 8192  # 2 MiB
        key = f"test/{uuid.uuid4()}"
        store.put(key, io.BytesIO(data), length=len(data), content_type="application/pdf")
        chunks = list(store.stream(key, chunk_size=512 * 1024))
        assert len(chunks) >= 4
        assert b"".join(chunks) == data


class TestBrowserUploads:
    def test_a_presigned_post_accepts_a_file_within_the_limit_and_refuses_a_larger_one(
        self, store: EvidenceStore
    ) -> None:
        key = f"test/{uuid.uuid4()}"
        fields = store.presigned_post(key, max_bytes=1000, expires=timedelta(minutes=5))
        url = store.public_bucket_url
        small = httpx.post(
            url, data=fields, files={"file": ("a.pdf", b"%PDF-1.4 kecil", "application/pdf")}, timeout=10
        )
        assert small.status_code in (200, 201, 204), small.text
        assert store.get(key) == b"%PDF-1.4 kecil"
        other = f"test/{uuid.uuid4()}"
        fields = store.presigned_post(other, max_bytes=1000, expires=timedelta(minutes=5))
        large = httpx.post(
            url, data=fields, files={"file": ("b.pdf", b"x" * 5000, "application/pdf")}, timeout=10
        )
        assert large.status_code >= 400
        assert store.stat(other) is None

    def test_a_multipart_upload_resumes_from_the_parts_s3_already_has(self, store: EvidenceStore) -> None:
        key = f"test/{uuid.uuid4()}"
        first, second = b"a" * (5 * 1024 * 1024), b"b" * 1234
        upload_id = store.create_multipart(key, content_type="video/mp4")
        url = store.presigned_part_put(key, upload_id, 1, expires=timedelta(minutes=5))
        assert httpx.put(url, content=first, timeout=30).status_code == 200
        # the connection dropped here: the client asks what S3 has, and sends the rest
        assert set(store.multipart_parts(key, upload_id)) == {1}
        url = store.presigned_part_put(key, upload_id, 2, expires=timedelta(minutes=5))
        assert httpx.put(url, content=second, timeout=30).status_code == 200
        store.complete_multipart(key, upload_id)
        assert store.get(key) == first + second


class TestMultipartUploads:
    def test_two_parts_put_through_presigned_urls_are_joined_into_the_object(
        self, store: EvidenceStore
    ) -> None:
        key = f"test/{uuid.uuid4()}"
        first, second = bytes(range(256)) * (5 * 4096), b"akhir video" * 100  # 5 MiB, then the rest
        upload_id = store.create_multipart(key, content_type="video/mp4")
        for number, data in ((1, first), (2, second)):
            url = store.presigned_part_put(key, upload_id, number, expires=timedelta(minutes=5))
            assert httpx.put(url, content=data, timeout=30).status_code == 200
        parts = store.multipart_parts(key, upload_id)
        assert {number: size for number, (size, _etag) in parts.items()} == {1: len(first), 2: len(second)}
        assert all(etag for _size, etag in parts.values())
        store.complete_multipart(key, upload_id)
        assert store.get(key) == first + second
        info = store.stat(key)
        assert info is not None
        assert (info.size, info.content_type) == (len(first) + len(second), "video/mp4")

    def test_an_unfinished_upload_is_not_an_object_yet(self, store: EvidenceStore) -> None:
        key = f"test/{uuid.uuid4()}"
        upload_id = store.create_multipart(key)
        url = store.presigned_part_put(key, upload_id, 1, expires=timedelta(minutes=5))
        assert httpx.put(url, content=b"separuh", timeout=30).status_code == 200
        assert set(store.multipart_parts(key, upload_id)) == {1}
        assert store.stat(key) is None

    def test_an_aborted_upload_leaves_no_parts_and_cannot_be_completed(self, store: EvidenceStore) -> None:
        key = f"test/{uuid.uuid4()}"
        upload_id = store.create_multipart(key)
        url = store.presigned_part_put(key, upload_id, 1, expires=timedelta(minutes=5))
        assert httpx.put(url, content=b"dibatalkan", timeout=30).status_code == 200
        store.abort_multipart(key, upload_id)
        with pytest.raises(S3Error) as info:
            store.complete_multipart(key, upload_id)
        assert info.value.code == "NoSuchUpload"
        assert store.stat(key) is None

    def test_an_unknown_upload_id_is_refused(self, store: EvidenceStore) -> None:
        with pytest.raises(S3Error) as info:
            store.multipart_parts(f"test/{uuid.uuid4()}", "no-such-upload")
        assert info.value.code == "NoSuchUpload"

    def test_a_wrong_secret_is_refused_by_the_server(self, s3_settings: S3Settings) -> None:
        wrong = EvidenceStore(s3_settings.model_copy(update={"secret_key": SecretStr("wrong-secret-0000")}))
        with pytest.raises(S3Error) as info:
            wrong.create_multipart(f"test/{uuid.uuid4()}")
        assert info.value.code == "SignatureDoesNotMatch"
