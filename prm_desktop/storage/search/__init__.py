"""Full-text search (SQLite FTS5): the index's tables, how entries are written and how they are queried."""
