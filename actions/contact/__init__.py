"""Contact requests to a case worker: validated, kept in an outbox, sent by SMTP."""
