"""Several laptops syncing at once through two server processes end with the same rows (bench.sync_clients, small)."""

from __future__ import annotations

from bench.sync_clients import run_concurrent


def test_laptops_syncing_at_once_through_two_servers_converge(postgres: str) -> None:
    figures = run_concurrent(postgres, clients=2, rounds=2, edits=2, partners=10)
    assert figures["syncs"] == 4 and figures["server_processes"] == 2
    assert figures["contacts_everywhere"] == [figures["contacts_expected"]]  # every contact added by anyone, everywhere
    assert figures["distinct_final_states"] == 1 and figures["converged"]
