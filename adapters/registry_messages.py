"""Translates the host's registry messages (contracts.messages) into domain records."""

from __future__ import annotations

from contracts import messages
from service.kernel.access import PermissionToggle
from service.kernel.roles import RoleBinding
from service.registry import rules as registry

# The mirror keeps the messages' own enums (kernel/roles.py, kernel/scope.py):
# nothing to translate per event.


def _node(record: messages.ScopeNodeRecord) -> registry.ScopeNode:
    return registry.ScopeNode(
        code=record.code,
        version=record.version,
        level=record.level,
        display_name=record.display_name,
        parent=record.parent,
        rural=record.rural,
        grid_type=record.grid_type.value if record.grid_type else None,
        exclusive_kind=record.exclusive_kind.value if record.exclusive_kind else None,
    )


def _user(record: messages.UserRecord) -> registry.User:
    officer = record.officer
    return registry.User(
        user_id=record.user_id,
        version=record.version,
        display_name=record.display_name,
        phone_number=record.phone_number,
        id_number=record.id_number,
        roles=tuple(RoleBinding(b.role, b.scope_node, b.unit) for b in record.roles),
        officer=registry.OfficerProfile(
            category=officer.category,
            unit=officer.unit,
            party_member=officer.party_member,
            residence=officer.residence,
            workplace=officer.workplace,
        )
        if officer
        else None,
    )


def _unit(record: messages.UnitRecord) -> registry.Unit:
    staff = record.staff
    return registry.Unit(
        record.unit_id,
        record.version,
        record.display_name,
        record.kind.value,
        record.district,
        staff.party_members if staff else None,
        staff.others if staff else None,
    )


def to_records(
    message: messages.ConsumedMessage,
) -> list[registry.RegistryRecord | registry.SnapshotEvent]:
    """The records a message carries; snapshot messages also say what they vouch for."""
    match message:
        case messages.GridUpserted():
            return [_node(message)]
        case messages.GridDeleted():
            return [registry.ScopeNode.tombstone(message.code, message.version)]
        case messages.UserUpserted():
            return [_user(message)]
        case messages.UserDeleted():
            return [registry.User.tombstone(message.user_id, message.version)]
        case messages.UnitUpserted():
            return [_unit(message)]
        case messages.UnitDeleted():
            return [registry.Unit.tombstone(message.unit_id, message.version)]
        case messages.PermissionToggled():
            return [
                PermissionToggle(
                    permission=message.permission,
                    role=message.role,
                    scope_node=message.scope_node,
                    enabled=message.enabled,
                    version=message.version,
                    toggled_by=message.toggled_by,
                )
            ]
        case messages.SnapshotChunk():
            seen = registry.SnapshotChunkSeen(
                message.snapshot_id,
                message.sequence,
                tuple(node.code for node in message.scope_nodes),
                tuple(user.user_id for user in message.users),
                tuple(unit.unit_id for unit in message.units),
            )
            return [
                *map(_node, message.scope_nodes),
                *map(_user, message.users),
                *map(_unit, message.units),
                seen,
            ]
        case messages.SnapshotCompleted():
            return [
                registry.SnapshotEnded(
                    message.snapshot_id,
                    message.chunk_count,
                    message.scope_node_count,
                    message.user_count,
                    message.unit_count,
                )
            ]
