"""Settings, read once from the environment (and an optional .env file).

Every setting is listed with its default in the repository's `.env.example`.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET_KEY = "change-me-development-only"
SECRET_KEY_MIN_LENGTH = 32
SECRET_KEY_MIN_DISTINCT = 16  # a random key of 32+ characters has ~25 different ones


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RASHARP_", env_file=".env", extra="ignore")

    environment: Literal["development", "production", "test"] = "development"
    database_url: str = Field(
        "postgresql+psycopg://postgres@127.0.0.1:5432/rasharp",
        validation_alias=AliasChoices("DATABASE_URL", "RASHARP_DATABASE_URL"),
    )
    redis_url: str = Field(
        "redis://127.0.0.1:6379/0", validation_alias=AliasChoices("REDIS_URL", "RASHARP_REDIS_URL")
    )
    storage_dir: Path = Path("var/storage")
    max_upload_mb: int = Field(200, gt=0)
    secret_key: str = DEFAULT_SECRET_KEY
    model_dir: Path | None = None  # None: the weights folder of the rasharp library
    device: Literal["auto", "cpu", "cuda"] = "auto"
    int8_screen: bool = True  # on the CPU, first views graded by the grader's int8 twin
    # A GPU worker's threads grade their films together: a film waits at most batch_wait_ms for
    # films of other threads, and a batch holds at most batch_max films (1: no batching).
    batch_wait_ms: float = Field(15.0, ge=0, le=1000)
    batch_max: int = Field(8, ge=1, le=64)
    # Where the trainer fine-tunes (torch): auto takes CUDA when the trainer's torch has it.
    train_device: Literal["auto", "cpu", "cuda"] = "auto"
    # Where workers keep the files of registry versions they load; None: a folder in the
    # system's temporary directory.
    model_cache_dir: Path | None = None
    session_hours: int = Field(12, gt=0)
    # Failed sign-ins allowed per account, and per client address, within the lockout window;
    # past either, sign-in is refused (429) until the window ends.
    login_max_failures: int = Field(5, gt=0)
    login_max_failures_per_address: int = Field(30, gt=0)
    login_lockout_minutes: int = Field(15, gt=0)
    cookie_secure: bool = False
    # Seconds after which the broker hands a job taken by a worker that died to another worker
    # (analyses are queued again sooner, from the database, once the worker's heartbeat stops).
    job_redelivery_s: int = Field(300, gt=0)
    report_timeout_s: int = Field(120, gt=0)
    # Smallest detectable change of the total score: a patient's total changing by more than
    # this between two visits is flagged as progression (about 3 units of total SvdH).
    progression_sdc: float = Field(3.0, gt=0)

    # Deployment: where files live when workers run on other machines, and how the service
    # presents itself behind a proxy.
    storage_backend: Literal["local", "s3"] = "local"
    s3_bucket: str = ""
    s3_endpoint_url: str = ""  # empty: Amazon S3; else e.g. https://minio.example.org:9000
    s3_region: str = ""
    s3_access_key_id: str = ""  # empty: boto3's own chain (AWS_* variables, instance role)
    s3_secret_access_key: str = ""
    s3_prefix: str = ""  # keys are stored under this prefix, e.g. "rasharp/"
    cors_origins: str = ""  # comma-separated origins allowed to call the API from a browser
    # The address users open, e.g. https://rasharp.hospital.example. Empty: the scheme and Host
    # of each request. Changes (POST, PUT, PATCH, DELETE) from pages of other origins are refused.
    public_url: str = ""
    # DICOM files are stored de-identified (rasharp.deidentify). The key turns PatientID into a
    # patient code and old UIDs into new ones: set it once per site and keep it, or the same
    # patient gets a new code. Empty: derived from RASHARP_SECRET_KEY. Study dates are kept, or
    # shifted back by the same number of days (1-730) for all of a patient's films.
    deidentification_key: str = ""
    dicom_dates: Literal["keep", "shift"] = "keep"
    # The server folder under which administrators may import films (Folder import): a folder
    # named for an import must lie below it. None: folder imports are off.
    import_root: Path | None = None
    log_format: Literal["text", "json"] = "text"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    @field_validator("model_dir", "model_cache_dir", "import_root", mode="before")
    @classmethod
    def _empty_is_default(cls, value):
        return None if value in ("", None) else value

    @field_validator("public_url")
    @classmethod
    def _origin_only(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if value and not re.fullmatch(r"https?://[^/\s?#]+", value):
            raise ValueError(
                "RASHARP_PUBLIC_URL must be the address users open, scheme and host only, "
                f"e.g. https://rasharp.hospital.example (got {value!r})"
            )
        return value

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.environment == "production":
            key = self.secret_key
            if (
                key == DEFAULT_SECRET_KEY
                or len(key) < SECRET_KEY_MIN_LENGTH
                or len(set(key)) < SECRET_KEY_MIN_DISTINCT
            ):
                raise ValueError(
                    "RASHARP_SECRET_KEY must be set to a random string in production: at least "
                    f"{SECRET_KEY_MIN_LENGTH} characters, {SECRET_KEY_MIN_DISTINCT} of them "
                    f"different (this one has {len(key)} characters, {len(set(key))} different; "
                    "the default is refused). Generate one with: "
                    'python -c "import secrets; print(secrets.token_urlsafe(48))"'
                )
            if not self.cookie_secure:
                raise ValueError(
                    "RASHARP_COOKIE_SECURE must be true in production: serve the "
                    "application over HTTPS (the compose file's proxy does) so the "
                    "session cookie never travels in clear"
                )
            if "*" in self.cors_origin_list:
                raise ValueError(
                    "RASHARP_CORS_ORIGINS may not be '*' in production: list the "
                    "origins allowed to call the API, e.g. https://rasharp.example.org"
                )
        if self.storage_backend == "s3" and not self.s3_bucket:
            raise ValueError(
                "RASHARP_STORAGE_BACKEND=s3 needs RASHARP_S3_BUCKET (and, for a store "
                "other than Amazon S3, RASHARP_S3_ENDPOINT_URL)"
            )
        return self

    @property
    def deidentification_key_bytes(self) -> bytes:
        if self.deidentification_key:
            return self.deidentification_key.encode()
        return hmac.new(self.secret_key.encode(), b"deidentification", hashlib.sha256).digest()

    @property
    def cors_origin_list(self) -> list[str]:
        return [
            origin.strip().rstrip("/") for origin in self.cors_origins.split(",") if origin.strip()
        ]

    @property
    def sqlalchemy_url(self) -> str:
        """The database URL with the psycopg 3 driver named, as SQLAlchemy wants it."""
        url = self.database_url
        for prefix in ("postgresql://", "postgres://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix) :]
        return url

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024


@lru_cache
def get_settings() -> Settings:
    return Settings()
