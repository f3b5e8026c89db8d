"""Queries of the partners area: the partner list, its summary table, look-ups and exports."""
