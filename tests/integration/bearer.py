"""Call metadata that authenticates a test's calls as a user."""

from __future__ import annotations

from service.platform.identity import issue_token
from service.platform.settings import Settings


def auth(user: str) -> tuple[tuple[str, str]]:
    return (("authorization", f"Bearer {issue_token(Settings(), user)}"),)
