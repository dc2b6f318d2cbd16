"""What the org routes need, for the route-walking permission test
(gexin/core/tests/test_route_coverage.py).

ACTIONS: the right a route needs when its name does not tell (see route_needs there).
"""

ACTIONS = {
    # An account is made or reset by whoever may assign roles where the person works.
    "org:person_account": "org.add_roleassignment",
    "org:person_lookup": "view",
    "org:unit_lookup": "view",
    "org:unit_tree": "view",
    "org:unit_children": "view",
    "org:unit_by_code": "org.view_unit",
}
