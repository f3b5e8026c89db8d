"""Visits use cases: the to-plan list, visits and their reports, action items, the report as an e-mail."""
