"""Queries of internal stakeholders, their partner links and notes (typed functions; SQL lives here)."""
