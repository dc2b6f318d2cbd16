"""Transfer plans (调运计划): moving qualified pig iron from surplus to need.

The Ministry asks every province to ship its surplus "with the whole country as one
chessboard" (全国一盘棋): each supply (a province's surplus, in tonnes) goes over
transport links (a cost per tonne, perhaps a capacity) to the demands (the key
steelworks' and foundries' needs), so that every demand is met at the least total cost.
That is a transportation problem, a linear programme solved here with HiGHS through
`scipy.optimize.linprog`:

    minimise    sum over links e of cost[e] * x[e]
    subject to  sum of x over the links leaving supply s   <= supply[s]
                sum of x over the links reaching demand d   = demand[d]
                0 <= x[e] <= capacity[e]

When no plan meets every demand, `solve` returns the plan with the least shortage by
priority instead (key enterprises are served first, so the shortage falls on the
lowest priority), at the least cost among those, and explains each shortfall.

This module is pure Python over SciPy: no models, no database. Keys are whatever
identifies a province or enterprise to the caller (a primary key, a name).
"""

import decimal
import math
import numbers
import time
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from scipy import sparse
from scipy.optimize import linprog
from scipy.sparse.csgraph import breadth_first_order

# Amounts below this are nought and flows within it of a capacity fill it: a
# milligram, or a billionth of the largest quantity. HiGHS keeps its constraints to
# about 1e-7 (its primal feasibility tolerance), which is below both.
ABSOLUTE_TOLERANCE = 1e-6
RELATIVE_TOLERANCE = 1e-9
# `check` is more lenient: it reports wrong plans, not the solver's last digits.
CHECK_RELATIVE_TOLERANCE = 1e-6


class PlanStatus(StrEnum):
    """What a transfer plan achieves."""

    OPTIMAL = "optimal"  # every demand met, at the least total cost
    FEASIBLE = "feasible"  # every demand met, the cost not proven least (the greedy plan)
    INFEASIBLE = "infeasible"  # some demand is not met; the explanation says why


class Method(StrEnum):
    """How a plan was computed."""

    LINEAR_PROGRAM = "linear-program"  # `solve`: HiGHS, provably least cost
    GREEDY = "greedy"  # `greedy`: by hand, demand by demand


class Reason(StrEnum):
    """Why a demand is short."""

    NO_LINK = "no-link"  # no transport link reaches it at all
    LINKED_SUPPLY_SHORT = "linked-supply-short"  # the supplies it can draw on are used up
    LINK_CAPACITY = "link-capacity"  # links from supplies with stock left are full
    TOTAL_SUPPLY_SHORT = "total-supply-short"  # the whole country's supply is used up
    REALLOCATION = "reallocation"  # another allocation would serve it (only a greedy plan)


REASON_TEXT = {
    Reason.NO_LINK: "no link from any supply",
    Reason.LINKED_SUPPLY_SHORT: "the linked supplies are too small",
    Reason.LINK_CAPACITY: "link capacities bind",
    Reason.TOTAL_SUPPLY_SHORT: "total supply is below total demand",
    Reason.REALLOCATION: "a different allocation would serve more of it",
}


class TransferSolveError(RuntimeError):
    """HiGHS stopped without an answer (a numerical failure or a limit)."""


@dataclass(frozen=True)
class Supply:
    """Tonnes a province (or enterprise) has available for transfer."""

    key: Hashable
    quantity: float


@dataclass(frozen=True)
class Demand:
    """Tonnes an enterprise needs; a higher priority is served first (key enterprises)."""

    key: Hashable
    quantity: float
    priority: int = 0


@dataclass(frozen=True)
class Link:
    """A transport route from a supply to a demand: cost per tonne, optional capacity."""

    source: Hashable
    target: Hashable
    cost: float
    capacity: float | None = None


@dataclass(frozen=True)
class Shortfall:
    """One demand that the plan does not meet, and why.

    The demand belongs to a *group*: the demands that compete with it for the same
    supply. Following the plan backwards from the short demand (to a linked supply
    whose link has room; from a supply that has shipped everything to the demands it
    ships to) reaches the group's demands and sources. In a least-shortage plan every
    group source has shipped all it has, and only into the group; every link from
    another source into the group is full. So the group can receive at most
    `group_supply + group_capacity` tonnes in any plan: that is the proof that the
    shortage cannot be made smaller, only moved among the group's demands, which all
    have this demand's priority or a higher one.
    """

    demand: Hashable
    priority: int
    quantity: float
    received: float
    shortfall: float
    reasons: tuple[Reason, ...]
    group_demands: tuple[Hashable, ...]
    group_sources: tuple[Hashable, ...]
    full_links: tuple[tuple[Hashable, Hashable], ...]
    group_quantity: float
    group_supply: float
    group_capacity: float
    group_shortfall: float

    def describe(self):
        """One English sentence for operators (the pages will translate the parts)."""
        why = "; ".join(REASON_TEXT[reason] for reason in self.reasons)
        text = (
            f"{self.demand} (priority {self.priority}) receives {tonnes(self.received)} of "
            f"{tonnes(self.quantity)}, {tonnes(self.shortfall)} short: {why}"
        )
        if self.reasons == (Reason.NO_LINK,):
            return text + "."
        others = len(self.group_demands) - 1
        text += (
            f". It competes with {others} other demand{'s' if others != 1 else ''} "
            f"(together {tonnes(self.group_quantity)}) for "
            f"{tonnes(self.group_supply)} from {len(self.group_sources)} "
            f"suppl{'ies' if len(self.group_sources) != 1 else 'y'}"
        )
        if self.full_links:
            text += (
                f" and {tonnes(self.group_capacity)} over {len(self.full_links)} full "
                f"link{'s' if len(self.full_links) != 1 else ''}"
            )
        return text + f"; the group is {tonnes(self.group_shortfall)} short."


@dataclass(frozen=True)
class Explanation:
    """Why a plan leaves demand unmet: the totals and each short demand."""

    total_supply: float
    total_demand: float
    total_shortfall: float
    shortfalls: tuple[Shortfall, ...]

    @property
    def is_total_supply_short(self):
        return self.total_supply < self.total_demand

    def describe(self):
        """English lines for operators: the totals, then one line per short demand."""
        lines = [
            f"Total supply {tonnes(self.total_supply)}, total demand "
            f"{tonnes(self.total_demand)}; {len(self.shortfalls)} "
            f"demand{'s' if len(self.shortfalls) != 1 else ''} "
            f"{tonnes(self.total_shortfall)} short."
        ]
        if self.is_total_supply_short:
            lines[0] += (
                f" Total supply is {tonnes(self.total_demand - self.total_supply)} below "
                "total demand: by priority, the shortage falls on the lowest."
            )
        lines.extend(shortfall.describe() for shortfall in self.shortfalls)
        return lines


@dataclass(frozen=True)
class TransferPlan:
    """A computed transfer plan: tonnes per route and what each side ships and gets."""

    status: PlanStatus
    method: Method
    flows: dict[tuple[Hashable, Hashable], float]  # (source, target) → tonnes, > 0 only
    total_cost: float
    received: dict[Hashable, float]  # per demand
    shortfall: dict[Hashable, float]  # per demand: quantity − received
    shipped: dict[Hashable, float]  # per supply
    left: dict[Hashable, float]  # per supply: quantity − shipped
    solve_seconds: float
    explanation: Explanation | None = None  # set when status is infeasible


def tonnes(value):
    """'1,250 t' or '12.5 t'."""
    if abs(value - round(value)) < 0.05:
        return f"{round(value):,} t"
    return f"{value:,.1f} t"


class Instance:
    """Supplies, demands and links checked and numbered for the solvers.

    Raises ValueError on a malformed instance: duplicate keys or links, a link to an
    unknown key, a negative or non-finite quantity, cost or capacity.
    """

    def __init__(self, supplies: Sequence[Supply], demands: Sequence[Demand], links):
        self.supplies, self.demands, self.links = list(supplies), list(demands), list(links)
        source_index = index_by_key(self.supplies, "supply")
        target_index = index_by_key(self.demands, "demand")
        routes = [(link.source, link.target) for link in self.links]
        if len(set(routes)) < len(routes):
            seen = set()
            for source, target in routes:
                if (source, target) in seen:
                    raise ValueError(f"two links from {source} to {target}")
                seen.add((source, target))
        try:
            self.source = np.array([source_index[source] for source, _ in routes], dtype=int)
        except KeyError as error:
            raise ValueError(f"link from unknown supply {error.args[0]}") from None
        try:
            self.target = np.array([target_index[target] for _, target in routes], dtype=int)
        except KeyError as error:
            raise ValueError(f"link to unknown demand {error.args[0]}") from None
        self.supply = amounts([item.quantity for item in self.supplies], self.supplies, "quantity")
        self.demand = amounts([item.quantity for item in self.demands], self.demands, "quantity")
        self.priority = np.array([int(item.priority) for item in self.demands], dtype=int)
        self.cost = amounts([link.cost for link in self.links], self.links, "cost")
        self.capacity = amounts(
            [math.inf if link.capacity is None else link.capacity for link in self.links],
            self.links,
            "capacity",
            infinite=True,
        )
        largest = max(1.0, *self.supply, *self.demand)
        self.tolerance = max(ABSOLUTE_TOLERANCE, RELATIVE_TOLERANCE * largest)

    @property
    def shape(self):
        """(supplies, demands, links)."""
        return len(self.supplies), len(self.demands), len(self.links)

    def incidence(self):
        """Sparse 0/1 matrices: supplies × links (who ships) and demands × links (who gets)."""
        n_supplies, n_demands, n_links = self.shape
        ones, columns = np.ones(n_links), np.arange(n_links)
        leaving = sparse.csr_matrix((ones, (self.source, columns)), shape=(n_supplies, n_links))
        reaching = sparse.csr_matrix((ones, (self.target, columns)), shape=(n_demands, n_links))
        return leaving, reaching


def index_by_key(items, kind):
    """{key: position}; a key given twice is an error."""
    index = {}
    for position, item in enumerate(items):
        if item.key in index:
            raise ValueError(f"{kind} {item.key} given twice")
        index[item.key] = position
    return index


def amounts(values, items, what, infinite=False):
    """The values as a float array: numbers of at least nought, finite unless `infinite`.

    Raises ValueError naming the first item with a bad value.
    """

    def is_number(kind):
        return issubclass(kind, numbers.Real | decimal.Decimal) and kind is not bool

    def is_good(array):
        return (array >= 0).all() and (infinite or np.isfinite(array).all())

    # One look per type, then whole arrays: 60,000 links are checked in milliseconds.
    if all(is_number(kind) for kind in {type(value) for value in values}):
        array = np.array(values, dtype=float)
        if is_good(array):
            return array
    for item, value in zip(items, values, strict=True):
        if not (is_number(type(value)) and is_good(np.array([float(value)]))):
            name = f"{item.source} → {item.target}" if isinstance(item, Link) else item.key
            raise ValueError(f"{what} of {name} must be a number of at least 0, not {value!r}")
    raise AssertionError("unreachable")  # every value was good after all


def run_highs(c, a_ub, b_ub, a_eq, b_eq, bounds):
    """linprog with HiGHS; returns the result, or None when the problem is infeasible."""
    # HiGHS chooses its dual simplex here. Its presolve finds little to remove in a
    # transportation problem and took a third of the time or more at country size.
    result = linprog(
        c,
        A_ub=a_ub,
        b_ub=b_ub,
        A_eq=a_eq,
        b_eq=b_eq,
        bounds=bounds,
        method="highs",
        options={"presolve": False},
    )
    if result.status == 2:
        return None
    if result.status != 0:
        raise TransferSolveError(f"HiGHS: {result.message}")
    return result


def solve(supplies, demands, links):
    """The least-cost transfer plan that meets every demand (status `optimal`).

    When no plan meets every demand, the plan with the least shortage by priority at
    the least cost among those, with its explanation (status `infeasible`): its flows
    are usable, they are the best that can be shipped.
    """
    started = time.perf_counter()
    instance = Instance(supplies, demands, links)
    flows = cheapest_meeting_every_demand(instance)
    if flows is None:
        flows = least_shortage_by_priority(instance)
    return make_plan(instance, flows, Method.LINEAR_PROGRAM, started)


def cheapest_meeting_every_demand(instance):
    """The transportation problem in one linear programme; None when infeasible."""
    n_supplies, n_demands, n_links = instance.shape
    if n_links == 0:
        return np.zeros(0) if instance.demand.sum() <= instance.tolerance else None
    leaving, reaching = instance.incidence()
    bounds = np.column_stack([np.zeros(n_links), instance.capacity])
    result = run_highs(instance.cost, leaving, instance.supply, reaching, instance.demand, bounds)
    return None if result is None else result.x


def least_shortage_by_priority(instance):
    """Flows of the plan that serves the highest priority first, then the next…

    In a network with several sinks one flow delivers at once, for every priority
    level p, the most that can reach the demands of priority ≥ p (Megiddo, "Optimal
    flows in networks with multiple sources and sinks", 1974), and that flow is the
    lexicographic optimum: the highest priority's shortage least, then the next
    one's. So one maximum-flow programme per level finds that most, F_p, and a last
    programme with a shortage u per demand (received + u = demand) finds the
    cheapest plan whose shortage at priority ≥ p is at most D_p − F_p for every p.
    Within a level the tonnes short fall where a tonne costs most to bring. No
    penalty weights, which could distort the figures.
    """
    n_supplies, n_demands, n_links = instance.shape
    leaving, reaching = instance.incidence()
    link_bounds = np.column_stack([np.zeros(n_links), instance.capacity])
    levels = sorted({int(p) for p in instance.priority[instance.demand > 0]}, reverse=True)
    level_rows, allowed = [], []
    for level in levels:
        served = instance.priority >= level
        # Only the links into these demands matter to what can reach them.
        into = served[instance.target]
        most = 0.0
        if into.any():
            result = run_highs(
                -np.ones(int(into.sum())),
                sparse.vstack([leaving[:, into], reaching[:, into]], format="csr"),
                np.concatenate([instance.supply, instance.demand]),
                None,
                None,
                link_bounds[into],
            )
            if result is None:  # cannot happen: shipping nothing is always allowed
                raise TransferSolveError("HiGHS found a maximum-flow problem infeasible")
            most = -result.fun
        level_rows.append(served.astype(float))
        allowed.append(max(instance.demand[served].sum() - most, 0.0))

    shortage_rows = sparse.csr_matrix(np.array(level_rows).reshape(len(levels), n_demands))
    result = run_highs(
        np.concatenate([instance.cost, np.zeros(n_demands)]),
        sparse.bmat([[leaving, None], [None, shortage_rows]], format="csr"),
        np.concatenate([instance.supply, allowed]),
        sparse.hstack([reaching, sparse.identity(n_demands)], format="csr"),
        instance.demand,
        np.vstack([link_bounds, np.column_stack([np.zeros(n_demands), instance.demand])]),
    )
    if result is None:  # cannot happen: the maximum flows are such a plan
        raise TransferSolveError("HiGHS found the least-shortage problem infeasible")
    return result.x[:n_links]


def greedy(supplies, demands, links):
    """The allocation a planner makes by hand, to compare `solve` against.

    Demands in order of priority (highest first), then size (largest first); each
    takes from its cheapest linked supply with stock left, as much as the link
    carries, then from the next cheapest, until it is met or nothing is left to it.
    Status `feasible` when every demand is met (the cost is not proven least),
    otherwise `infeasible` with an explanation.
    """
    started = time.perf_counter()
    instance = Instance(supplies, demands, links)
    n_supplies, n_demands, n_links = instance.shape
    source, cost = instance.source.tolist(), instance.cost.tolist()
    capacity = instance.capacity.tolist()
    links_of = [[] for _ in range(n_demands)]
    for link, target in enumerate(instance.target.tolist()):
        links_of[target].append(link)
    left = instance.supply.tolist()
    flows = np.zeros(n_links)
    order = sorted(range(n_demands), key=lambda d: (-instance.priority[d], -instance.demand[d]))
    for demand in order:
        need = float(instance.demand[demand])
        for link in sorted(links_of[demand], key=lambda e: (cost[e], source[e])):
            if need <= instance.tolerance:
                break
            amount = min(need, left[source[link]], capacity[link])
            if amount > instance.tolerance:
                flows[link] = amount
                left[source[link]] -= amount
                need -= amount
    return make_plan(instance, flows, Method.GREEDY, started)


def make_plan(instance, flows, method, started):
    """The TransferPlan of these flows (cleaned of the solver's last digits).

    Its status: infeasible when a demand is short, otherwise optimal for the linear
    programme and feasible for the greedy plan.
    """
    n_supplies, n_demands, n_links = instance.shape
    eps = instance.tolerance
    flows = np.clip(np.asarray(flows, dtype=float), 0.0, instance.capacity)
    flows[flows <= eps] = 0.0
    full = instance.capacity - flows <= eps
    flows[full] = instance.capacity[full]
    shipped = np.bincount(instance.source, flows, n_supplies)
    received = np.bincount(instance.target, flows, n_demands)
    left = np.maximum(instance.supply - shipped, 0.0)
    left[left <= eps] = 0.0
    shortfall = np.maximum(instance.demand - received, 0.0)
    shortfall[shortfall <= eps] = 0.0
    explanation = None
    if shortfall.any():
        status = PlanStatus.INFEASIBLE
        explanation = explain(instance, flows, received, shortfall, left)
    elif method == Method.LINEAR_PROGRAM:
        status = PlanStatus.OPTIMAL
    else:
        status = PlanStatus.FEASIBLE
    supply_keys = [item.key for item in instance.supplies]
    demand_keys = [item.key for item in instance.demands]
    return TransferPlan(
        status=status,
        method=method,
        flows={
            (instance.links[e].source, instance.links[e].target): float(flows[e])
            for e in np.flatnonzero(flows)
        },
        total_cost=float(instance.cost @ flows),
        received=dict(zip(demand_keys, received.tolist(), strict=True)),
        shortfall=dict(zip(demand_keys, shortfall.tolist(), strict=True)),
        shipped=dict(zip(supply_keys, shipped.tolist(), strict=True)),
        left=dict(zip(supply_keys, left.tolist(), strict=True)),
        solve_seconds=time.perf_counter() - started,
        explanation=explanation,
    )


@dataclass(frozen=True)
class Group:
    """The demands competing for the same supply, as `explain` finds them."""

    demands: tuple[Hashable, ...]  # by priority, highest first
    sources: tuple[Hashable, ...]
    full_links: tuple[tuple[Hashable, Hashable], ...]  # into the group from outside
    lowest_priority: int
    has_stock_left: bool  # a source has stock left: a better plan exists
    has_all_supply: bool  # every supply with stock is a source of the group
    quantity: float
    supply: float
    capacity: float
    shortfall: float


def explain(instance, flows, received, shortfall, left):
    """The Explanation of a plan's shortfalls: each short demand's group and reasons.

    The plan's residual network has a node per demand and per supply and an arc
    demand → supply for each link with room left (the demand could take more there)
    and supply → demand for each link carrying iron from a supply with nothing left
    (the supply could free stock by taking it from that demand). What a short demand
    reaches is its group (see Shortfall). Reaching a supply with stock left, or a
    demand of lower priority, means a better plan exists: only a greedy plan does.
    """
    n_supplies, n_demands, n_links = instance.shape
    eps = instance.tolerance
    source, target = instance.source, instance.target
    room = instance.capacity - flows > eps
    freeing = (flows > eps) & (left[source] <= eps)
    graph = sparse.csr_matrix(
        (
            np.ones(int(room.sum() + freeing.sum())),
            (
                np.concatenate([target[room], n_demands + source[freeing]]),
                np.concatenate([n_demands + source[room], target[freeing]]),
            ),
        ),
        shape=(n_demands + n_supplies, n_demands + n_supplies),
    )
    has_link = np.bincount(target, minlength=n_demands) > 0
    with_stock = instance.supply > eps
    groups = {}

    def group_of(demand):
        """What the demand reaches, worked out once for all the demands reaching it."""
        reached = np.sort(breadth_first_order(graph, demand, return_predecessors=False))
        if reached.tobytes() not in groups:
            members = reached[reached < n_demands]
            members = members[np.argsort(-instance.priority[members], kind="stable")]
            sources = np.zeros(n_supplies, dtype=bool)
            sources[reached[reached >= n_demands] - n_demands] = True
            into = np.isin(target, members) & ~sources[source]
            groups[reached.tobytes()] = Group(
                demands=tuple(instance.demands[d].key for d in members),
                sources=tuple(instance.supplies[s].key for s in np.flatnonzero(sources)),
                full_links=tuple(
                    (instance.links[e].source, instance.links[e].target)
                    for e in np.flatnonzero(into)
                ),
                lowest_priority=int(instance.priority[members].min()),
                has_stock_left=bool((left[sources] > eps).any()),
                has_all_supply=bool(sources[with_stock].all()),
                quantity=float(instance.demand[members].sum()),
                supply=float(instance.supply[sources].sum()),
                capacity=float(instance.capacity[into].sum()),
                shortfall=float(shortfall[members].sum()),
            )
        return groups[reached.tobytes()]

    shortfalls = []
    for demand in np.flatnonzero(shortfall):
        group = group_of(demand)
        item = instance.demands[demand]
        reasons = []
        if not has_link[demand]:
            reasons.append(Reason.NO_LINK)
        if group.has_stock_left or group.lowest_priority < item.priority:
            reasons.append(Reason.REALLOCATION)
        if group.full_links:
            reasons.append(Reason.LINK_CAPACITY)
        if group.sources:
            if group.has_all_supply:
                reasons.append(Reason.TOTAL_SUPPLY_SHORT)
            else:
                reasons.append(Reason.LINKED_SUPPLY_SHORT)
        shortfalls.append(
            Shortfall(
                demand=item.key,
                priority=item.priority,
                quantity=float(item.quantity),
                received=float(received[demand]),
                shortfall=float(shortfall[demand]),
                reasons=tuple(reasons),
                group_demands=group.demands,
                group_sources=group.sources,
                full_links=group.full_links,
                group_quantity=group.quantity,
                group_supply=group.supply,
                group_capacity=group.capacity,
                group_shortfall=group.shortfall,
            )
        )
    shortfalls.sort(key=lambda item: (-item.shortfall, item.priority))
    return Explanation(
        total_supply=float(instance.supply.sum()),
        total_demand=float(instance.demand.sum()),
        total_shortfall=float(shortfall.sum()),
        shortfalls=tuple(shortfalls),
    )


def check(plan, supplies, demands, links):
    """Verify a plan against the instance on its own; returns the problems (none: right).

    It recomputes from the flows, without the solver's working: every flow is on a
    link, at least nought and within the link's capacity; no supply ships more than
    it has and no demand receives more than it needs; the plan's totals per supply
    and demand and its cost are those of its flows; its status and explanation agree
    with its shortfalls.

    For a plan from `solve` it also proves the claim of optimality by linear
    programming duality, with problems of its own making solved by linprog:

    * When short, the least shortage by priority. The tonnes that can reach the
      demands of priority ≥ p must reach them in the plan, for every level p. That
      most is bounded by the value of a feasible solution of the maximum-flow dual
      (a cut: prices w_s, y_d, z_e ≥ 0 with w_s + y_d + z_e ≥ 1 on every link
      e = s → d into those demands, worth S·w + D·y + cap·z), found by a fresh
      maximum-flow solve and checked here.
    * The least cost with those amounts delivered. With a shortage u_d per demand,
      the least-cost problem is min c·x subject to Σ x ≤ S_s per supply,
      Σ x + u_d = D_d per demand, Σ_{priority(d) ≥ p} u_d ≤ G_p per level (G_p: the
      plan's own shortage at priority ≥ p, nought when it meets every demand),
      0 ≤ x ≤ cap, 0 ≤ u ≤ D. Its dual is max D·v − S·w − G·t − cap·z − D·r
      over v free and w, t, z, r ≥ 0 with v_d − w_s − z_e ≤ c_e on every link
      e = s → d and v_d − Σ_{p ≤ priority(d)} t_p − r_d ≤ 0 for every demand. Any
      such prices bound every plan's cost from below (weak duality), so prices
      checked here to meet every inequality, whose value equals the plan's cost,
      prove that no plan is cheaper. The prices are the duals of a fresh solve of
      that primal; nothing of `solve`'s working is used.
    """
    problems = []
    supply_of = {item.key: item for item in supplies}
    demand_of = {item.key: item for item in demands}
    link_of = {(link.source, link.target): link for link in links}
    largest = max([1.0, *(item.quantity for item in [*supplies, *demands])])
    tol = CHECK_RELATIVE_TOLERANCE * largest

    shipped = dict.fromkeys(supply_of, 0.0)
    received = dict.fromkeys(demand_of, 0.0)
    cost = 0.0
    for (source, target), amount in plan.flows.items():
        link = link_of.get((source, target))
        if link is None:
            problems.append(f"flow {source} → {target}: there is no such link")
            continue
        if not math.isfinite(amount) or amount < -tol:
            problems.append(f"flow {source} → {target}: {amount} t is not a quantity")
            continue
        if link.capacity is not None and amount > link.capacity + tol:
            problems.append(
                f"flow {source} → {target}: {tonnes(amount)} over the link's capacity "
                f"of {tonnes(link.capacity)}"
            )
        shipped[source] += amount
        received[target] += amount
        cost += link.cost * amount

    for key, item in supply_of.items():
        if shipped[key] > item.quantity + tol:
            problems.append(
                f"supply {key} ships {tonnes(shipped[key])} of its {tonnes(item.quantity)}"
            )
        if abs(plan.shipped.get(key, math.nan) - shipped[key]) > tol:
            problems.append(f"supply {key}: shipped {plan.shipped.get(key)} ≠ its flows' sum")
        if abs(plan.left.get(key, math.nan) - max(item.quantity - shipped[key], 0.0)) > tol:
            problems.append(f"supply {key}: left {plan.left.get(key)} ≠ quantity − shipped")
    short = {}
    for key, item in demand_of.items():
        if received[key] > item.quantity + tol:
            problems.append(
                f"demand {key} receives {tonnes(received[key])} of the "
                f"{tonnes(item.quantity)} it needs"
            )
        if abs(plan.received.get(key, math.nan) - received[key]) > tol:
            problems.append(f"demand {key}: received {plan.received.get(key)} ≠ its flows' sum")
        missing = max(item.quantity - received[key], 0.0)
        if abs(plan.shortfall.get(key, math.nan) - missing) > tol:
            problems.append(f"demand {key}: shortfall {plan.shortfall.get(key)} ≠ its own")
        if missing > tol:
            short[key] = missing
    if abs(plan.total_cost - cost) > CHECK_RELATIVE_TOLERANCE * max(1.0, abs(cost)):
        problems.append(f"total cost {plan.total_cost} ≠ {cost}, the cost of its flows")

    if plan.status == PlanStatus.INFEASIBLE:
        if not short:
            problems.append("the plan is marked infeasible but meets every demand")
        if plan.explanation is None:
            problems.append("an infeasible plan without an explanation")
        else:
            explained = {item.demand: item.shortfall for item in plan.explanation.shortfalls}
            if explained.keys() != short.keys() or any(
                abs(explained[key] - short[key]) > tol for key in short
            ):
                problems.append("the explanation does not list the plan's shortfalls")
    elif short:
        problems.append(
            f"the plan is marked {plan.status} but leaves {len(short)} of the demands short: "
            + ", ".join(f"{key} by {tonnes(value)}" for key, value in list(short.items())[:3])
        )
    if plan.method == Method.LINEAR_PROGRAM and not problems:
        problems.extend(certify(plan, supplies, demands, links, received, cost, tol))
    return problems


def certify(plan, supplies, demands, links, received, cost, tol):
    """The optimality half of `check`: maximum flows per priority level, then the prices."""
    problems = []
    source_index = {item.key: s for s, item in enumerate(supplies)}
    target_index = {item.key: d for d, item in enumerate(demands)}
    n_supplies, n_demands, n_links = len(supplies), len(demands), len(links)
    if n_links == 0:
        return []  # nothing can be shipped: the empty plan is the only one, checked above
    supply = np.array([item.quantity for item in supplies], dtype=float)
    demand = np.array([item.quantity for item in demands], dtype=float)
    priority = np.array([item.priority for item in demands], dtype=int)
    source = np.array([source_index[link.source] for link in links], dtype=int)
    target = np.array([target_index[link.target] for link in links], dtype=int)
    unit_cost = np.array([link.cost for link in links], dtype=float)
    capped = np.array([link.capacity is not None for link in links], dtype=bool)
    capacity = np.array([link.capacity or 0.0 for link in links], dtype=float)
    bounds = np.column_stack([np.zeros(n_links), np.where(capped, capacity, np.inf)])
    levels = sorted({int(p) for p in priority}, reverse=True)
    rows, ones = np.arange(n_links), np.ones(n_links)
    leaving = sparse.csr_matrix((ones, (source, rows)), shape=(n_supplies, n_links))
    reaching = sparse.csr_matrix((ones, (target, rows)), shape=(n_demands, n_links))

    # F_p: what can reach the demands of priority ≥ p, each level on its own, as a
    # bound proved by the prices w, y, z of the maximum-flow dual
    # min S·w + D·y + cap·z with w_s + y_d + z_e ≥ 1 on every link into those demands.
    if plan.status == PlanStatus.OPTIMAL:
        at_least = np.array([demand[priority >= level].sum() for level in levels])
    else:
        at_least = np.zeros(len(levels))
        for row, level in enumerate(levels):
            into = (priority[target] >= level).astype(float)
            result = linprog(
                -into,
                A_ub=sparse.vstack([leaving, reaching]),
                b_ub=np.concatenate([supply, demand]),
                bounds=bounds,
                method="highs",
            )
            if result.status != 0:
                return [f"the maximum-flow check did not solve: {result.message}"]
            w, y = np.split(np.maximum(-result.ineqlin.marginals, 0.0), [n_supplies])
            z = np.where(capped, np.maximum(-result.upper.marginals, 0.0), 0.0)
            violation = float(np.max(into - w[source] - y[target] - z, initial=0.0))
            if violation > CHECK_RELATIVE_TOLERANCE:
                problems.append(f"the cut for priority ≥ {level} is off by {violation}: no proof")
            at_least[row] = supply @ w + demand @ y + capacity @ z
            reachable = -result.fun  # at the last, lowest level: what all demands can get
        if reachable >= demand.sum() - tol:
            problems.append("the plan is marked infeasible, but every demand can be met")
    for row, level in enumerate(levels):
        got = sum(received[item.key] for item in demands if item.priority >= level)
        if got < at_least[row] - tol * math.sqrt(n_demands):  # rounding of a long sum
            problems.append(
                f"demands of priority ≥ {level} receive {tonnes(got)}, but "
                f"{tonnes(at_least[row])} can reach them"
            )
    if problems:
        return problems

    # The prices v, w, t, z, r: duals of the least-cost problem that keeps every
    # level's shortage within the plan's own, G_p (a hair more for the solve, so that
    # rounding cannot forbid the plan; the bound is taken at G_p itself).
    level_of_shortage = sparse.csr_matrix(
        np.array([priority >= level for level in levels], dtype=float)
    )
    short = demand - np.array([received[item.key] for item in demands])
    allowed = np.maximum(level_of_shortage @ short, 0.0)
    result = linprog(
        np.concatenate([unit_cost, np.zeros(n_demands)]),
        A_ub=sparse.hstack(
            [
                sparse.vstack([leaving, sparse.csr_matrix((len(levels), n_links))]),
                sparse.vstack([sparse.csr_matrix((n_supplies, n_demands)), level_of_shortage]),
            ],
            format="csr",
        ),
        b_ub=np.concatenate([supply + tol, allowed + tol]),
        A_eq=sparse.hstack([reaching, sparse.identity(n_demands)], format="csr"),
        b_eq=demand,
        bounds=np.vstack([bounds, np.column_stack([np.zeros(n_demands), demand])]),
        method="highs",
    )
    if result.status != 0:
        return [f"the least-cost check did not solve: {result.message}"]
    v = result.eqlin.marginals
    w, t = np.split(np.maximum(-result.ineqlin.marginals, 0.0), [n_supplies])
    z, r = np.split(np.maximum(-result.upper.marginals, 0.0), [n_links])
    z[~capped] = 0.0
    link_excess = v[target] - w[source] - z - unit_cost
    shortage_excess = v - level_of_shortage.T @ t - r
    violation = float(max(link_excess.max(), shortage_excess.max(), 0.0))
    if violation > CHECK_RELATIVE_TOLERANCE * max(1.0, float(np.abs(unit_cost).max())):
        problems.append(f"the prices break an inequality by {violation}: no proof")
    bound = demand @ v - supply @ w - allowed @ t - capacity @ z - demand @ r
    if cost - bound > CHECK_RELATIVE_TOLERANCE * max(1.0, abs(cost)):
        problems.append(f"not least cost: the plan costs {cost:,.2f}, a plan can cost {bound:,.2f}")
    return problems


def random_instance(provinces=30, enterprises=2000, links=60000, seed=1959):
    """A deterministic, feasible country-sized instance: (supplies, demands, links).

    Provinces and enterprises lie on a 4,000 × 3,000 km map, each enterprise near one
    province. Supply sits mostly in a few iron-rich provinces, not where the demand
    is. Every enterprise is linked to one supplying province chosen by richness (a
    link without capacity), and to others chosen near it; a quarter of those others
    carry a capacity. Each province holds 5–40 % more than the enterprises given to
    it by richness need, so meeting every demand is possible. Costs are a rail
    tariff on distance (yuan per tonne). One enterprise in ten is a key enterprise
    (priority 1). The same arguments give the same instance.
    """
    if provinces < 1 or enterprises < 1:
        raise ValueError("at least one province and one enterprise")
    if not enterprises <= links <= provinces * enterprises:
        raise ValueError(
            f"links must be between {enterprises} (one per enterprise) and "
            f"{provinces * enterprises} (every pair)"
        )
    rng = np.random.default_rng(seed)
    province_at = rng.uniform((0, 0), (4000, 3000), size=(provinces, 2))
    home = rng.integers(provinces, size=enterprises)
    enterprise_at = province_at[home] + rng.normal(0, 250, size=(enterprises, 2))
    needs = np.round(rng.lognormal(np.log(3000), 0.8, size=enterprises)) + 100
    priorities = (rng.random(enterprises) < 0.1).astype(int)
    richness = rng.lognormal(0, 1.2, size=provinces)
    supplier = rng.choice(provinces, size=enterprises, p=richness / richness.sum())

    per_enterprise = np.full(enterprises, links // enterprises)
    per_enterprise[: links % enterprises] += 1
    province_keys = [f"province-{p + 1:02d}" for p in range(provinces)]
    enterprise_keys = [f"enterprise-{e + 1:04d}" for e in range(enterprises)]
    transfer_links = []
    for e in range(enterprises):
        distance = np.hypot(*(province_at - enterprise_at[e]).T)
        others = np.delete(np.arange(provinces), supplier[e])
        nearness = 1 / (distance[others] + 300)
        chosen = rng.choice(
            others, size=per_enterprise[e] - 1, replace=False, p=nearness / nearness.sum()
        )
        for p in [supplier[e], *chosen]:
            capacity = None
            if p != supplier[e] and rng.random() < 0.25:
                capacity = float(np.round(needs[e] * rng.uniform(0.1, 0.6)))
            tariff = 1.5 + 0.011 * distance[p] * rng.uniform(0.85, 1.2)
            transfer_links.append(
                Link(province_keys[p], enterprise_keys[e], round(float(tariff), 2), capacity)
            )
    load = np.bincount(supplier, needs, provinces)
    stock = np.ceil(load * rng.uniform(1.05, 1.4, size=provinces)) + rng.integers(0, 500, provinces)
    supplies = [Supply(key, float(q)) for key, q in zip(province_keys, stock, strict=True)]
    demands = [
        Demand(key, float(q), int(p))
        for key, q, p in zip(enterprise_keys, needs, priorities, strict=True)
    ]
    return supplies, demands, transfer_links
