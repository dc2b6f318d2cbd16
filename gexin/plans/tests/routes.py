"""What the plans routes need, for the route-walking permission test
(gexin/core/tests/test_route_coverage.py).

ACTIONS: the right a route needs when its name does not tell (see route_needs there).
"""

ACTIONS = {
    "plans:plan_adopt": "change",
    "plans:plan_assemble": ("view", "change"),
    # Breaking a plan down writes the plans of the units below it.
    "plans:plan_breakdown": "plans.add_plan",
    "plans:plan_targets": "change",
    "plans:record_grid": "add",
    "plans:record_import": "add",
    "plans:unit_fulfilment": "plans.view_plan",
    "plan-adopt": "change",
    "api_fulfilment": "plans.view_plan",
}
