"""S3 multipart uploads through the `minio` SDK's public API only.

The SDK keeps CreateMultipartUpload, ListParts, CompleteMultipartUpload and AbortMultipartUpload
private (`_create_multipart_upload`, ...), and private calls may change in any release. Its public
`get_presigned_url` signs any method with any query (SigV4, payload unsigned), so each operation
here is a presigned request sent by our own HTTP pool, and its XML answer is read with the SDK's
public result types.
"""

from __future__ import annotations

import base64
import hashlib
import xml.etree.ElementTree as ET
from datetime import timedelta

import urllib3
from minio import Minio
from minio.datatypes import Part
from minio.error import S3Error
from minio.xml import Element, SubElement, findall, findtext, getbytes

# Long enough for a slow server, short enough that a leaked URL is soon useless.
SIGNED_FOR = timedelta(minutes=5)
PAGE_SIZE = 1000  # what S3 returns at most per ListParts page


class MultipartUploads:
    """Create, list, complete and abort multipart uploads of one bucket."""

    def __init__(self, client: Minio, bucket: str, *, http: urllib3.PoolManager):
        self.client, self.bucket, self.http = client, bucket, http

    def _send(
        self,
        method: str,
        key: str,
        query: dict[str, str],
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> urllib3.BaseHTTPResponse:
        url = self.client.get_presigned_url(
            method,
            self.bucket,
            key,
            expires=SIGNED_FOR,
            extra_query_params=dict(query),  # the SDK adds to the dict it is given
        )
        response = self.http.request(method, url, body=body, headers=headers, preload_content=True)
        if response.status >= 300:
            raise _error(response, key=key)
        return response

    def create(self, key: str, *, content_type: str) -> str:
        """Start a multipart upload; returns S3's upload id."""
        response = self._send("POST", key, {"uploads": ""}, headers={"Content-Type": content_type})
        upload_id = findtext(_parse(response.data), "UploadId")
        if not upload_id:
            raise _error(response, key=key)
        return upload_id

    def parts(self, key: str, upload_id: str) -> list[Part]:
        """Every part S3 holds for the upload, in part-number order (all pages)."""
        parts: list[Part] = []
        marker = ""
        while True:
            query = {"uploadId": upload_id, "max-parts": str(PAGE_SIZE)}
            if marker:
                query["part-number-marker"] = marker
            element = _parse(self._send("GET", key, query).data)
            parts += [Part.fromxml(tag) for tag in findall(element, "Part")]
            marker = findtext(element, "NextPartNumberMarker") or ""
            if findtext(element, "IsTruncated") != "true" or not marker:
                return parts

    def complete(self, key: str, upload_id: str, parts: list[Part]) -> None:
        """Join `parts` (number and ETag) into the object."""
        element = Element("CompleteMultipartUpload")
        for part in parts:
            tag = SubElement(element, "Part")
            SubElement(tag, "PartNumber", str(part.part_number))
            SubElement(tag, "ETag", f'"{part.etag}"')
        body = getbytes(element)
        headers = {
            "Content-Type": "application/xml",
            "Content-MD5": base64.b64encode(hashlib.md5(body).digest()).decode(),  # noqa: S324 - S3 asks for MD5
        }
        response = self._send("POST", key, {"uploadId": upload_id}, body=body, headers=headers)
        # S3 may answer 200 and still fail: the error is then in the body.
        if _parse(response.data).tag.rpartition("}")[2] == "Error":
            raise _error(response, key=key)

    def abort(self, key: str, upload_id: str) -> None:
        """Drop the upload and the parts S3 holds for it."""
        self._send("DELETE", key, {"uploadId": upload_id})


def _parse(data: bytes) -> ET.Element:
    # The answer comes from our own S3 server, which the SDK trusts the same way (it parses every
    # answer with ElementTree).
    return ET.fromstring(data)  # noqa: S314


def _error(response: urllib3.BaseHTTPResponse, *, key: str) -> S3Error:
    if response.data:
        try:
            return S3Error.fromxml(response)
        except ET.ParseError:
            pass
    return S3Error(
        response,
        code=f"HTTP{response.status}",
        message=response.reason,
        resource=key,
        request_id=response.headers.get("x-amz-request-id"),
        host_id=response.headers.get("x-amz-id-2"),
    )
