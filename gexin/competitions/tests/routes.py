"""Example objects and needs of the competitions routes, for the route-walking permission
test (core/tests/test_route_coverage.py).

ACTIONS: the right a route needs when its name does not tell (see route_needs there).
"""

from functools import partial

from gexin.competitions.tests import factories, factories_evaluations, factories_help

AREAS = (factories, factories_evaluations, factories_help)

ACTIONS = {
    "competitions:advancedproducer_candidates": ("view", "add"),
    "competitions:advancedproducer_confirm": "change",
    "competitions:advancedproducer_decline": "change",
    "competitions:award_approve": "approve",
    "competitions:award_reject": "approve",
    "competitions:evaluation_publish": ("view", "publish"),
    "competitions:evaluation_recompute": ("view", "add"),
    "competitions:helpcase_candidates": "view",
    "competitions:helpcase_review": "competitions.add_helpreview",
    "competitions:score_adjust": "competitions.adjust_evaluation",
    "advancedproducer-candidates": "view",
    "advancedproducer-confirm": "change",
    "advancedproducer-decline": "change",
    "award-approve": "approve",
    "award-reject": "approve",
    "competition-standings": "view",
    "evaluation-compute": "add",
    "evaluation-publish": "publish",
    "handover-comparison": "view",
    "helpcase-missing-quota": "view",
    "score-adjust": "competitions.adjust_evaluation",
}


def _example(module, key, world):
    return module.examples(world)[key]


def route_examples():
    """{route name: world → object} for every competitions route that takes an id."""
    return {
        name: partial(_example, module, key)
        for module in AREAS
        for name, key in module.ROUTES.items()
    }
