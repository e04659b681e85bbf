"""The gRPC surface: servicers, interceptors and the server's assembly."""
