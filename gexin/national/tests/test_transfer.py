"""Transfer plans: the least-cost plan, the greedy plan, shortfalls explained, the check.

Plain tests on the solver, without the database.
"""

import dataclasses
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gexin.national.transfer import (
    Demand,
    Link,
    Method,
    PlanStatus,
    Reason,
    Supply,
    check,
    greedy,
    random_instance,
    solve,
)

# Costs per tonne on each route of the hand-checked instance.
HAND_COSTS = {
    "Hebei": {"Anshan": 4, "Shijingshan": 2, "Taiyuan": 5, "Wuhan": 7},
    "Shanxi": {"Anshan": 6, "Shijingshan": 4, "Taiyuan": 1, "Wuhan": 6},
    "Henan": {"Anshan": 8, "Shijingshan": 5, "Taiyuan": 4, "Wuhan": 3},
}


def hand_instance():
    """Three supplying provinces, four receiving steelworks, every route open."""
    supplies = [Supply("Hebei", 300), Supply("Shanxi", 200), Supply("Henan", 250)]
    demands = [
        Demand("Anshan", 250),
        Demand("Shijingshan", 150),
        Demand("Taiyuan", 200),
        Demand("Wuhan", 100),
    ]
    links = [
        Link(source, target, cost)
        for source, row in HAND_COSTS.items()
        for target, cost in row.items()
    ]
    return supplies, demands, links


def test_it_finds_the_hand_checked_optimum():
    """The optimum, worked out by hand.

    Costs per tonne (supply 750 t, demand 700 t):

                    Anshan 250  Shijingshan 150  Taiyuan 200  Wuhan 100
        Hebei 300        4             2              5            7
        Shanxi 200       6             4              1            6
        Henan 250        8             5              4            3

    Shanxi is next to Taiyuan (1): all 200 t go there. Henan is next to Wuhan (3):
    100 t. Anshan's cheapest source is Hebei (4): 250 t, which leaves Hebei 50 t for
    Shijingshan (2), and Shijingshan's other 100 t come from Henan (5), which keeps
    50 t. Cost 250·4 + 50·2 + 100·5 + 200·1 + 100·3 = 2,100.

    Proof by prices. Give each demand a delivered price v and each supply a price w
    (0 for Henan, which has stock left): v = Anshan 7, Shijingshan 5, Taiyuan 3,
    Wuhan 3 and w = Hebei 3, Shanxi 2, Henan 0. On every route v − w ≤ cost, with
    equality on the five routes used (Hebei→Anshan 7−3 = 4, Hebei→Shijingshan
    5−3 = 2, Henan→Shijingshan 5−0 = 5, Shanxi→Taiyuan 3−2 = 1, Henan→Wuhan
    3−0 = 3) and strictly below on the seven others. Any plan costs at least
    Σ demand·v − Σ supply·w = 3,400 − 1,300 = 2,100, so this plan is optimal, and
    the only optimum since every unused route is strictly dearer than its prices.
    """
    supplies, demands, links = hand_instance()
    v = {"Anshan": 7, "Shijingshan": 5, "Taiyuan": 3, "Wuhan": 3}
    w = {"Hebei": 3, "Shanxi": 2, "Henan": 0}
    assert all(v[link.target] - w[link.source] <= link.cost for link in links)
    assert sum(d.quantity * v[d.key] for d in demands) - sum(
        s.quantity * w[s.key] for s in supplies
    ) == pytest.approx(2100)

    plan = solve(supplies, demands, links)

    assert plan.status == PlanStatus.OPTIMAL
    assert plan.method == Method.LINEAR_PROGRAM
    assert plan.total_cost == pytest.approx(2100)
    assert plan.flows == pytest.approx(
        {
            ("Hebei", "Anshan"): 250,
            ("Hebei", "Shijingshan"): 50,
            ("Henan", "Shijingshan"): 100,
            ("Shanxi", "Taiyuan"): 200,
            ("Henan", "Wuhan"): 100,
        }
    )
    assert plan.received == pytest.approx(
        {"Anshan": 250, "Shijingshan": 150, "Taiyuan": 200, "Wuhan": 100}
    )
    assert plan.shortfall == {"Anshan": 0, "Shijingshan": 0, "Taiyuan": 0, "Wuhan": 0}
    assert plan.shipped == pytest.approx({"Hebei": 300, "Shanxi": 200, "Henan": 200})
    assert plan.left == pytest.approx({"Hebei": 0, "Shanxi": 0, "Henan": 50})
    assert plan.explanation is None
    assert check(plan, supplies, demands, links) == []


def test_the_greedy_plan_costs_more_where_the_big_demand_takes_the_shared_cheap_supply():
    """Anshan (100 t) goes first and takes all of Hebei at 1; the foundry (50 t) is
    left with Shanxi at 10: 100 + 500 = 600. The optimum gives the foundry 50 t of
    Hebei and Anshan the rest of Hebei plus 50 t of Shanxi at 2: 50 + 50 + 100 = 200.
    """
    supplies = [Supply("Hebei", 100), Supply("Shanxi", 100)]
    demands = [Demand("Anshan", 100), Demand("foundry", 50)]
    links = [
        Link("Hebei", "Anshan", 1),
        Link("Shanxi", "Anshan", 2),
        Link("Hebei", "foundry", 1),
        Link("Shanxi", "foundry", 10),
    ]

    by_hand = greedy(supplies, demands, links)
    best = solve(supplies, demands, links)

    assert by_hand.status == PlanStatus.FEASIBLE
    assert by_hand.method == Method.GREEDY
    assert by_hand.total_cost == pytest.approx(600)
    assert by_hand.flows == pytest.approx({("Hebei", "Anshan"): 100, ("Shanxi", "foundry"): 50})
    assert best.total_cost == pytest.approx(200)
    assert check(by_hand, supplies, demands, links) == []
    assert check(best, supplies, demands, links) == []


def test_the_greedy_plan_serves_key_enterprises_first_then_the_largest():
    supplies = [Supply("Hebei", 100)]
    demands = [Demand("small", 30), Demand("large", 60), Demand("key", 20, priority=1)]
    links = [Link("Hebei", key, 1) for key in ("small", "large", "key")]

    plan = greedy(supplies, demands, links)

    assert plan.received == pytest.approx({"key": 20, "large": 60, "small": 20})
    assert plan.status == PlanStatus.INFEASIBLE
    assert [item.demand for item in plan.explanation.shortfalls] == ["small"]


def test_the_greedy_plan_can_leave_short_a_demand_that_solve_meets_and_says_so():
    """Anshan takes all of Hebei; the foundry, linked to Hebei only, gets nothing,
    though Anshan could have taken 50 t from Shanxi instead."""
    supplies = [Supply("Hebei", 100), Supply("Shanxi", 50)]
    demands = [Demand("Anshan", 100), Demand("foundry", 50)]
    links = [Link("Hebei", "Anshan", 1), Link("Shanxi", "Anshan", 2), Link("Hebei", "foundry", 1)]

    by_hand = greedy(supplies, demands, links)
    best = solve(supplies, demands, links)

    assert by_hand.status == PlanStatus.INFEASIBLE
    (shortfall,) = by_hand.explanation.shortfalls
    assert (shortfall.demand, shortfall.shortfall) == ("foundry", pytest.approx(50))
    assert Reason.REALLOCATION in shortfall.reasons
    assert best.status == PlanStatus.OPTIMAL
    assert best.total_cost == pytest.approx(50 + 50 * 2 + 50)
    assert check(by_hand, supplies, demands, links) == []


def test_a_demand_without_any_link_is_explained_and_the_rest_still_solved():
    supplies, demands, links = hand_instance()
    demands.append(Demand("Baotou", 80, priority=1))

    plan = solve(supplies, demands, links)

    assert plan.status == PlanStatus.INFEASIBLE
    assert plan.total_cost == pytest.approx(2100)  # the others as before
    assert plan.shortfall["Baotou"] == pytest.approx(80)
    (shortfall,) = plan.explanation.shortfalls
    assert shortfall.demand == "Baotou"
    assert shortfall.received == 0
    assert shortfall.reasons == (Reason.NO_LINK,)
    assert "no link from any supply" in shortfall.describe()
    assert check(plan, supplies, demands, links) == []


def short_supply(anshan_priority=2, wuhan_priority=1, foundry_priority=0):
    """100 t for 130 t of demand; the foundry's route is the cheapest."""
    supplies = [Supply("Hebei", 100)]
    demands = [
        Demand("Anshan", 60, anshan_priority),
        Demand("Wuhan", 30, wuhan_priority),
        Demand("foundry", 40, foundry_priority),
    ]
    links = [Link("Hebei", "Anshan", 5), Link("Hebei", "Wuhan", 4), Link("Hebei", "foundry", 1)]
    return supplies, demands, links


def test_when_total_supply_is_short_the_lowest_priority_goes_short():
    supplies, demands, links = short_supply()

    plan = solve(supplies, demands, links)

    assert plan.status == PlanStatus.INFEASIBLE
    assert plan.received == pytest.approx({"Anshan": 60, "Wuhan": 30, "foundry": 10})
    assert plan.total_cost == pytest.approx(60 * 5 + 30 * 4 + 10 * 1)
    explanation = plan.explanation
    assert explanation.is_total_supply_short
    assert (explanation.total_supply, explanation.total_demand) == (100, 130)
    assert explanation.total_shortfall == pytest.approx(30)
    (shortfall,) = explanation.shortfalls
    assert shortfall.demand == "foundry"
    assert shortfall.shortfall == pytest.approx(30)
    assert shortfall.reasons == (Reason.TOTAL_SUPPLY_SHORT,)
    assert shortfall.group_demands == ("Anshan", "Wuhan", "foundry")  # by priority
    assert shortfall.group_sources == ("Hebei",)
    assert "total supply is below total demand" in shortfall.describe()
    assert "30 t below total demand" in explanation.describe()[0]
    assert check(plan, supplies, demands, links) == []


def test_without_priorities_the_cost_decides_who_goes_short():
    supplies, demands, links = short_supply(0, 0, 0)

    plan = solve(supplies, demands, links)

    # The same 30 t are short, now where a tonne costs most: Anshan.
    assert plan.received == pytest.approx({"Anshan": 30, "Wuhan": 30, "foundry": 40})
    assert [item.demand for item in plan.explanation.shortfalls] == ["Anshan"]
    assert check(plan, supplies, demands, links) == []


def test_a_full_link_is_the_reason_when_the_supply_has_stock_left():
    supplies = [Supply("Hebei", 500)]
    demands = [Demand("Anshan", 150)]
    links = [Link("Hebei", "Anshan", 3, capacity=100)]

    plan = solve(supplies, demands, links)

    assert plan.status == PlanStatus.INFEASIBLE
    assert plan.left == pytest.approx({"Hebei": 400})
    (shortfall,) = plan.explanation.shortfalls
    assert shortfall.shortfall == pytest.approx(50)
    assert shortfall.reasons == (Reason.LINK_CAPACITY,)
    assert shortfall.full_links == (("Hebei", "Anshan"),)
    assert shortfall.group_capacity == 100
    assert not plan.explanation.is_total_supply_short
    assert check(plan, supplies, demands, links) == []


def test_a_full_link_and_a_used_up_linked_supply_are_both_reasons():
    supplies = [Supply("Hebei", 500), Supply("Shanxi", 20), Supply("Henan", 300)]
    demands = [Demand("Anshan", 150), Demand("Wuhan", 100)]
    links = [
        Link("Hebei", "Anshan", 3, capacity=100),
        Link("Shanxi", "Anshan", 5),
        Link("Henan", "Wuhan", 2),
    ]

    plan = solve(supplies, demands, links)

    assert plan.received == pytest.approx({"Anshan": 120, "Wuhan": 100})
    (shortfall,) = plan.explanation.shortfalls
    assert shortfall.demand == "Anshan"
    assert shortfall.shortfall == pytest.approx(30)
    assert shortfall.reasons == (Reason.LINK_CAPACITY, Reason.LINKED_SUPPLY_SHORT)
    assert shortfall.group_sources == ("Shanxi",)
    assert shortfall.full_links == (("Hebei", "Anshan"),)
    assert check(plan, supplies, demands, links) == []


def test_linked_supplies_too_small_though_the_country_has_enough():
    supplies = [Supply("Hebei", 500), Supply("Shanxi", 20)]
    demands = [Demand("Anshan", 100), Demand("Taiyuan", 50)]
    links = [Link("Hebei", "Anshan", 3), Link("Shanxi", "Taiyuan", 1)]

    plan = solve(supplies, demands, links)

    (shortfall,) = plan.explanation.shortfalls
    assert (shortfall.demand, shortfall.shortfall) == ("Taiyuan", pytest.approx(30))
    assert shortfall.reasons == (Reason.LINKED_SUPPLY_SHORT,)
    assert check(plan, supplies, demands, links) == []


def tampered(plan, flows, **changes):
    """The plan with other flows (and whatever else is given), the rest unchanged."""
    return dataclasses.replace(plan, flows=flows, **changes)


def test_check_catches_a_costlier_plan_that_still_meets_every_demand():
    supplies, demands, links = hand_instance()
    plan = solve(supplies, demands, links)
    # 10 t around a cycle: Anshan takes 10 t from Henan instead of Hebei, and Hebei
    # sends them to Shijingshan instead of Henan. Every total stays; it costs 10 more.
    flows = dict(plan.flows)
    flows[("Hebei", "Anshan")] -= 10
    flows[("Henan", "Anshan")] = 10
    flows[("Henan", "Shijingshan")] -= 10
    flows[("Hebei", "Shijingshan")] += 10

    problems = check(tampered(plan, flows, total_cost=2110), supplies, demands, links)

    assert len(problems) == 1
    assert problems[0].startswith("not least cost: the plan costs 2,110.00")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({("Hebei", "Anshan"): 250, ("Baotou", "Anshan"): 1}, "there is no such link"),
        ({("Hebei", "Anshan"): 350}, "ships 400 t of its 300 t"),
        ({("Hebei", "Anshan"): 240}, "leaves 1 of the demands short: Anshan by 10 t"),
        ({("Hebei", "Anshan"): -5}, "is not a quantity"),
    ],
)
def test_check_catches_a_tampered_flow(change, expected):
    supplies, demands, links = hand_instance()
    plan = solve(supplies, demands, links)

    problems = check(tampered(plan, {**plan.flows, **change}), supplies, demands, links)

    assert any(expected in problem for problem in problems), problems


def test_check_catches_totals_that_do_not_match_the_flows():
    supplies, demands, links = hand_instance()
    plan = solve(supplies, demands, links)
    wrong = dataclasses.replace(plan, received={**plan.received, "Wuhan": 90}, total_cost=2000.0)

    problems = check(wrong, supplies, demands, links)

    assert any("demand Wuhan: received 90" in problem for problem in problems)
    assert any("total cost 2000.0" in problem for problem in problems)


def test_check_catches_a_flow_over_a_links_capacity():
    supplies = [Supply("Hebei", 500)]
    demands = [Demand("Anshan", 150)]
    links = [Link("Hebei", "Anshan", 3, capacity=100)]
    plan = solve(supplies, demands, links)

    problems = check(tampered(plan, {("Hebei", "Anshan"): 150.0}), supplies, demands, links)

    assert any("over the link's capacity of 100 t" in problem for problem in problems)


def test_check_catches_a_shortage_moved_onto_a_key_enterprise():
    supplies, demands, links = short_supply()
    plan = solve(supplies, demands, links)
    # Anshan (priority 2) short instead of the foundry: same tonnes, wrong order.
    flows = {("Hebei", "Anshan"): 30.0, ("Hebei", "Wuhan"): 30.0, ("Hebei", "foundry"): 40.0}
    (foundry_short,) = plan.explanation.shortfalls
    wrong = tampered(
        plan,
        flows,
        received={"Anshan": 30.0, "Wuhan": 30.0, "foundry": 40.0},
        shortfall={"Anshan": 30.0, "Wuhan": 0.0, "foundry": 0.0},
        total_cost=30 * 5 + 30 * 4 + 40 * 1.0,
        explanation=dataclasses.replace(
            plan.explanation,
            shortfalls=(dataclasses.replace(foundry_short, demand="Anshan"),),
        ),
    )

    problems = check(wrong, supplies, demands, links)

    assert problems == [
        "demands of priority ≥ 2 receive 30 t, but 60 t can reach them",
        "demands of priority ≥ 1 receive 60 t, but 90 t can reach them",
    ]


def test_an_infeasible_claim_on_a_feasible_instance_is_caught():
    supplies, demands, links = hand_instance()
    plan = solve(supplies, demands, links)
    claim = dataclasses.replace(plan, status=PlanStatus.INFEASIBLE)

    assert "the plan is marked infeasible but meets every demand" in check(
        claim, supplies, demands, links
    )


def test_a_malformed_instance_is_refused():
    supplies, demands, links = hand_instance()
    with pytest.raises(ValueError, match="two links from Hebei to Anshan"):
        solve(supplies, demands, [*links, Link("Hebei", "Anshan", 1)])
    with pytest.raises(ValueError, match="link from unknown supply Gansu"):
        solve(supplies, demands, [*links, Link("Gansu", "Anshan", 1)])
    with pytest.raises(ValueError, match="quantity of Hebei must be a number"):
        solve([Supply("Hebei", -1), *supplies[1:]], demands, links)
    with pytest.raises(ValueError, match="capacity of Hebei → Anshan"):
        solve(supplies, demands, [Link("Hebei", "Anshan", 1, float("nan")), *links[1:]])


def test_the_random_instance_is_the_same_for_the_same_seed():
    first, again = random_instance(4, 50, 120), random_instance(4, 50, 120)
    other = random_instance(4, 50, 120, seed=1)
    assert first == again
    assert first != other
    supplies, demands, links = first
    assert (len(supplies), len(demands), len(links)) == (4, 50, 120)
    assert {link.target for link in links} == {demand.key for demand in demands}


def test_a_medium_random_instance_solves_and_checks():
    supplies, demands, links = random_instance(provinces=15, enterprises=200, links=3000)
    assert sum(link.capacity is not None for link in links) > 0

    plan = solve(supplies, demands, links)
    by_hand = greedy(supplies, demands, links)

    assert plan.status == PlanStatus.OPTIMAL
    assert check(plan, supplies, demands, links) == []
    assert check(by_hand, supplies, demands, links) == []
    assert by_hand.total_cost >= plan.total_cost - 1e-6


def test_a_medium_random_instance_with_half_the_supply_is_explained_and_checks():
    supplies, demands, links = random_instance(provinces=15, enterprises=200, links=3000)
    supplies = [Supply(item.key, item.quantity / 2) for item in supplies]

    plan = solve(supplies, demands, links)

    assert plan.status == PlanStatus.INFEASIBLE
    assert plan.explanation.is_total_supply_short
    short = {key for key, value in plan.shortfall.items() if value > 0}
    assert {item.demand for item in plan.explanation.shortfalls} == short

    # Key enterprises (priority 1) are served first: a smaller share of theirs is short.
    def share_short(priority):
        group = [d for d in demands if d.priority == priority]
        return sum(plan.shortfall[d.key] for d in group) / sum(d.quantity for d in group)

    assert share_short(1) < share_short(0) / 10
    assert check(plan, supplies, demands, links) == []


def test_the_bench_command_solves_a_tiny_instance_and_checks_it(tmp_path):
    out = StringIO()

    call_command(
        "bench",
        "transfer",
        "--provinces=3",
        "--enterprises=20",
        "--links=50",
        "--seed=2",
        f"--output={tmp_path / 'transfer.json'}",
        stdout=out,
    )

    text = out.getvalue()
    assert "Transfer plan: 3 provinces, 20 enterprises, 50 links" in text
    assert "solve    optimal" in text
    assert "check    passed" in text
    assert "(gap +" in text
    assert "Optimal in" in text
    report = json.loads((tmp_path / "transfer.json").read_text(encoding="utf-8"))
    assert report["status"] == PlanStatus.OPTIMAL
    assert report["problems"] == []
    assert report["greedy_cost"] > report["cost"] > 0
    assert report["gap_percent"] > 0


def test_the_bench_command_refuses_more_links_than_pairs():
    with pytest.raises(CommandError, match="--links must be between 20"):
        call_command("bench", "transfer", "--provinces=2", "--enterprises=20", "--links=41")
