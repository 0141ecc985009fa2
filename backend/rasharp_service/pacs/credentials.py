"""PACS passwords and tokens, encrypted with a key derived from RASHARP_SECRET_KEY: the
database holds only the ciphertext, so a dump of it alone does not open the PACS."""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken


def _fernet(secret_key: str) -> Fernet:
    key = hmac.new(secret_key.encode(), b"pacs credentials", hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt_secret(secret: str, secret_key: str) -> str:
    return _fernet(secret_key).encrypt(secret.encode()).decode()


def decrypt_secret(ciphertext: str, secret_key: str) -> str | None:
    """The secret, or None when it was encrypted under another RASHARP_SECRET_KEY."""
    try:
        return _fernet(secret_key).decrypt(ciphertext.encode()).decode()
    except InvalidToken:
        return None
