"""The database beneath every capability: engines, the schema and its
migrations, the tables, bulk writes, scope filters, stored responses, the
outbox, the due steps, and the unit of work over them all."""
