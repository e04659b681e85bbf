"""Servicers of every officer.v1 service, and the table that wires them.

Each subclasses its generated base. An RPC a later release brings is simply not
overridden: the base raises NotImplementedError, which the interceptor answers
with UNIMPLEMENTED and an ErrorInfo naming the method.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from types import ModuleType
from typing import Any

import grpc
from google.longrunning import operations_pb2, operations_pb2_grpc
from officer.v1 import (
    activity_service_pb2,
    activity_service_pb2_grpc,
    admin_service_pb2,
    admin_service_pb2_grpc,
    assignment_service_pb2,
    assignment_service_pb2_grpc,
    compliance_service_pb2,
    compliance_service_pb2_grpc,
    department_service_pb2,
    department_service_pb2_grpc,
    enrollment_service_pb2,
    enrollment_service_pb2_grpc,
    grid_service_pb2,
    grid_service_pb2_grpc,
    inbox_service_pb2,
    inbox_service_pb2_grpc,
    officer_service_pb2,
    officer_service_pb2_grpc,
    policy_service_pb2,
    policy_service_pb2_grpc,
    proposal_service_pb2,
    proposal_service_pb2_grpc,
    report_service_pb2,
    report_service_pb2_grpc,
    suggestion_service_pb2,
    suggestion_service_pb2_grpc,
    task_service_pb2,
    task_service_pb2_grpc,
    unit_service_pb2,
    unit_service_pb2_grpc,
)

from service.activities.api import ActivityServicer
from service.activities.rules import Windows
from service.assignment.api import AssignmentServicer
from service.compliance.api import ComplianceServicer
from service.compliance.figures import Settings as ComplianceSettings
from service.enrollment.api import EnrollmentServicer
from service.inbox.api import InboxServicer
from service.kernel.clock import Clock, system_clock
from service.permissions.api import AdminServicer
from service.platform.transactions import SqlTransactions
from service.platform.wakeups import PushDeps
from service.policy.api import PolicyServicer
from service.proposals.api import ProposalServicer
from service.proposals.use_cases import Settings as ProposalSettings
from service.registry.api import GridServicer, OfficerServicer, UnitServicer
from service.reports.api import Builder, OperationsServicer, ReportServicer
from service.reports.rules import Weights
from service.suggestions.api import DepartmentServicer, SuggestionServicer
from service.suggestions.rules import (
    MAX_EXTENSION_WORKING_DAYS,
    SUPERVISE_AFTER_WORKING_DAYS,
    Limits,
)
from service.tasks.api import TaskServicer
from service.tasks.rules import Timing


@dataclass(frozen=True)
class ServiceBinding:
    """One officer.v1 service: its full name and how to add its servicer to a server."""

    full_name: str
    register: Callable[[grpc.aio.Server], None]


@dataclass(frozen=True)
class _Service:
    messages: ModuleType
    stubs: ModuleType
    name: str
    servicer: type
    # Builds the servicer from its class and the composition root's deps.
    make: Callable[[Any, ServiceDeps], Any]

    @property
    def full_name(self) -> str:
        return str(self.messages.DESCRIPTOR.services_by_name[self.name].full_name)


_SERVICES = [
    _Service(
        policy_service_pb2,
        policy_service_pb2_grpc,
        "PolicyService",
        PolicyServicer,
        lambda cls, d: cls(
            d.transactions, d.pushes, reminder_offsets=d.reminder_offsets, clock=d.clock
        ),
    ),
    _Service(
        inbox_service_pb2,
        inbox_service_pb2_grpc,
        "InboxService",
        InboxServicer,
        lambda cls, d: cls(d.transactions, d.pushes.signal, clock=d.clock),
    ),
    _Service(
        task_service_pb2,
        task_service_pb2_grpc,
        "TaskService",
        TaskServicer,
        lambda cls, d: cls(d.transactions, d.pushes, timing=d.task_timing, clock=d.clock),
    ),
    _Service(
        activity_service_pb2,
        activity_service_pb2_grpc,
        "ActivityService",
        ActivityServicer,
        lambda cls, d: cls(
            d.transactions,
            d.pushes,
            zone=d.task_timing.availability.zone,
            windows=d.activity_windows,
            clock=d.clock,
        ),
    ),
    _Service(
        suggestion_service_pb2,
        suggestion_service_pb2_grpc,
        "SuggestionService",
        SuggestionServicer,
        lambda cls, d: cls(
            d.transactions,
            d.pushes,
            zone=d.task_timing.availability.zone,
            limits=d.suggestion_limits,
            supervise_after_days=d.suggestion_supervise_after_days,
            max_extension_days=d.suggestion_max_extension_days,
            clock=d.clock,
        ),
    ),
    _Service(
        department_service_pb2,
        department_service_pb2_grpc,
        "DepartmentService",
        DepartmentServicer,
        lambda cls, d: cls(d.transactions, clock=d.clock),
    ),
    _Service(
        grid_service_pb2,
        grid_service_pb2_grpc,
        "GridService",
        GridServicer,
        lambda cls, d: cls(d.transactions),
    ),
    _Service(
        officer_service_pb2,
        officer_service_pb2_grpc,
        "OfficerService",
        OfficerServicer,
        lambda cls, d: cls(d.transactions, city=d.task_timing.availability, clock=d.clock),
    ),
    _Service(
        enrollment_service_pb2,
        enrollment_service_pb2_grpc,
        "EnrollmentService",
        EnrollmentServicer,
        lambda cls, d: cls(d.transactions, d.pushes, clock=d.clock),
    ),
    _Service(
        unit_service_pb2,
        unit_service_pb2_grpc,
        "UnitService",
        UnitServicer,
        lambda cls, d: cls(d.transactions),
    ),
    _Service(
        assignment_service_pb2,
        assignment_service_pb2_grpc,
        "AssignmentService",
        AssignmentServicer,
        lambda cls, d: cls(d.transactions, clock=d.clock),
    ),
    _Service(
        proposal_service_pb2,
        proposal_service_pb2_grpc,
        "ProposalService",
        ProposalServicer,
        lambda cls, d: cls(d.transactions, settings=d.proposal_settings, clock=d.clock),
    ),
    _Service(
        compliance_service_pb2,
        compliance_service_pb2_grpc,
        "ComplianceService",
        ComplianceServicer,
        lambda cls, d: cls(d.transactions, settings=d.compliance_settings, clock=d.clock),
    ),
    _Service(
        report_service_pb2,
        report_service_pb2_grpc,
        "ReportService",
        ReportServicer,
        lambda cls, d: cls(
            d.transactions,
            builder=Builder(d.transactions, d.compliance_settings, d.clock),
            weights=d.ranking_weights,
            clock=d.clock,
        ),
    ),
    # AIP-151: the operations of the long-running methods (the reports') are
    # polled through the standard service.
    _Service(
        operations_pb2,
        operations_pb2_grpc,
        "Operations",
        OperationsServicer,
        lambda cls, d: cls(d.transactions),
    ),
    _Service(
        admin_service_pb2,
        admin_service_pb2_grpc,
        "AdminService",
        AdminServicer,
        lambda cls, d: cls(d.transactions, request_snapshot=d.request_snapshot, clock=d.clock),
    ),
]


def _add(add_to_server: Callable[[Any, Any], None], servicer: Any, server: Any) -> None:
    add_to_server(servicer, server)


@dataclass(frozen=True)
class ServiceDeps:
    """What the servicers are built with (the composition root decides)."""

    transactions: SqlTransactions
    # How pushes leave: the outbox relay to wake and the streams to wake.
    pushes: PushDeps
    # Read attestation: remind this long before a notice's deadline.
    reminder_offsets: tuple[timedelta, ...]
    # Key tasks: when reminders and escalations come, by priority.
    task_timing: Timing = field(default_factory=Timing.defaults)
    # Activities: the back-dating and correction windows.
    activity_windows: Windows = field(default_factory=Windows)
    # Suggestions: the limits where a department sets none, and when 督办 comes.
    suggestion_limits: Limits = field(default_factory=Limits)
    suggestion_supervise_after_days: int = SUPERVISE_AFTER_WORKING_DAYS
    suggestion_max_extension_days: int = MAX_EXTENSION_WORKING_DAYS
    # Proposals: the objective's weights and the capacity of village officers.
    proposal_settings: ProposalSettings = field(default_factory=ProposalSettings)
    # Compliance: the monthly activity floor and the reminder day.
    compliance_settings: ComplianceSettings = field(default_factory=ComplianceSettings)
    # The annual ranking's published points.
    ranking_weights: Weights = field(default_factory=Weights)
    # Asks the host for a registry snapshot on behalf of a user and returns its
    # id; None in the embedded mode, where there is no broker to ask through.
    request_snapshot: Callable[[str], str] | None = None
    # What time it is, for every use case (tests move it).
    clock: Clock = system_clock


def officer_services(deps: ServiceDeps) -> list[ServiceBinding]:
    """Every service of the officer.v1 contract, wired to its servicer."""
    return [
        ServiceBinding(
            full_name=service.full_name,
            register=functools.partial(
                _add,
                getattr(service.stubs, f"add_{service.name}Servicer_to_server"),
                service.make(service.servicer, deps),
            ),
        )
        for service in _SERVICES
    ]


def officer_service_names() -> list[str]:
    """Full names of every officer.v1 service, e.g. ``officer.v1.GridService``."""
    return [service.full_name for service in _SERVICES]


def officer_servicer_classes() -> list[type]:
    """The servicer of every officer.v1 service (an RPC it does not override
    answers UNIMPLEMENTED)."""
    return [service.servicer for service in _SERVICES]
