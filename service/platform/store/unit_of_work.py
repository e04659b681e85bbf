"""Every port of every capability over one database transaction: the store's
side of the use cases' units of work. Each capability's store brings its
repositories; this only puts them together on one connection."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa

from service.activities.store import SqlActivities
from service.assignment.store import SqlAssignments
from service.compliance.store import SqlCompliance
from service.enrollment.store import SqlEnrollments
from service.inbox.store import SqlInbox
from service.kernel.pushes import Outgoing
from service.permissions.store import SqlCalendarDays, SqlPermissions
from service.platform.store import outbox
from service.platform.store.callers import CallerCache, SqlCallers
from service.platform.store.due_steps import SqlDueSteps
from service.platform.store.request_records import SqlRequestRecords
from service.policy.store import SqlNotices
from service.proposals.store import SqlProposals
from service.registry.store.apply import SqlRegistryWrites
from service.registry.store.availability import SqlOfficerHours
from service.registry.store.directory import SqlDirectory
from service.registry.store.reads import SqlRegistryReads
from service.reports.store import SqlRanking, SqlReports
from service.suggestions.store import SqlDepartments, SqlSuggestions
from service.tasks.store import SqlTasks


class SqlOutbox:
    def __init__(self, connection: sa.Connection) -> None:
        self._c = connection

    def append(self, messages: Sequence[Outgoing], now: datetime) -> None:
        outbox.append(self._c, messages, now)


class SqlUnitOfWork:
    """Every port, over the caller's transaction on ``connection``."""

    def __init__(self, connection: sa.Connection, callers: CallerCache | None = None) -> None:
        self.connection = connection
        self.callers = SqlCallers(connection, callers)
        self.requests = SqlRequestRecords(connection)
        self.directory = SqlDirectory(connection)
        self.registry = SqlRegistryReads(connection)
        self.registry_writes = SqlRegistryWrites(connection)
        self.officer_hours = SqlOfficerHours(connection)
        self.permissions = SqlPermissions(connection)
        self.calendar_days = SqlCalendarDays(connection)
        self.assignments = SqlAssignments(connection)
        self.notices = SqlNotices(connection)
        self.tasks = SqlTasks(connection)
        self.activities = SqlActivities(connection)
        self.suggestions = SqlSuggestions(connection)
        self.departments = SqlDepartments(connection)
        self.proposals = SqlProposals(connection)
        self.enrollments = SqlEnrollments(connection)
        self.compliance = SqlCompliance(connection)
        self.reports = SqlReports(connection)
        self.ranking = SqlRanking(connection)
        self.inbox = SqlInbox(connection)
        self.outbox = SqlOutbox(connection)
        self.due_steps = SqlDueSteps(connection)
