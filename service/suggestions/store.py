"""Suggestions, their steps, the departments and the routing table in the database."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from service.kernel import scope
from service.kernel.access import Reach
from service.kernel.attachments import Attachment
from service.platform.store import bulk
from service.platform.store.database import as_utc
from service.platform.store.scope_filters import in_reach, under_code
from service.platform.store.tables import (
    ACTIVITY,
    ACTIVITY_CO_OFFICER,
    DEPARTMENT,
    DEPARTMENT_HANDLER,
    HOST_USER,
    ROUTING_RULE,
    SUGGESTION,
    SUGGESTION_STEP,
)
from service.suggestions.ports import (
    Department,
    RoutingRule,
    StatsQuery,
    Step,
    Suggestion,
    SuggestionFilter,
)
from service.suggestions.rules import (
    SATISFIED,
    UNMET,
    Action,
    Category,
    Content,
    Counts,
    Extension,
    Limits,
    Route,
    Satisfaction,
    State,
    Urgency,
)

_TIMES = (
    "dispatch_time",
    "sign_due_time",
    "close_due_time",
    "sign_time",
    "answer_time",
    "close_time",
)


def _values(suggestion: Suggestion) -> dict[str, Any]:
    content = suggestion.content
    return {
        "submitter": suggestion.submitter,
        "grid": content.grid,
        "category": content.category.value,
        "urgency": content.urgency.value,
        "title": content.title,
        "body": content.body,
        "attachments": json.dumps([asdict(a) for a in content.attachments], ensure_ascii=False),
        "related_activity": content.related_activity,
        "state": suggestion.state.value,
        "department": suggestion.department,
        "create_time": suggestion.create_time,
        "update_time": suggestion.update_time,
        **{name: getattr(suggestion, name) for name in _TIMES},
        "answer": suggestion.answer,
        "satisfaction": suggestion.satisfaction.value if suggestion.satisfaction else None,
        "rating_comment": suggestion.rating_comment,
        "return_count": suggestion.return_count,
        "reopened": suggestion.reopened,
        **_extension_values(suggestion.pending_extension),
        "extended_days": suggestion.extended_days,
        "merged_into": suggestion.merged_into,
    }


def _extension_values(extension: Extension | None) -> dict[str, Any]:
    return {
        "extension_days": extension.working_days if extension else None,
        "extension_reason": extension.reason if extension else None,
        "extension_requester": extension.requester if extension else None,
        "extension_time": extension.time if extension else None,
    }


def _extension(row: Any) -> Extension | None:
    if row.extension_days is None:
        return None
    return Extension(
        row.extension_days,
        row.extension_reason or "",
        row.extension_requester or "",
        as_utc(row.extension_time),
    )


def _aware(moment: datetime | None) -> datetime | None:
    return as_utc(moment) if moment is not None else None


def _suggestion(row: Any) -> Suggestion:
    return Suggestion(
        suggestion_id=row.suggestion_id,
        submitter=row.submitter,
        content=Content(
            grid=row.grid,
            category=Category(row.category),
            urgency=Urgency(row.urgency),
            title=row.title,
            body=row.body,
            attachments=tuple(Attachment(**a) for a in json.loads(row.attachments)),
            related_activity=row.related_activity,
        ),
        state=State(row.state),
        create_time=as_utc(row.create_time),
        update_time=as_utc(row.update_time),
        department=row.department,
        **{name: _aware(getattr(row, name)) for name in _TIMES},
        answer=row.answer,
        satisfaction=Satisfaction(row.satisfaction) if row.satisfaction else None,
        rating_comment=row.rating_comment,
        return_count=row.return_count,
        reopened=bool(row.reopened),
        pending_extension=_extension(row),
        extended_days=row.extended_days,
        merged_into=row.merged_into,
    )


def _locked(connection: sa.Connection, query: Any, lock: bool) -> Any:
    if lock and connection.dialect.name == "postgresql":
        return query.with_for_update()
    return query


class SqlSuggestions:
    def __init__(self, connection: sa.Connection) -> None:
        self._c = connection

    def insert(self, suggestion: Suggestion) -> None:
        self._c.execute(
            SUGGESTION.insert().values(
                suggestion_id=suggestion.suggestion_id, **_values(suggestion)
            )
        )

    def get(self, suggestion_id: str, *, lock: bool = False) -> Suggestion | None:
        query = sa.select(SUGGESTION).where(SUGGESTION.c.suggestion_id == suggestion_id)
        row = self._c.execute(_locked(self._c, query, lock)).one_or_none()
        return _suggestion(row) if row is not None else None

    def get_many(self, suggestion_ids: Sequence[str]) -> dict[str, Suggestion]:
        query = (
            sa.select(SUGGESTION)
            .where(bulk.one_of(self._c, SUGGESTION.c.suggestion_id, sorted(set(suggestion_ids))))
            .order_by(SUGGESTION.c.suggestion_id)
        )
        rows = self._c.execute(_locked(self._c, query, True))
        return {row.suggestion_id: _suggestion(row) for row in rows}

    def update(self, suggestion: Suggestion) -> None:
        self._c.execute(
            SUGGESTION.update()
            .where(SUGGESTION.c.suggestion_id == suggestion.suggestion_id)
            .values(**_values(suggestion))
        )

    def add_steps(self, suggestion_id: str, steps: Sequence[Step]) -> None:
        last = self._c.execute(
            sa.select(sa.func.max(SUGGESTION_STEP.c.seq)).where(
                SUGGESTION_STEP.c.suggestion_id == suggestion_id
            )
        ).scalar_one()
        self._c.execute(
            SUGGESTION_STEP.insert(),
            [
                {
                    "suggestion_id": suggestion_id,
                    "seq": (last or 0) + index,
                    "action": step.action.value,
                    "actor": step.actor,
                    "time": step.time,
                    "note": step.note,
                    "state": step.state.value,
                    "department": step.department,
                }
                for index, step in enumerate(steps, start=1)
            ],
        )

    def add_many_steps(self, steps: Sequence[tuple[str, Step]]) -> None:
        ids = sorted({suggestion_id for suggestion_id, _ in steps})
        last = dict(
            self._c.execute(
                sa.select(SUGGESTION_STEP.c.suggestion_id, sa.func.max(SUGGESTION_STEP.c.seq))
                .where(bulk.one_of(self._c, SUGGESTION_STEP.c.suggestion_id, ids))
                .group_by(SUGGESTION_STEP.c.suggestion_id)
            ).all()
        )
        rows = []
        for suggestion_id, step in steps:
            last[suggestion_id] = (last.get(suggestion_id) or 0) + 1
            rows.append(
                (
                    suggestion_id,
                    last[suggestion_id],
                    step.action.value,
                    step.actor,
                    step.time,
                    step.note,
                    step.state.value,
                    step.department,
                )
            )
        bulk.insert_rows(
            self._c,
            "suggestion_step",
            ("suggestion_id", "seq", "action", "actor", "time", "note", "state", "department"),
            rows,
        )

    def history(self, suggestion_id: str) -> list[Step]:
        rows = self._c.execute(
            sa.select(SUGGESTION_STEP)
            .where(SUGGESTION_STEP.c.suggestion_id == suggestion_id)
            .order_by(SUGGESTION_STEP.c.seq)
        )
        return [
            Step(
                Action(row.action),
                row.actor,
                as_utc(row.time),
                row.note,
                State(row.state),
                row.department,
            )
            for row in rows
        ]

    def follow(self, survivor: Suggestion) -> list[str]:
        merged = SUGGESTION.c.merged_into == survivor.suggestion_id
        submitters = list(
            self._c.execute(sa.select(SUGGESTION.c.submitter).where(merged)).scalars()
        )
        if submitters:
            self._c.execute(
                SUGGESTION.update()
                .where(merged)
                .values(
                    state=survivor.state.value,
                    department=survivor.department,
                    update_time=survivor.update_time,
                    **{name: getattr(survivor, name) for name in _TIMES},
                    answer=survivor.answer,
                )
            )
        return submitters

    def merged_submitters(self, survivor_id: str) -> list[str]:
        return list(
            self._c.execute(
                sa.select(SUGGESTION.c.submitter)
                .where(SUGGESTION.c.merged_into == survivor_id)
                .order_by(SUGGESTION.c.submitter)
            ).scalars()
        )

    def activity_officers(self, activity_id: str) -> set[str]:
        officer = self._c.execute(
            sa.select(ACTIVITY.c.officer).where(
                ACTIVITY.c.activity_id == activity_id, ACTIVITY.c.delete_time.is_(None)
            )
        ).scalar_one_or_none()
        if officer is None:
            return set()
        co_officers = self._c.execute(
            sa.select(ACTIVITY_CO_OFFICER.c.officer_id).where(
                ACTIVITY_CO_OFFICER.c.activity_id == activity_id
            )
        ).scalars()
        return {officer, *co_officers}

    def stats(self, *, reach: Reach, query: StatsQuery, now: datetime) -> list[Counts]:
        c = SUGGESTION.c
        key = (
            c.department
            if query.level_length is None
            else sa.func.substr(c.grid, 1, query.level_length)
        )
        dispatched = c.dispatch_time.is_not(None)
        signed = c.sign_time.is_not(None)
        closed = c.close_time.is_not(None)
        sign_due = sa.and_(dispatched, sa.or_(signed, c.sign_due_time <= now))
        close_due = sa.and_(dispatched, sa.or_(closed, c.close_due_time <= now))

        def counted(condition: Any) -> Any:
            return sa.func.count(sa.case((condition, 1)))

        select = sa.select(
            key.label("key"),
            sa.func.count().label("received"),
            counted(dispatched),
            counted(sign_due),
            counted(sa.and_(sign_due, signed, c.sign_time <= c.sign_due_time)),
            counted(close_due),
            counted(sa.and_(close_due, closed, c.close_time <= c.close_due_time)),
            counted(c.satisfaction.is_not(None)),
            counted(c.satisfaction.in_(sorted(s.value for s in SATISFIED))),
            sa.func.coalesce(sa.func.sum(c.return_count), 0),
        ).where(c.merged_into.is_(None), in_reach(c.grid, reach.nodes))
        if query.start is not None:
            select = select.where(c.create_time >= query.start)
        if query.end is not None:
            select = select.where(c.create_time < query.end)
        rows = self._c.execute(select.group_by(key).order_by(key))
        return [Counts(row[0], *(int(value) for value in row[1:])) for row in rows]

    def list(
        self,
        *,
        reach: Reach,
        user_id: str,
        filter: SuggestionFilter,
        before: tuple[datetime, str] | None,
        limit: int,
    ) -> list[Suggestion]:
        seen = [in_reach(SUGGESTION.c.grid, reach.nodes)]
        if user_id:
            handled = sa.select(DEPARTMENT_HANDLER.c.department_id).where(
                DEPARTMENT_HANDLER.c.user_id == user_id
            )
            seen += [SUGGESTION.c.submitter == user_id, SUGGESTION.c.department.in_(handled)]
        query = sa.select(SUGGESTION).where(sa.or_(*seen))
        if filter.under is not None and not scope.is_city(filter.under):
            query = query.where(under_code(SUGGESTION.c.grid, filter.under))
        if filter.submitter is not None:
            query = query.where(SUGGESTION.c.submitter == filter.submitter)
        if filter.states:
            query = query.where(SUGGESTION.c.state.in_(sorted(s.value for s in filter.states)))
        if filter.category is not None:
            query = query.where(SUGGESTION.c.category == filter.category.value)
        if filter.department is not None:
            query = query.where(SUGGESTION.c.department == filter.department)
        if filter.overdue_at is not None:
            now = filter.overdue_at
            # Past a deadline in a state that leaves it unmet (the rules' own).
            query = query.where(
                sa.or_(
                    *(
                        sa.and_(
                            SUGGESTION.c.state.in_(sorted(state.value for state in UNMET[name])),
                            due < now,
                        )
                        for name, due in (
                            ("sign", SUGGESTION.c.sign_due_time),
                            ("close", SUGGESTION.c.close_due_time),
                        )
                    )
                )
            )
        if before is not None:
            query = query.where(
                sa.tuple_(SUGGESTION.c.create_time, SUGGESTION.c.suggestion_id) < sa.tuple_(*before)
            )
        rows = self._c.execute(
            query.order_by(
                SUGGESTION.c.create_time.desc(), SUGGESTION.c.suggestion_id.desc()
            ).limit(limit)
        )
        return [_suggestion(row) for row in rows]


def _department(row: Any, handlers: Sequence[str]) -> Department:
    return Department(
        department_id=row.department_id,
        display_name=row.display_name,
        scope_node=row.scope_node,
        handlers=tuple(handlers),
        limits=Limits(
            row.sign_working_days,
            row.urgent_sign_working_hours,
            row.close_working_days,
            row.urgent_close_working_days,
        ),
        create_time=as_utc(row.create_time),
        update_time=as_utc(row.update_time),
    )


def _rule(row: Any) -> RoutingRule:
    return RoutingRule(
        Route(
            row.rule_id,
            Category(row.category) if row.category else None,
            row.scope_node,
            row.department,
        ),
        row.creator,
        as_utc(row.create_time),
    )


class SqlDepartments:
    def __init__(self, connection: sa.Connection) -> None:
        self._c = connection

    def _department_values(self, department: Department) -> dict[str, Any]:
        return {
            "display_name": department.display_name,
            "scope_node": department.scope_node,
            **asdict(department.limits),
            "create_time": department.create_time,
            "update_time": department.update_time,
        }

    def _handlers(self, department: Department) -> None:
        self._c.execute(
            DEPARTMENT_HANDLER.delete().where(
                DEPARTMENT_HANDLER.c.department_id == department.department_id
            )
        )
        self._c.execute(
            DEPARTMENT_HANDLER.insert(),
            [
                {"department_id": department.department_id, "user_id": user}
                for user in department.handlers
            ],
        )

    def insert(self, department: Department) -> bool:
        taken = self._c.execute(
            sa.select(DEPARTMENT.c.department_id).where(
                DEPARTMENT.c.department_id == department.department_id
            )
        ).first()
        if taken is not None:
            return False
        self._c.execute(
            DEPARTMENT.insert().values(
                department_id=department.department_id, **self._department_values(department)
            )
        )
        self._handlers(department)
        return True

    def get(self, department_id: str) -> Department | None:
        row = self._c.execute(
            sa.select(DEPARTMENT).where(DEPARTMENT.c.department_id == department_id)
        ).one_or_none()
        if row is None:
            return None
        handlers = self._c.execute(
            sa.select(DEPARTMENT_HANDLER.c.user_id)
            .where(DEPARTMENT_HANDLER.c.department_id == department_id)
            .order_by(DEPARTMENT_HANDLER.c.user_id)
        ).scalars()
        return _department(row, list(handlers))

    def handlers_of(self, department_ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
        found: dict[str, list[str]] = {department_id: [] for department_id in department_ids}
        for department_id, user in self._c.execute(
            sa.select(DEPARTMENT_HANDLER.c.department_id, DEPARTMENT_HANDLER.c.user_id)
            .where(
                bulk.one_of(
                    self._c, DEPARTMENT_HANDLER.c.department_id, sorted(set(department_ids))
                )
            )
            .order_by(DEPARTMENT_HANDLER.c.user_id)
        ):
            found[department_id].append(user)
        return {department_id: tuple(users) for department_id, users in found.items()}

    def live_users(self, user_ids: Sequence[str]) -> set[str]:
        if not user_ids:
            return set()
        return set(
            self._c.execute(
                sa.select(HOST_USER.c.user_id).where(
                    bulk.one_of(self._c, HOST_USER.c.user_id, sorted(set(user_ids))),
                    HOST_USER.c.deleted.is_(False),
                )
            ).scalars()
        )

    def update(self, department: Department) -> None:
        self._c.execute(
            DEPARTMENT.update()
            .where(DEPARTMENT.c.department_id == department.department_id)
            .values(**self._department_values(department))
        )
        self._handlers(department)

    def handled_by(self, user_id: str) -> list[str]:
        return list(
            self._c.execute(
                sa.select(DEPARTMENT_HANDLER.c.department_id)
                .where(DEPARTMENT_HANDLER.c.user_id == user_id)
                .order_by(DEPARTMENT_HANDLER.c.department_id)
            ).scalars()
        )

    def list_departments(
        self,
        *,
        reach: Reach,
        at_nodes: frozenset[str],
        user_id: str,
        after: str | None,
        limit: int,
    ) -> list[Department]:
        handled = sa.select(DEPARTMENT_HANDLER.c.department_id).where(
            DEPARTMENT_HANDLER.c.user_id == user_id
        )
        query = (
            sa.select(DEPARTMENT)
            .where(
                sa.or_(
                    in_reach(DEPARTMENT.c.scope_node, reach.nodes),
                    DEPARTMENT.c.scope_node.in_(sorted(at_nodes)),
                    DEPARTMENT.c.department_id.in_(handled),
                )
            )
            .order_by(DEPARTMENT.c.department_id)
            .limit(limit)
        )
        if after is not None:
            query = query.where(DEPARTMENT.c.department_id > after)
        rows = self._c.execute(query).all()
        handlers: dict[str, list[str]] = {row.department_id: [] for row in rows}
        if rows:
            for department_id, user in self._c.execute(
                sa.select(DEPARTMENT_HANDLER.c.department_id, DEPARTMENT_HANDLER.c.user_id)
                .where(DEPARTMENT_HANDLER.c.department_id.in_(list(handlers)))
                .order_by(DEPARTMENT_HANDLER.c.user_id)
            ):
                handlers[department_id].append(user)
        return [_department(row, handlers[row.department_id]) for row in rows]

    def add_rule(self, rule: RoutingRule) -> bool:
        route = rule.route
        category = route.category.value if route.category else ""
        taken = self._c.execute(
            sa.select(ROUTING_RULE.c.rule_id).where(
                ROUTING_RULE.c.scope_node == route.scope_node,
                ROUTING_RULE.c.category == category,
            )
        ).first()
        if taken is not None:
            return False
        self._c.execute(
            ROUTING_RULE.insert().values(
                rule_id=route.rule_id,
                category=category,
                scope_node=route.scope_node,
                department=route.department,
                creator=rule.creator,
                create_time=rule.create_time,
            )
        )
        return True

    def get_rule(self, rule_id: str) -> RoutingRule | None:
        row = self._c.execute(
            sa.select(ROUTING_RULE).where(ROUTING_RULE.c.rule_id == rule_id)
        ).one_or_none()
        return _rule(row) if row is not None else None

    def drop_rule(self, rule_id: str) -> None:
        self._c.execute(ROUTING_RULE.delete().where(ROUTING_RULE.c.rule_id == rule_id))

    def rules_over(self, grid: str) -> list[Route]:
        nodes = sorted(scope.path_codes([grid]) | {grid})
        rows = self._c.execute(sa.select(ROUTING_RULE).where(ROUTING_RULE.c.scope_node.in_(nodes)))
        return [_rule(row).route for row in rows]

    def list_rules(
        self, *, reach: Reach, after: tuple[str, str, str] | None, limit: int
    ) -> list[RoutingRule]:
        key = (ROUTING_RULE.c.scope_node, ROUTING_RULE.c.category, ROUTING_RULE.c.rule_id)
        query = (
            sa.select(ROUTING_RULE)
            .where(in_reach(ROUTING_RULE.c.scope_node, reach.nodes))
            .order_by(*key)
            .limit(limit)
        )
        if after is not None:
            query = query.where(sa.tuple_(*key) > sa.tuple_(*after))
        return [_rule(row) for row in self._c.execute(query)]
