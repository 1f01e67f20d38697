#!/bin/sh
# One-shot job (image minio/mc): create the evidence bucket and the application's own access key,
# limited to that bucket, so the services never hold the MinIO root credentials. Safe to re-run.
set -eu

: "${MINIO_ROOT_USER:?}" "${MINIO_ROOT_PASSWORD:?}" "${S3_ACCESS_KEY:?}" "${S3_SECRET_KEY:?}"
BUCKET="${S3_BUCKET:-evidence}"
POLICY="${BUCKET}-readwrite"

mc alias set gelar http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null
mc mb --ignore-existing "gelar/$BUCKET"
# Evidence is private: downloads go through short-lived presigned URLs only.
mc anonymous set none "gelar/$BUCKET"

if [ "$S3_ACCESS_KEY" = "$MINIO_ROOT_USER" ]; then
    echo "minio-init: S3_ACCESS_KEY is the root user; skipping the application user"
    exit 0
fi

cat >/tmp/policy.json <<JSON
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:*"],
      "Resource": ["arn:aws:s3:::${BUCKET}", "arn:aws:s3:::${BUCKET}/*"]
    }
  ]
}
JSON

mc admin user add gelar "$S3_ACCESS_KEY" "$S3_SECRET_KEY"
mc admin policy create gelar "$POLICY" /tmp/policy.json
# Attaching an already attached policy is an error on re-runs: accept it if it is in place.
if ! mc admin policy attach gelar "$POLICY" --user "$S3_ACCESS_KEY" 2>/tmp/attach.err; then
    if mc admin user info gelar "$S3_ACCESS_KEY" | grep -q "$POLICY"; then
        echo "minio-init: policy $POLICY already attached"
    else
        cat /tmp/attach.err >&2
        exit 1
    fi
fi
echo "minio-init: bucket $BUCKET ready"
