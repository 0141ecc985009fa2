"""File storage in an S3-compatible object store (Amazon S3, MinIO, Ceph, ...).

Chosen with ``RASHARP_STORAGE_BACKEND=s3`` so that the API and workers on other machines read
and write the same files. Same keys and methods as the local :class:`~.storage.Storage`. An
object appears whole or not at all, so a reader never sees half a file.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from .config import Settings

MISSING_CODES = {"404", "NoSuchKey", "NotFound"}


class StorageUnavailable(RuntimeError):
    """The object store cannot be reached or refuses access; the message says which and where."""


class S3Storage:
    def __init__(
        self,
        bucket: str,
        prefix: str = "",
        endpoint_url: str | None = None,
        region: str | None = None,
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
    ):
        import boto3
        from botocore.config import Config

        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.endpoint_url = endpoint_url or None
        config = Config(
            retries={"max_attempts": 5, "mode": "standard"},
            connect_timeout=10,
            read_timeout=60,
            # Stores other than Amazon S3 are usually reached by address, not bucket DNS names.
            s3={"addressing_style": "path" if self.endpoint_url else "auto"},
        )
        # A client (unlike a boto3 session) may be shared by a worker's threads.
        self.client = boto3.session.Session().client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=region or None,
            aws_access_key_id=access_key_id or None,
            aws_secret_access_key=secret_access_key or None,
            config=config,
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> S3Storage:
        return cls(
            settings.s3_bucket,
            prefix=settings.s3_prefix,
            endpoint_url=settings.s3_endpoint_url,
            region=settings.s3_region,
            access_key_id=settings.s3_access_key_id,
            secret_access_key=settings.s3_secret_access_key,
        )

    @property
    def location(self) -> str:
        where = f"s3://{self.bucket}/{self.prefix}"
        return f"{where} at {self.endpoint_url}" if self.endpoint_url else where

    def object_key(self, key: str) -> str:
        parts = PurePosixPath(key).parts
        if not key or key.startswith("/") or "\\" in key or ".." in parts or "." in parts:
            raise ValueError(f"storage key {key!r} is not a relative path inside the storage")
        return self.prefix + key

    def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self.object_key(key))
            return True
        except ClientError as exc:
            if _error_code(exc) in MISSING_CODES:
                return False
            raise

    def write(self, key: str, data: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self.object_key(key), Body=data)

    def read(self, key: str) -> bytes:
        from botocore.exceptions import ClientError

        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self.object_key(key))
        except ClientError as exc:
            if _error_code(exc) in MISSING_CODES:
                raise FileNotFoundError(f"no stored file {key!r} in {self.location}") from None
            raise
        with answer["Body"] as body:
            return body.read()

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.object_key(key))

    def check(self) -> None:
        """Raise StorageUnavailable unless the bucket exists and these credentials may use it."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.head_bucket(Bucket=self.bucket)
        except ClientError as exc:
            code = _error_code(exc)
            if code in MISSING_CODES or code == "NoSuchBucket":
                reason = "the bucket does not exist (create it first)"
            elif code in ("403", "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch"):
                reason = (
                    "access was refused: check RASHARP_S3_ACCESS_KEY_ID and "
                    "RASHARP_S3_SECRET_ACCESS_KEY"
                )
            else:
                reason = f"the store answered {code}"
            raise StorageUnavailable(f"storage {self.location} is not usable: {reason}") from None
        except BotoCoreError as exc:
            raise StorageUnavailable(
                f"storage {self.location} cannot be reached: {exc} (check RASHARP_S3_ENDPOINT_URL)"
            ) from None


def _error_code(exc) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))
