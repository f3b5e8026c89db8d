"""Internal stakeholders, their links to partners, and notes (issue 17)."""
