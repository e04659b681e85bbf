"""RabbitMQ adapters: registry consumers, the outbox relay and push publishing."""
