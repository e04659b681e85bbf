"""Files that go with a notice or a task: references to the host's storage,
with a size and a SHA-256 so that terminals can check what they fetch."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from service.kernel.errors import FieldViolation

MAX_ATTACHMENTS = 20
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Attachment:
    uri: str
    display_name: str
    media_type: str
    size_bytes: int
    sha256: str


def attachment_violations(attachments: Sequence[Attachment], prefix: str) -> list[FieldViolation]:
    """What is wrong with a list of attachments, each naming its field under ``prefix``."""
    found: list[FieldViolation] = []

    def bad(field: str, description: str) -> None:
        found.append(FieldViolation(f"{prefix}.{field}", description))

    if len(attachments) > MAX_ATTACHMENTS:
        bad("attachments", f"at most {MAX_ATTACHMENTS}")
    for index, attachment in enumerate(attachments):
        field = f"attachments[{index}]"
        if not attachment.uri.strip():
            bad(f"{field}.uri", "required")
        if not attachment.display_name.strip():
            bad(f"{field}.display_name", "required")
        if attachment.size_bytes < 0:
            bad(f"{field}.size_bytes", "must not be negative")
        if not _SHA256.match(attachment.sha256):
            bad(f"{field}.sha256", "64 lower-case hex digits")
    return found
