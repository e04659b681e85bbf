"""Who is who in the loaded synthetic city, for tests that need an officer of
a certain kind."""

from __future__ import annotations

import sqlalchemy as sa


def plain_officers(connection: sa.Connection, prefix: str) -> list[tuple[str, str]]:
    """(grid, officer) of officers with no supervising role, beneath ``prefix``."""
    rows = connection.execute(
        sa.text(
            "SELECT b.scope_node, b.user_id FROM role_binding b WHERE b.role = 'officer' "
            "AND b.scope_node LIKE :prefix AND NOT EXISTS (SELECT 1 FROM role_binding o "
            "WHERE o.user_id = b.user_id AND o.role <> 'officer') "
            "ORDER BY b.scope_node, b.user_id"
        ),
        {"prefix": f"{prefix}%"},
    )
    return [(grid, user) for grid, user in rows]
