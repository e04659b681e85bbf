"""The golden sample of every bus message, for tests on both sides of the wire."""

from __future__ import annotations

from pathlib import Path

SAMPLES_DIR = Path(__file__).resolve().parent / "samples"


def sample_schemas() -> list[str]:
    """Schema names that have a golden sample, e.g. ``user.upserted.v1``."""
    return sorted(path.name.removesuffix(".json") for path in SAMPLES_DIR.glob("*.json"))


def sample_bytes(schema: str) -> bytes:
    """The golden sample of one schema, exactly as it would travel on the bus."""
    return (SAMPLES_DIR / f"{schema}.json").read_bytes()


def event_sample_types() -> list[str]:
    """Domain event types that have a golden sample, e.g. ``activity.reported``."""
    return sorted(
        path.name.removesuffix(".json") for path in (SAMPLES_DIR / "events").glob("*.json")
    )


def event_sample_bytes(event_type: str) -> bytes:
    """The golden sample of one domain event type: a whole domain.event.v1 message."""
    return (SAMPLES_DIR / "events" / f"{event_type}.json").read_bytes()
