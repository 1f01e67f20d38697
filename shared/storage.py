"""Evidence files in S3 through the `minio` SDK: content-addressed, hashed while streaming."""

from __future__ import annotations

import hashlib
import io
import logging
import tempfile
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import IO

import urllib3
from minio import Minio
from minio.datatypes import PostPolicy
from minio.error import S3Error

from shared.config import S3Settings
from shared.db import utc_now
from shared.errors import AppError, ServiceUnavailable
from shared.s3_multipart import MultipartUploads

log = logging.getLogger(__name__)

CHUNK = 1024 * 1024
SPOOL_IN_MEMORY = 1024 * 1024
HEAD_BYTES = 64


class StorageUnavailable(ServiceUnavailable, code="storage.unavailable"): ...


class UploadTooLarge(AppError, code="error.request_too_large", status=413): ...


@dataclass(frozen=True)
class StoredObject:
    key: str
    size: int
    sha256: str
    content_type: str


@dataclass
class SpooledUpload:
    """An upload held in a temporary file, measured and hashed as it arrived."""

    file: IO[bytes]
    size: int
    sha256: str
    head: bytes


async def spool_upload(chunks: AsyncIterator[bytes], *, limit_bytes: int) -> SpooledUpload:
    """Copy an incoming stream to a temporary file, refusing it once it passes `limit_bytes`."""
    digest, size, head = hashlib.sha256(), 0, b""
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 - returned to caller
    try:
        async for chunk in chunks:
            size += len(chunk)
            if size > limit_bytes:
                raise UploadTooLarge(limit_mb=limit_bytes // (1024 * 1024))
            if len(head) < HEAD_BYTES:
                head += chunk[: HEAD_BYTES - len(head)]
            digest.update(chunk)
            spool.write(chunk)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return SpooledUpload(file=spool, size=size, sha256=digest.hexdigest(), head=head)


class HashingReader(io.RawIOBase):
    """Wraps a stream and hashes what is read from it (for puts of unknown length)."""

    def __init__(self, raw: IO[bytes]):
        self.raw, self.digest, self.size = raw, hashlib.sha256(), 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def _http(settings: S3Settings) -> urllib3.PoolManager:
    timeout = urllib3.Timeout(connect=min(3.0, settings.timeout_seconds), read=settings.timeout_seconds)
    retries = urllib3.Retry(total=2, backoff_factor=0.2, status_forcelist=[500, 502, 503, 504])
    return urllib3.PoolManager(timeout=timeout, retries=retries, maxsize=10)


class EvidenceStore:
    """The evidence bucket: put, get, stat, delete, and presigned GETs for browsers."""

    def __init__(self, settings: S3Settings):
        self.settings = settings
        self.bucket = settings.bucket
        secret = settings.secret_key.get_secret_value()
        http = _http(settings)
        self.client = Minio(
            settings.endpoint,
            access_key=settings.access_key,
            secret_key=secret,
            secure=settings.secure,
            region=settings.region,
            http_client=http,
        )
        self.multipart = MultipartUploads(self.client, self.bucket, http=http)
        # SigV4 signs the host: URLs for browsers must be signed for the endpoint they will use.
        self.public_client = Minio(
            settings.browser_endpoint,
            access_key=settings.access_key,
            secret_key=secret,
            secure=settings.browser_secure,
            region=settings.region,
        )

    @contextmanager
    def _translate_errors(self, action: str) -> Iterator[None]:
        try:
            yield
        except S3Error:
            raise
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            log.warning("storage.unavailable", extra={"action": action, "error": str(exc)})
            raise StorageUnavailable() from exc

    def ensure_bucket(self) -> None:
        """Create the bucket if it does not exist yet."""
        with self._translate_errors("ensure_bucket"):
            if not self.client.bucket_exists(self.bucket):
                try:
                    self.client.make_bucket(self.bucket)
                except S3Error as exc:
                    if exc.code not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                        raise

    def ping(self) -> None:
        """Raise unless the S3 server answers and the bucket exists."""
        with self._translate_errors("ping"):
            if not self.client.bucket_exists(self.bucket):
                raise StorageUnavailable()

    def put(
        self, key: str, data: IO[bytes], *, length: int = -1, content_type: str, sha256: str | None = None
    ) -> StoredObject:
        """Store a stream, hashing it on the way; unknown length goes up in 5 MiB parts."""
        reader = HashingReader(data)
        metadata = {"sha256": sha256} if sha256 else None
        with self._translate_errors("put"):
            self.client.put_object(
                self.bucket,
                key,
                reader,  # type: ignore[arg-type]
                length=length,
                content_type=content_type,
                metadata=metadata,  # type: ignore[arg-type]
                part_size=0 if length >= 0 else 5 * 1024 * 1024,
            )
        return StoredObject(
            key=key, size=reader.size, sha256=reader.digest.hexdigest(), content_type=content_type
        )

    def get(self, key: str) -> bytes:
        with self._translate_errors("get"):
            response = self.client.get_object(self.bucket, key)
            try:
                return response.read()
            finally:
                response.close()
                response.release_conn()

    def stream(self, key: str, *, chunk_size: int = CHUNK) -> Iterator[bytes]:
        """The object's bytes in chunks, without holding it in memory (the connection is released after)."""
        with self._translate_errors("get"):
            response = self.client.get_object(self.bucket, key)
        try:
            yield from response.stream(chunk_size)
        finally:
            response.close()
            response.release_conn()

    @property
    def public_bucket_url(self) -> str:
        """Where browsers POST files to (the bucket on the public endpoint)."""
        return f"{self.settings.browser_origin}/{self.bucket}"

    def presigned_post(self, key: str, *, max_bytes: int, expires: timedelta) -> dict[str, str]:
        """Form fields (key included) for a browser to POST one file to `public_bucket_url`,
        its size capped by the policy."""
        policy = PostPolicy(self.bucket, utc_now() + expires)
        policy.add_equals_condition("key", key)
        policy.add_content_length_range_condition(1, max_bytes)
        return {"key": key, **self.public_client.presigned_post_policy(policy)}

    # Resumable uploads: the SDK's calls for these are private, so `MultipartUploads` does them
    # with presigned requests (public API only).

    def create_multipart(self, key: str, *, content_type: str = "application/octet-stream") -> str:
        """Start a multipart upload; returns S3's upload id."""
        with self._translate_errors("create_multipart"):
            return self.multipart.create(key, content_type=content_type)

    def multipart_parts(self, key: str, upload_id: str) -> dict[int, tuple[int, str]]:
        """The parts S3 already holds: part number -> (size, ETag)."""
        with self._translate_errors("list_parts"):
            listed = self.multipart.parts(key, upload_id)
        return {part.part_number: (part.size or 0, part.etag) for part in listed}

    def presigned_part_put(self, key: str, upload_id: str, part_number: int, *, expires: timedelta) -> str:
        """A URL a browser can PUT one part to (signed for the public endpoint)."""
        return self.public_client.get_presigned_url(
            "PUT",
            self.bucket,
            key,
            expires=expires,
            extra_query_params={"partNumber": str(part_number), "uploadId": upload_id},
        )

    def complete_multipart(self, key: str, upload_id: str) -> None:
        """Join the parts S3 holds, with the ETags S3 reports (never ones a client sent)."""
        with self._translate_errors("complete_multipart"):
            self.multipart.complete(key, upload_id, self.multipart.parts(key, upload_id))

    def abort_multipart(self, key: str, upload_id: str) -> None:
        """Drop an unfinished upload and the parts S3 holds for it."""
        with self._translate_errors("abort_multipart"):
            self.multipart.abort(key, upload_id)

    def stat(self, key: str) -> StoredObject | None:
        """The object's size and type, or None if there is no such object."""
        with self._translate_errors("stat"):
            try:
                info = self.client.stat_object(self.bucket, key)
            except S3Error as exc:
                if exc.code in ("NoSuchKey", "NoSuchObject", "NotFound"):
                    return None
                raise
        metadata = info.metadata or {}
        return StoredObject(
            key=key,
            size=info.size or 0,
            sha256=str(metadata.get("x-amz-meta-sha256", "")),
            content_type=info.content_type or "application/octet-stream",
        )

    def list_objects(self, *, prefix: str = "") -> Iterator[tuple[str, datetime]]:
        """Every object under `prefix` with the time it was last written (parts of unfinished
        multipart uploads are not objects yet and are not listed)."""
        with self._translate_errors("list"):
            for obj in self.client.list_objects(self.bucket, prefix=prefix or None, recursive=True):
                if obj.object_name and obj.last_modified is not None:
                    yield obj.object_name, obj.last_modified

    def delete(self, key: str) -> None:
        with self._translate_errors("delete"):
            self.client.remove_object(self.bucket, key)

    def discard(self, key: str) -> bool:
        """Delete an object nothing will refer to, as far as S3 lets us now (False: it could not be
        deleted, the orphan sweeper removes it later)."""
        try:
            self.delete(key)
        except (StorageUnavailable, S3Error) as exc:
            log.warning("storage.discard.failed", extra={"object_key": key, "error": str(exc)})
            return False
        return True

    def presigned_get(self, key: str, *, filename: str | None = None) -> str:
        """A short-lived URL a browser can fetch the object with (no network call)."""
        headers: dict[str, str | list[str] | tuple[str]] | None = (
            {"response-content-disposition": f'inline; filename="{filename}"'} if filename else None
        )
        return self.public_client.presigned_get_object(
            self.bucket,
            key,
            expires=timedelta(seconds=self.settings.presign_seconds),
            response_headers=headers,
        )


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
