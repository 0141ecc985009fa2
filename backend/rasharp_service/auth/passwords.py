"""Password rules, the same wherever a password is chosen: the user API, rasharp-admin and the
first administrator's RASHARP_ADMIN_PASSWORD."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files

from ..errors import Invalid

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200

# "Summer2024!" is "summer" with a year and a sign: common words followed by digits and
# punctuation count as the word itself.
_TRAILING_DIGITS_AND_SIGNS = re.compile(r"[\d\W_]+$")


class WeakPassword(Invalid):
    """The password breaks a rule; the message says which one and what is accepted."""


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    text = files(__package__).joinpath("common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("# "))


def check_password(password: str, username: str) -> None:
    """Raise WeakPassword unless the password is long enough, not a common password (nor one
    followed by digits or signs) and not the username."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword("password.too_short", minimum=MIN_PASSWORD_LENGTH, length=len(password))
    if len(password) > MAX_PASSWORD_LENGTH:
        raise WeakPassword("password.too_long", maximum=MAX_PASSWORD_LENGTH)
    lowered = password.lower()
    if lowered == username.lower():
        raise WeakPassword("password.is_username")
    stem = _TRAILING_DIGITS_AND_SIGNS.sub("", lowered)
    if lowered in common_passwords() or stem in common_passwords():
        raise WeakPassword("password.common")
