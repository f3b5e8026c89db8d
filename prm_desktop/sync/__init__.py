"""Sync with a PRM server (design §5): the HTTP client and the push/pull loops. No Qt here."""
