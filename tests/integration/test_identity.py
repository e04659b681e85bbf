"""Every RPC but health and reflection needs a valid token; TLS and mutual TLS."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path

import grpc
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from grpc_health.v1 import health_pb2, health_pb2_grpc
from sqlalchemy.engine import Engine

from service.kernel.errors import Unauthenticated
from service.platform.identity import LEEWAY_SECONDS, TokenVerifier, issue_token
from service.platform.server import RunningServer, start_server
from service.platform.settings import Settings
from tests.certificates import CertificateAuthority
from tests.integration.probe import probe_handler
from tests.rpc_errors import error_info

SLEEP = "/officer.test.Probe/Sleep"
# The "unexpected algorithm" token is made with HS512 and a short key on purpose.
pytestmark = pytest.mark.filterwarnings("ignore:The HMAC key is")


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    """Identity touches no table: one database kind is enough here."""
    return sqlite_url


def _b64(document: dict[str, object]) -> str:
    raw = json.dumps(document, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _claims(settings: Settings, **changes: object) -> dict[str, object]:
    now = int(time.time())
    claims: dict[str, object] = {
        "sub": "u100234",
        "iss": settings.auth_issuer,
        "aud": settings.auth_audience,
        "iat": now,
        "exp": now + 600,
    }
    claims.update(changes)
    return {key: value for key, value in claims.items() if value is not None}


async def _call(channel: grpc.aio.Channel, token: str | None, scheme: str = "Bearer") -> bytes:
    metadata = (("authorization", f"{scheme} {token}"),) if token is not None else ()
    reply: bytes = await channel.unary_unary(SLEEP)(b"0", metadata=metadata)
    return reply


def _abuses(settings: Settings) -> dict[str, tuple[str | None, str]]:
    secret = settings.token_secret
    valid = issue_token(settings, "u100234")
    header, _payload, signature = valid.split(".")
    return {
        "missing": (None, "TOKEN_MISSING"),
        "alg none": (
            f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(_claims(settings))}.",
            "TOKEN_INVALID",
        ),
        "bad signature": (
            jwt.encode(_claims(settings), "another-secret-that-is-long-enough!!", "HS256"),
            "TOKEN_INVALID",
        ),
        "expired": (
            jwt.encode(
                _claims(settings, iat=int(time.time()) - 7200, exp=int(time.time()) - 3600),
                secret,
                "HS256",
            ),
            "TOKEN_EXPIRED",
        ),
        "wrong audience": (
            jwt.encode(_claims(settings, aud="someone-else"), secret, "HS256"),
            "TOKEN_INVALID",
        ),
        "wrong issuer": (
            jwt.encode(_claims(settings, iss="impostor"), secret, "HS256"),
            "TOKEN_INVALID",
        ),
        "no expiry": (jwt.encode(_claims(settings, exp=None), secret, "HS256"), "TOKEN_INVALID"),
        "no subject": (jwt.encode(_claims(settings, sub=None), secret, "HS256"), "TOKEN_INVALID"),
        "tampered claims": (
            f"{header}.{_b64(_claims(settings, sub='admin-city'))}.{signature}",
            "TOKEN_INVALID",
        ),
        "unexpected algorithm": (jwt.encode(_claims(settings), secret, "HS512"), "TOKEN_INVALID"),
        "garbage": ("not-a-token", "TOKEN_INVALID"),
        "valid until 9999": (
            jwt.encode(_claims(settings, exp=253_402_300_000), secret, "HS256"),
            "TOKEN_INVALID",
        ),
    }


ABUSES = [
    "missing",
    "alg none",
    "bad signature",
    "expired",
    "wrong audience",
    "wrong issuer",
    "no expiry",
    "no subject",
    "tampered claims",
    "unexpected algorithm",
    "garbage",
    "valid until 9999",
]


def test_every_abuse_is_exercised() -> None:
    assert sorted(ABUSES) == sorted(_abuses(Settings()))


@pytest.mark.parametrize("abuse", ABUSES, ids=lambda name: name.replace(" ", "-"))
async def test_abused_tokens_are_refused(
    anonymous_channel: grpc.aio.Channel, settings: Settings, abuse: str
) -> None:
    token, reason = _abuses(settings)[abuse]
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await _call(anonymous_channel, token)
    assert raised.value.code() is grpc.StatusCode.UNAUTHENTICATED
    assert error_info(raised.value).reason == reason


async def test_a_token_in_another_scheme_is_refused(
    anonymous_channel: grpc.aio.Channel, settings: Settings
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await _call(anonymous_channel, issue_token(settings, "u1"), scheme="Basic")
    assert raised.value.code() is grpc.StatusCode.UNAUTHENTICATED


async def test_two_authorization_headers_are_refused_whoever_they_name(
    anonymous_channel: grpc.aio.Channel, settings: Settings
) -> None:
    mine, theirs = issue_token(settings, "u100234"), issue_token(settings, "admin-city")
    for first, second in ((mine, theirs), (mine, mine)):
        metadata = (("authorization", f"Bearer {first}"), ("authorization", f"Bearer {second}"))
        with pytest.raises(grpc.aio.AioRpcError) as raised:
            await anonymous_channel.unary_unary(SLEEP)(b"0", metadata=metadata)
        assert raised.value.code() is grpc.StatusCode.UNAUTHENTICATED
        assert error_info(raised.value).reason == "TOKEN_AMBIGUOUS"


def test_the_longest_token_lifetime_is_a_setting(settings: Settings) -> None:
    short = settings.model_copy(update={"auth_max_token_lifetime_seconds": 60})
    verifier = TokenVerifier.from_settings(short)
    with pytest.raises(Unauthenticated, match="longer than 60"):
        verifier.verify(issue_token(short, "u100234", ttl_seconds=61))
    assert verifier.verify(issue_token(short, "u100234", ttl_seconds=60)) == "u100234"


async def test_a_valid_token_is_accepted(
    anonymous_channel: grpc.aio.Channel, settings: Settings
) -> None:
    assert await _call(anonymous_channel, issue_token(settings, "u100234")) == b"slept 0"


async def test_health_needs_no_token(anonymous_channel: grpc.aio.Channel) -> None:
    stub = health_pb2_grpc.HealthStub(anonymous_channel)
    await stub.Check(health_pb2.HealthCheckRequest())


@pytest.fixture
async def rs256_server(
    migrated_engine: Engine, database_url: str, tmp_path: Path
) -> AsyncIterator[tuple[RunningServer, Settings, str, str]]:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public_pem = (
        private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    (tmp_path / "host.pub").write_text(public_pem)
    settings = Settings(
        listen="127.0.0.1:0",
        database_url=database_url,
        auth_rs256_public_key_file=tmp_path / "host.pub",
    )
    running = await start_server(settings, migrated_engine, extra_handlers=[probe_handler()])
    yield running, settings, private_pem, public_pem
    await running.stop(grace=1.0)


async def test_rs256_accepts_the_hosts_signature_and_refuses_key_confusion(
    rs256_server: tuple[RunningServer, Settings, str, str],
) -> None:
    running, settings, private_pem, public_pem = rs256_server
    async with grpc.aio.insecure_channel(f"127.0.0.1:{running.port}") as channel:
        signed = issue_token(settings, "u100234", private_key_pem=private_pem)
        assert await _call(channel, signed) == b"slept 0"
        # The classic confusion: an HS256 token whose "secret" is the public key.
        header = _b64({"alg": "HS256", "typ": "JWT"})
        payload = _b64(_claims(settings))
        mac = hmac.new(public_pem.encode(), f"{header}.{payload}".encode(), hashlib.sha256)
        forged = (
            f"{header}.{payload}.{base64.urlsafe_b64encode(mac.digest()).rstrip(b'=').decode()}"
        )
        with pytest.raises(grpc.aio.AioRpcError) as raised:
            await _call(channel, forged)
        assert raised.value.code() is grpc.StatusCode.UNAUTHENTICATED
        # And an HS256 token made with the development secret means nothing here.
        with pytest.raises(grpc.aio.AioRpcError):
            await _call(channel, issue_token(Settings(), "u100234"))


async def test_mutual_tls_requires_a_client_certificate_from_the_ca(
    migrated_engine: Engine, database_url: str, tmp_path: Path
) -> None:
    authority = CertificateAuthority(tmp_path)
    server_cert = authority.issue("localhost")
    client_cert = authority.issue("host-platform")
    settings = Settings(
        listen="localhost:0",
        database_url=database_url,
        tls_cert=server_cert.cert,
        tls_key=server_cert.key,
        tls_client_ca=authority.cert,
    )
    running = await start_server(settings, migrated_engine, extra_handlers=[probe_handler()])
    token = issue_token(settings, "u100234")
    try:
        with_cert = grpc.ssl_channel_credentials(
            root_certificates=authority.cert.read_bytes(),
            private_key=client_cert.key.read_bytes(),
            certificate_chain=client_cert.cert.read_bytes(),
        )
        async with grpc.aio.secure_channel(f"localhost:{running.port}", with_cert) as channel:
            assert await _call(channel, token) == b"slept 0"

        without_cert = grpc.ssl_channel_credentials(root_certificates=authority.cert.read_bytes())
        async with grpc.aio.secure_channel(f"localhost:{running.port}", without_cert) as channel:
            with pytest.raises(grpc.aio.AioRpcError) as raised:
                await _call(channel, token)
            assert raised.value.code() is grpc.StatusCode.UNAVAILABLE

        async with grpc.aio.insecure_channel(f"localhost:{running.port}") as channel:
            with pytest.raises(grpc.aio.AioRpcError):
                await _call(channel, token)
    finally:
        await running.stop(grace=1.0)


def test_a_remembered_token_still_expires(settings: Settings) -> None:
    now = [time.time()]
    verifier = TokenVerifier.from_settings(settings, clock=lambda: now[0])
    # Valid for two more seconds, counting the leeway; then past it.
    issued = int(now[0]) - LEEWAY_SECONDS
    token = issue_token(settings, "u100234", ttl_seconds=2, now=issued)
    assert verifier.verify(token) == "u100234"
    now[0] = issued + 2 + LEEWAY_SECONDS + 0.1
    with pytest.raises(Unauthenticated, match="expired"):
        verifier.verify(token)
