"""Assigning certified people to role slots and competencies (a small max-flow).

One person fills at most one slot of a competency (or of a tier); with a per-person cap
(``max_competencies_per_person``) a person counts for at most that many competencies, and the people
are assigned so that the partner reaches the highest tier, then the highest levels (by rank), not in
file order. Graphs are a few dozen nodes per partner, so Edmonds–Karp is plenty.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Demand", "Flow", "assign", "shortfall"]

#: What a competency (or tier) needs: ``(role needs, people beyond the role needs)``.
Demand = tuple[tuple[tuple[str, int], ...], int]


class Flow:
    """A flow network with integer capacities (nodes are ints, 0 = source, 1 = sink)."""

    def __init__(self) -> None:
        self.graph: list[list[int]] = [[], []]
        self.to: list[int] = []
        self.cap: list[int] = []

    def node(self) -> int:
        """A new node's number."""
        self.graph.append([])
        return len(self.graph) - 1

    def edge(self, u: int, v: int, cap: int) -> int:
        """Add ``u → v`` with capacity ``cap``; returns the edge's number (its flow: :meth:`flow`)."""
        self.graph[u].append(len(self.to))
        self.to.append(v)
        self.cap.append(cap)
        self.graph[v].append(len(self.to))
        self.to.append(u)
        self.cap.append(0)
        return len(self.to) - 2

    def flow(self, edge: int) -> int:
        """Flow through an edge (the residual capacity of its reverse)."""
        return self.cap[edge ^ 1]

    def run(self) -> int:
        """Push the maximum flow from node 0 to node 1; returns its value."""
        total = 0
        while True:
            parent = [-1] * len(self.graph)
            parent[0] = -2
            queue = deque([0])
            while queue and parent[1] == -1:
                u = queue.popleft()
                for e in self.graph[u]:
                    v = self.to[e]
                    if self.cap[e] > 0 and parent[v] == -1:
                        parent[v] = e
                        queue.append(v)
            if parent[1] == -1:
                return total
            push, v = 1 << 30, 1
            while v != 0:
                e = parent[v]
                push = min(push, self.cap[e])
                v = self.to[e ^ 1]
            v = 1
            while v != 0:
                e = parent[v]
                self.cap[e] -= push
                self.cap[e ^ 1] += push
                v = self.to[e ^ 1]
            total += push


def _sink_slots(flow: Flow, demand: Demand) -> tuple[dict[str, int], int | None, dict[str, int], int]:
    """Role slot nodes (and a general slot) of one demand, wired to the sink."""
    role_nodes: dict[str, int] = {}
    role_edges: dict[str, int] = {}
    for role, count in demand[0]:
        node = role_nodes[role] = flow.node()
        role_edges[role] = flow.edge(node, 1, count)
    general = flow.node() if demand[1] > 0 else None
    general_edge = flow.edge(general, 1, demand[1]) if general is not None else -1
    return role_nodes, general, role_edges, general_edge


def shortfall(people: Sequence[frozenset[str]], demand: Demand) -> tuple[int, dict[str, int]]:
    """How many slots of one demand stay empty, and of those how many per role (``""`` = any role).

    Args:
        people: The roles of each person who can fill a slot.
        demand: The role needs and the people needed beyond them.
    """
    needs, extra = demand
    if not needs:
        missing = max(0, extra - len(people))
        return missing, ({"": missing} if missing else {})
    flow = Flow()
    role_nodes, general, role_edges, general_edge = _sink_slots(flow, demand)
    for roles in people:
        person = flow.node()
        flow.edge(0, person, 1)
        for role in roles:
            node = role_nodes.get(role)
            if node is not None:
                flow.edge(person, node, 1)
        if general is not None:
            flow.edge(person, general, 1)
    flow.run()
    missing_by_role = {role: count - flow.flow(role_edges[role]) for role, count in needs}
    if general is not None:
        missing_by_role[""] = extra - flow.flow(general_edge)
    missing_by_role = {k: v for k, v in missing_by_role.items() if v > 0}
    return sum(missing_by_role.values()), missing_by_role


@dataclass(slots=True)
class Assignment:
    """Whether the demands can all be met, and which competencies each person counts for."""

    feasible: bool
    counts_for: list[list[int]]


def assign(
    access: Sequence[Sequence[tuple[int, frozenset[str]]]],
    demands: Sequence[Demand | None],
    cap: int,
) -> Assignment:
    """Assign people to competencies so that every demand is met, each person in at most ``cap`` of them.

    Args:
        access: Per person, ``(competency, roles the person has for it)`` for each competency the person
            is accredited for.
        demands: Per competency, what it needs (None = nothing).
        cap: Most competencies one person counts for.

    Returns:
        Feasibility, and per person the competencies it was assigned to (a maximum flow).
    """
    flow = Flow()
    slots = [_sink_slots(flow, d) if d is not None else None for d in demands]
    links: list[list[tuple[int, int]]] = []
    for person_access in access:
        person = flow.node()
        flow.edge(0, person, cap)
        mine: list[tuple[int, int]] = []
        for comp, roles in person_access:
            slot = slots[comp]
            if slot is None:
                continue
            role_nodes, general, _edges, _general_edge = slot
            pc = flow.node()
            mine.append((comp, flow.edge(person, pc, 1)))
            for role in roles:
                node = role_nodes.get(role)
                if node is not None:
                    flow.edge(pc, node, 1)
            if general is not None:
                flow.edge(pc, general, 1)
        links.append(mine)
    needed = sum(sum(n for _r, n in d[0]) + d[1] for d in demands if d is not None)
    value = flow.run()
    counts_for = [[comp for comp, edge in mine if flow.flow(edge)] for mine in links]
    return Assignment(value >= needed, counts_for)
