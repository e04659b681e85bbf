"""Who is calling: the host signs a JWT per call naming the acting user.

``authorization: Bearer <jwt>`` metadata, HS256 with a shared secret or RS256
with the host's public key. Issuer, audience, expiry and issue time are
required and checked; the algorithm is fixed by configuration, so ``alg=none``
and algorithm-confusion tokens (an HS256 token signed with the RS256 public
key) are refused like any bad signature.
"""

from __future__ import annotations

import contextvars
import functools
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jwt

from service.kernel.errors import Unauthenticated
from service.platform.settings import Settings

AUTHORIZATION_HEADER = "authorization"
# Clock skew tolerated between the host and this module.
LEEWAY_SECONDS = 30
# Distinct valid tokens remembered (one per active user is typical).
CACHED_TOKENS = 4096

_current_user: contextvars.ContextVar[str] = contextvars.ContextVar("officer_current_user")


def current_user_id() -> str:
    """The authenticated user of the call being handled."""
    return _current_user.get()


def bind_user(user_id: str) -> None:
    _current_user.set(user_id)


class TokenVerifier:
    """Checks tokens; a token seen before is not decoded again until it expires.

    The host reuses a user's token for many calls, and decoding (JSON, HMAC or
    RSA, claims) costs more than the rest of a small call. A token is an
    immutable string, so a cached verdict stays true until its ``exp``, which is
    checked on every call. Refused tokens are not cached.
    """

    def __init__(
        self,
        key: Any,
        algorithm: str,
        issuer: str,
        audience: str,
        clock: Callable[[], float] = time.time,
        max_lifetime_seconds: float = 86_400,
    ) -> None:
        self.key = key
        self.max_lifetime_seconds = max_lifetime_seconds
        self._clock = clock
        self.algorithm = algorithm
        self.issuer = issuer
        self.audience = audience
        self._decoded = functools.lru_cache(maxsize=CACHED_TOKENS)(self._decode)

    @classmethod
    def from_settings(
        cls, settings: Settings, clock: Callable[[], float] = time.time
    ) -> TokenVerifier:
        if settings.auth_rs256_public_key_file is not None:
            key = Path(settings.auth_rs256_public_key_file).read_text()
            return cls(
                key,
                "RS256",
                settings.auth_issuer,
                settings.auth_audience,
                clock,
                settings.auth_max_token_lifetime_seconds,
            )
        return cls(
            settings.token_secret,
            "HS256",
            settings.auth_issuer,
            settings.auth_audience,
            clock,
            settings.auth_max_token_lifetime_seconds,
        )

    def verify(self, token: str) -> str:
        """The user id (``sub``) of a valid token; Unauthenticated otherwise."""
        subject, expires = self._decoded(token)
        if self._clock() > expires + LEEWAY_SECONDS:
            raise Unauthenticated("token expired", reason="TOKEN_EXPIRED")
        return subject

    def _decode(self, token: str) -> tuple[str, float]:
        try:
            claims = jwt.decode(
                token,
                self.key,
                algorithms=[self.algorithm],
                audience=self.audience,
                issuer=self.issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthenticated("token expired", reason="TOKEN_EXPIRED") from exc
        except jwt.InvalidTokenError as exc:
            raise Unauthenticated(f"invalid token: {exc}", reason="TOKEN_INVALID") from exc
        subject = claims["sub"]
        if not isinstance(subject, str) or not subject:
            raise Unauthenticated("token names no user", reason="TOKEN_INVALID")
        if float(claims["exp"]) - float(claims["iat"]) > self.max_lifetime_seconds:
            raise Unauthenticated(
                f"token lives longer than {self.max_lifetime_seconds:g} s", reason="TOKEN_INVALID"
            )
        return subject, float(claims["exp"])


def authenticate(metadata: Any, verifier: TokenVerifier) -> str:
    """The user the call's token names, bound as the current user of the call."""
    user_id = verifier.verify(bearer_token(metadata))
    bind_user(user_id)
    return user_id


def bearer_token(metadata: Any) -> str:
    """The one bearer token of a call. More than one ``authorization`` header is
    refused: behind a proxy that appends headers, "the first wins" would let a
    caller act as whoever's token came first."""
    values = [value for key, value in metadata or () if key == AUTHORIZATION_HEADER]
    if len(values) > 1:
        raise Unauthenticated(
            "more than one 'authorization' header; send exactly one", reason="TOKEN_AMBIGUOUS"
        )
    if values and isinstance(values[0], str):
        scheme, _, token = values[0].partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            return token.strip()
    raise Unauthenticated(
        "missing 'authorization: Bearer <token>' metadata", reason="TOKEN_MISSING"
    )


def issue_token(
    settings: Settings,
    user_id: str,
    *,
    ttl_seconds: int = 3600,
    private_key_pem: str | None = None,
    now: float | None = None,
) -> str:
    """A token as the host would sign it: HS256 with the configured secret, or
    RS256 with ``private_key_pem``. For local use and tests."""
    issued = int(now if now is not None else time.time())
    claims = {
        "sub": user_id,
        "iss": settings.auth_issuer,
        "aud": settings.auth_audience,
        "iat": issued,
        "exp": issued + ttl_seconds,
    }
    if private_key_pem is not None:
        return jwt.encode(claims, private_key_pem, algorithm="RS256")
    return jwt.encode(claims, settings.token_secret, algorithm="HS256")
