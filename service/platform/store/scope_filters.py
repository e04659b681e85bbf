"""SQL conditions for "beneath a scope node".

Code ranges (``code >= prefix AND code < prefix || ':'``; ':' sorts right after
'9'), so that SQLite and PostgreSQL both walk the primary key instead of
scanning with LIKE.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from service.kernel.scope import subtree_prefix


def under_code(column: Any, prefix: str) -> Any:
    prefix = subtree_prefix(prefix)
    return sa.and_(column >= prefix, column < prefix + ":")


def in_reach(column: Any, nodes: Iterable[str]) -> Any:
    conditions = [under_code(column, node) for node in sorted(nodes)]
    return sa.or_(*conditions) if conditions else sa.false()
