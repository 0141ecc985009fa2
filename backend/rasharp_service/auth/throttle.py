"""Login throttling: sign-in attempts are counted in Redis per account and per client address,
so the count holds across every API process. Past a limit, sign-in is refused until the window
ends, whatever the password.

Each attempt counts as a failure before its password is checked, and is taken back when it
succeeds, so that many guesses sent at once cannot all slip in before the first is counted.
Attempts at unknown names count like any others: a lockout does not tell which names exist.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import redis

from ..errors import TooManyRequests, Unavailable

_PREFIX = "rasharp:login-attempts"

# Takes one attempt back, unless the window has ended meanwhile (DECR would then make a key
# without expiry).
_TAKE_BACK = """
if redis.call('exists', KEYS[1]) == 1 then return redis.call('decr', KEYS[1]) end
return 0
"""


class TooManyAttempts(TooManyRequests):
    def __init__(self, retry_after_s: int):
        super().__init__("auth.too_many_attempts", minutes=max(1, round(retry_after_s / 60)))
        self.retry_after_s = retry_after_s
        self.headers = {"Retry-After": str(retry_after_s)}


@contextmanager
def _redis_errors() -> Iterator[None]:
    try:
        yield
    except redis.RedisError as error:
        raise Unavailable("auth.throttle_unreachable") from error


@dataclass(frozen=True)
class LoginThrottle:
    client: redis.Redis
    max_per_account: int
    max_per_address: int
    window_s: int

    def _account_key(self, username: str) -> str:
        return f"{_PREFIX}:account:{hashlib.sha256(username.lower().encode()).hexdigest()}"

    def _address_key(self, address: str) -> str:
        return f"{_PREFIX}:address:{address}"

    def attempt(self, username: str, address: str) -> None:
        """Count an attempt; raise TooManyAttempts when the account or the address is past
        its limit (the password is then not checked at all)."""
        limits = {
            self._account_key(username): self.max_per_account,
            self._address_key(address): self.max_per_address,
        }
        with _redis_errors():
            pipe = self.client.pipeline(transaction=True)
            for key in limits:
                pipe.set(key, 0, ex=self.window_s, nx=True)  # the first attempt opens the window
                pipe.incr(key)
                pipe.ttl(key)
            answers = pipe.execute()
        counts, ttls = answers[1::3], answers[2::3]
        waits = [
            max(int(ttl), 1)
            for limit, count, ttl in zip(limits.values(), counts, ttls, strict=True)
            if int(count) > limit
        ]
        if waits:
            raise TooManyAttempts(max(waits))

    def succeeded(self, username: str, address: str) -> None:
        """The account starts afresh; the address gets this attempt back (one known password
        must not wipe the count of guesses at other accounts from the same address)."""
        with _redis_errors():
            self.client.delete(self._account_key(username))
            self.client.eval(_TAKE_BACK, 1, self._address_key(address))
