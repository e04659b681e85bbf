"""Entities and rules of the officer module. Plain Python: no gRPC, SQL or AMQP."""
