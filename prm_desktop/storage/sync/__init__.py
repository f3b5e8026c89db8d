"""Storage side of sync: the client's identity and cursors, applying pulled rows, the outbox."""
