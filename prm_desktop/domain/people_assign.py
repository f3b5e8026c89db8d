"""Assigning certified people to role slots and competencies (a small max-flow).

One person fills at most one slot of a competency (or of a tier); with a per-person cap
(``max_competencies_per_person``) a person counts for at most that many competencies, and the people
are assigned so that the partner reaches the highest tier, then the highest levels (by rank), not in
file order. Graphs are a few dozen nodes per partner, so augmenting paths found depth first are plenty.
How many slots of one demand stay empty without a flow (Hall's theorem): `people_missing`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["Assignment", "Demand", "Flow", "assign", "fits_over", "over_cap", "shortfall",
           "too_few_people"]

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

    def run(self, most: int | None = None) -> int:
        """Push the maximum flow from node 0 to node 1; returns its value (augmenting paths found depth first).

        ``most``: the capacity into the sink when known (no path is looked for once it is reached).
        """
        graph, to, cap = self.graph, self.to, self.cap
        total = 0
        while total != most:
            parent = [-1] * len(graph)
            parent[0] = -2
            stack = [0]
            while stack and parent[1] == -1:
                u = stack.pop()
                for e in graph[u]:
                    v = to[e]
                    if cap[e] > 0 and parent[v] == -1:
                        parent[v] = e
                        if v == 1:
                            break
                        stack.append(v)
            if parent[1] == -1:
                return total
            push, v, path = 1 << 30, 1, []
            while v != 0:
                e = parent[v]
                if cap[e] < push:
                    push = cap[e]
                path.append(e)
                v = to[e ^ 1]
            for e in path:
                cap[e] -= push
                cap[e ^ 1] += push
            total += push
        return total


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
    simple = _one_role_each(people, needs, extra)
    if simple is not None:
        return simple
    flow = Flow()
    role_nodes, general, role_edges, general_edge = _sink_slots(flow, demand)
    for roles in people:
        person = flow.node()
        flow.edge(0, person, 1)
        for role in sorted(roles):  # not set order: the same flow in every process
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


def _one_role_each(people: Sequence[frozenset[str]], needs: tuple[tuple[str, int], ...],
                   extra: int) -> tuple[int, dict[str, int]] | None:
    """The shortfall counted directly when nobody has two of the needed roles (else None: a flow decides)."""
    wanted = dict(needs)
    have: dict[str, int] = {}
    spare = 0
    for roles in people:
        found = None
        for role in roles:
            if role in wanted:
                if found is not None:
                    return None
                found = role
        if found is None:
            spare += 1
        else:
            have[found] = have.get(found, 0) + 1
    missing_by_role = {}
    for role, n in needs:
        got = have.get(role, 0)
        if got < n:
            missing_by_role[role] = n - got
        else:
            spare += got - n
    if spare < extra:
        missing_by_role[""] = extra - spare
    return sum(missing_by_role.values()), missing_by_role


def over_cap(people: Sequence[dict[str, frozenset[str]]], cap: int) -> list[tuple[str, list[int]]]:
    """The people in more than ``cap`` competencies, in contact id order, each with those competencies."""
    mine: dict[str, list[int]] = {}
    for pos, a in enumerate(people):
        for person in a:
            got = mine.get(person)
            if got is None:
                mine[person] = [pos]
            else:
                got.append(pos)
    return sorted([(person, comps) for person, comps in mine.items() if len(comps) > cap])


def fits_over(people: Sequence[dict[str, frozenset[str]]], demands: Sequence[Demand | None], cap: int,
              over: Sequence[tuple[str, Sequence[int]]],
              missing_of: Callable[[Sequence[frozenset[str]], Demand], int]) -> bool:
    """True when people over the cap can leave competencies they are not needed in, every demand still met.

    People are taken in contact id order; each leaves first the competencies without a demand, then
    those still met without them, until they count in ``cap``. True proves that `assign` is feasible
    (every slot filled, nobody over the cap); False proves nothing (the flow decides).

    Args:
        people: Per competency, contact id → roles, of everyone who may count for it (each demand met by them).
        demands: Per competency, what it needs (None = nothing).
        cap: Most competencies one person counts for.
        over: `over_cap` of ``people`` (a search asks many times with the same people).
        missing_of: `missing` (or `missing_uncached`).
    """
    sets: list[dict[str, frozenset[str]]] = []  # each copied before a person leaves it (most are never touched)
    copied: list[bool] = []
    for person, comps in over:
        left = len(comps) - cap
        for pos in comps:  # first the competencies without a demand (nobody reads who is left there)
            if demands[pos] is None:
                left -= 1
                if left == 0:
                    break
        if left <= 0:
            continue
        if not sets:
            sets, copied = list(people), [False] * len(people)
        for pos in comps:  # then those still met without them, in order
            demand = demands[pos]
            if demand is None:
                continue
            a = sets[pos]
            if demand[0]:
                if missing_of([roles for who, roles in a.items() if who != person], demand) > 0:
                    continue
            elif len(a) - 1 < demand[1]:
                continue
            if not copied[pos]:
                a = sets[pos] = dict(a)
                copied[pos] = True
            del a[person]
            left -= 1
            if left == 0:
                break
        if left > 0:
            return False
    return True


def too_few_people(people: Sequence[dict[str, frozenset[str]]], demands: Sequence[Demand | None], cap: int) -> bool:
    """True when the demands need more slots filled than the people can fill (then `assign` is infeasible).

    A person fills at most one slot of a competency, in at most ``cap`` of those with a demand they
    are accredited for; a role's slots are filled only by people holding it there. False proves
    nothing (the flow decides).

    Args:
        people: Per competency, contact id → roles, of everyone who may count for it.
        demands: Per competency, what it needs (None = nothing).
        cap: Most competencies one person counts for.
    """
    needed = 0
    where: dict[str, int] = {}
    for a, demand in zip(people, demands, strict=True):
        if demand is None:
            continue
        role_needs, extra = demand
        needed += extra
        for _role, n in role_needs:
            needed += n
        for person in a:
            where[person] = where.get(person, 0) + 1
    if needed > sum([n if n < cap else cap for n in where.values()]):
        return True
    roles = {role for demand in demands if demand is not None for role, _n in demand[0]}
    for role in roles:
        needed = 0
        where.clear()
        for a, demand in zip(people, demands, strict=True):
            if demand is None:
                continue
            for wanted, n in demand[0]:
                if wanted == role:
                    needed += n
                    for person, held in a.items():
                        if role in held:
                            where[person] = where.get(person, 0) + 1
        if needed > sum([n if n < cap else cap for n in where.values()]):
            return True
    return False


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
    # The edges of Flow.node/Flow.edge (and `_sink_slots`) written inline (the same graph, in the same
    # order: a capped search builds thousands of these small graphs).
    graph, to, caps = flow.graph, flow.to, flow.cap
    slots: list[tuple[dict[str, int], int | None] | None] = []
    for d in demands:
        if d is None:
            slots.append(None)
            continue
        role_nodes: dict[str, int] = {}
        for role, count in d[0]:
            node = role_nodes[role] = len(graph)
            graph.append([len(to)])
            graph[1].append(len(to) + 1)
            to += (1, node)
            caps += (count, 0)
        general = None
        if d[1] > 0:
            general = len(graph)
            graph.append([len(to)])
            graph[1].append(len(to) + 1)
            to += (1, general)
            caps += (d[1], 0)
        slots.append((role_nodes, general))
    links: list[list[tuple[int, int]]] = []
    for person_access in access:
        person = len(graph)
        graph.append([len(to) + 1])
        graph[0].append(len(to))
        to += (person, 0)
        caps += (cap, 0)
        mine: list[tuple[int, int]] = []
        for comp, roles in person_access:
            slot = slots[comp]
            if slot is None:
                continue
            role_nodes, general = slot
            pc = len(graph)
            graph.append([len(to) + 1])
            graph[person].append(len(to))
            mine.append((comp, len(to)))
            to += (pc, person)
            caps += (1, 0)
            for role in sorted(roles):  # not set order: the same flow in every process
                node = role_nodes.get(role)
                if node is not None:
                    graph[pc].append(len(to))
                    graph[node].append(len(to) + 1)
                    to += (node, pc)
                    caps += (1, 0)
            if general is not None:
                graph[pc].append(len(to))
                graph[general].append(len(to) + 1)
                to += (general, pc)
                caps += (1, 0)
        links.append(mine)
    needed = sum([sum([n for _r, n in d[0]]) + d[1] for d in demands if d is not None])
    value = flow.run(needed)  # (the sink takes no more: a full flow is the maximum)
    counts_for = [[comp for comp, edge in mine if caps[edge ^ 1]] for mine in links]
    return Assignment(value >= needed, counts_for)
