"""Benchmarks of PRM Desktop against the design's performance budgets (design §6).

Run ``python -m bench`` (or ``make bench``); see `bench.__main__`. Figures are written to
``bench/results/<name>.json``; the perf data set lives in ``bench/results/perf-data/`` (gitignored).
"""
