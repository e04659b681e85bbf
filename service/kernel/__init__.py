"""What the capabilities share: scope codes, roles, caller and reach, the
escalation chain, pushes, the scheduler of due steps, ids, clock, domain errors.
Plain Python: nothing of gRPC, protobuf, SQL or AMQP."""
