"""The transfer plan at country size (`gexin bench transfer`).

Builds the deterministic random instance of `transfer.random_instance` (30 supplying
provinces, 2,000 receiving enterprises, 60,000 links by default), times `solve`
(HiGHS) and the greedy allocation, and verifies the solved plan with `check`, which
proves its optimality with prices of its own solve. No database is used.
"""

import importlib.metadata
import os
import platform
import time
from pathlib import Path

from gexin.national import transfer

DEFAULT_PROVINCES = 30
DEFAULT_ENTERPRISES = 2000
DEFAULT_LINKS = 60000
DEFAULT_SEED = 1959

# Goal: a country-sized plan is solved to optimality within 2 seconds.
GOAL_SOLVE_SECONDS = 2.0


def timed(function, *args):
    """(result, wall seconds, CPU seconds of this process) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = function(*args)
    return result, time.perf_counter() - wall, time.process_time() - cpu


def machine():
    """Where the figures were measured: cores, CPU and the versions that matter."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": cores,
        "cpu": cpu,
        "python": platform.python_version(),
        "numpy": importlib.metadata.version("numpy"),
        "scipy": importlib.metadata.version("scipy"),
    }


def run(
    write,
    provinces=DEFAULT_PROVINCES,
    enterprises=DEFAULT_ENTERPRISES,
    links=DEFAULT_LINKS,
    seed=DEFAULT_SEED,
):
    """Build, solve, compare with the greedy plan, check and report; returns a dict."""
    (supplies, demands, routes), build_seconds, _ = timed(
        transfer.random_instance, provinces, enterprises, links, seed
    )
    capped = sum(link.capacity is not None for link in routes)
    total_supply = sum(item.quantity for item in supplies)
    total_demand = sum(item.quantity for item in demands)
    write(
        f"Transfer plan: {provinces:,} provinces, {enterprises:,} enterprises, "
        f"{len(routes):,} links ({capped:,} with a capacity), seed {seed}."
    )
    write(
        f"Supply {total_supply:,.0f} t, demand {total_demand:,.0f} t; "
        f"instance built in {build_seconds:.2f} s."
    )
    plan, solve_seconds, solve_cpu = timed(transfer.solve, supplies, demands, routes)
    by_hand, greedy_seconds, greedy_cpu = timed(transfer.greedy, supplies, demands, routes)
    problems, check_seconds, check_cpu = timed(transfer.check, plan, supplies, demands, routes)
    greedy_short = sum(by_hand.shortfall.values())
    # A greedy plan that leaves demand short ships less: its cost is no comparison.
    gap = None
    if not greedy_short and plan.total_cost:
        gap = 100 * (by_hand.total_cost - plan.total_cost) / plan.total_cost

    write("")
    write(f"{'':<8} {'status':<11} {'wall s':>7} {'cpu s':>7} {'total cost':>17}")
    write(
        f"{'solve':<8} {plan.status:<11} {solve_seconds:>7.2f} {solve_cpu:>7.2f} "
        f"{plan.total_cost:>17,.2f}  ({len(plan.flows):,} routes used)"
    )
    write(
        f"{'greedy':<8} {by_hand.status:<11} {greedy_seconds:>7.2f} {greedy_cpu:>7.2f} "
        f"{by_hand.total_cost:>17,.2f}  "
        + (f"(gap {gap:+.2f} %)" if gap is not None else f"({greedy_short:,.0f} t short)")
    )
    write(
        f"{'check':<8} {'passed' if not problems else 'FAILED':<11} {check_seconds:>7.2f} "
        f"{check_cpu:>7.2f}"
    )
    for problem in problems[:20]:
        write(f"  {problem}")
    passed = (
        plan.status == transfer.PlanStatus.OPTIMAL
        and solve_seconds <= GOAL_SOLVE_SECONDS
        and not problems
    )
    return {
        "provinces": provinces,
        "enterprises": enterprises,
        "links": len(routes),
        "capacitated_links": capped,
        "seed": seed,
        "total_supply": total_supply,
        "total_demand": total_demand,
        "build_seconds": round(build_seconds, 3),
        "status": str(plan.status),
        "solve_seconds": round(solve_seconds, 3),
        "solve_cpu_seconds": round(solve_cpu, 3),
        "cost": plan.total_cost,
        "routes_used": len(plan.flows),
        "greedy_status": str(by_hand.status),
        "greedy_seconds": round(greedy_seconds, 3),
        "greedy_cost": by_hand.total_cost,
        "greedy_shortfall": greedy_short,
        "gap_percent": None if gap is None else round(gap, 2),
        "check_seconds": round(check_seconds, 3),
        "problems": problems,
        "goal_solve_seconds": GOAL_SOLVE_SECONDS,
        "passed": passed,
        "machine": machine(),
    }
