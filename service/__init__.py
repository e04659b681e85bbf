"""The officer module: a gRPC service for political-legal grid officers (政法网格员)."""
