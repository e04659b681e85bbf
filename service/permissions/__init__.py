"""Permission toggles (AdminService): open and close permissions for roles at
scope nodes, with their audit, and the registry resync."""
