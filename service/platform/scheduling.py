"""What the scheduler's loop makes in this release: each capability's handler of
the due steps it plans, by the kind it plans them under."""

from __future__ import annotations

import os
import socket
from datetime import timedelta
from zoneinfo import ZoneInfo

from service.assignment import scheduled as check_ins
from service.compliance import scheduled as monthly_reminder
from service.compliance.figures import Settings as ComplianceSettings
from service.kernel.scheduler import Handler
from service.kernel.working_time import Availability, QuietHours
from service.platform.settings import Settings
from service.policy import attestation
from service.policy.rules import ATTESTATION
from service.proposals.rules import Weights as ProposalWeights
from service.proposals.use_cases import Settings as ProposalSettings
from service.reports import scheduled as report_leases
from service.reports.rules import Weights
from service.suggestions import scheduled as suggestion_supervision
from service.tasks import scheduled
from service.tasks.rules import Priority, Timing


def task_timing(settings: Settings) -> Timing:
    """The key tasks' reminder and escalation timing the settings ask for."""

    def by_priority(minutes: dict[str, float]) -> dict[Priority, timedelta]:
        return {Priority(key): timedelta(minutes=value) for key, value in minutes.items()}

    return Timing(
        remind_every=by_priority(settings.task_remind_minutes),
        ack_timeout=by_priority(settings.task_ack_timeout_minutes),
        before_due=tuple(timedelta(hours=hours) for hours in settings.task_due_reminder_hours),
        availability=availability(settings),
    )


def availability(settings: Settings) -> Availability:
    """When the city's officers may be disturbed, as the settings say."""
    quiet = settings.task_quiet_hours.strip()
    return Availability(
        zone=ZoneInfo(settings.time_zone),
        quiet=QuietHours.parse(quiet) if quiet else None,
        working_days_only=settings.task_working_days_only,
    )


def compliance_settings(settings: Settings) -> ComplianceSettings:
    """The monthly activity floor and reminder the settings ask for."""
    return ComplianceSettings(
        floor=settings.activity_floor,
        reminder_day=settings.activity_reminder_day,
        zone=ZoneInfo(settings.time_zone),
    )


def proposal_settings(settings: Settings) -> ProposalSettings:
    """The proposal engine's weights and village capacity, as the settings tune them."""
    return ProposalSettings(
        weights=ProposalWeights().tuned(settings.proposal_weights),
        rural_capacity=settings.proposal_rural_capacity,
    )


def ranking_weights(settings: Settings) -> Weights:
    """The annual ranking's points, as the settings publish them."""
    return Weights(
        activity=settings.ranking_activity_points,
        kind=settings.ranking_kind_points,
        task_on_time=settings.ranking_task_on_time_points,
        suggestion_satisfied=settings.ranking_suggestion_satisfied_points,
        check_in_on_time=settings.ranking_check_in_on_time_points,
    )


def due_step_handlers(
    *,
    via_broker: bool,
    task_timing: Timing | None = None,
    compliance: ComplianceSettings | None = None,
) -> dict[str, Handler]:
    timing = task_timing or Timing.defaults()
    return {
        **report_leases.handlers(),
        **monthly_reminder.handlers(
            via_broker=via_broker,
            settings=compliance or ComplianceSettings(zone=timing.availability.zone),
        ),
        ATTESTATION: attestation.handler(via_broker=via_broker),
        **scheduled.handlers(via_broker=via_broker, timing=timing),
        **suggestion_supervision.handlers(via_broker=via_broker, zone=timing.availability.zone),
        **check_ins.handlers(via_broker=via_broker, zone=timing.availability.zone),
    }


def replica_name() -> str:
    """Recorded with each step made: which process made it."""
    return f"{socket.gethostname()}:{os.getpid()}"[:64]
