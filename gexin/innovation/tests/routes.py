"""Example objects and needs of the innovation routes, for the route-walking permission
test (core/tests/test_route_coverage.py).

ACTIONS: the right a route needs when its name does not tell (see route_needs there).
WORKER_MAY: the changes a plain member of the unit may make, and why.
"""

from functools import partial

from gexin.innovation.tests import factories, factories_lines, factories_trials

AREAS = (factories, factories_trials, factories_lines)

# Problems, comments, pictures and solutions are posted by everyone, as on a wall of
# posters (gexin.innovation.permissions: every role adds them).
POSTED_BY_ANYONE = "everyone in the unit posts problems, comments, pictures and solutions"

ACTIONS = {
    "innovation:attachment_download": "view",
    "innovation:fortress_board": "view",
    "innovation:keyissue_poster": "view",
    # A picture on a problem is posted like the problem; on a key issue, by its keepers.
    "innovation:problem_attach": "add",
    "innovation:keyissue_attach": "change",
    "innovation:keyissue_attack": "change",
    "innovation:keyissue_solve": "change",
    "innovation:keyissue_verify": "change",
    "innovation:keyissue_propose": ("view", "innovation.add_proposedsolution"),
    "innovation:problem_comment": ("view", "innovation.add_problemcomment"),
    # Whoever may raise a problem may say they have it too.
    "innovation:problem_support": ("view", "innovation.add_problem"),
    "innovation:problem_merge": "change",
    "innovation:productionline_recalculate": ("view", "innovation.change_station"),
    "innovation:regulationversion_approve": "approve",
    "innovation:regulationversion_reject": "approve",
    "innovation:regulationversion_submit": ("view", "change"),
    "innovation:station_move": ("view", "change"),
    "innovation:trial_import": "innovation.add_observation",
    "innovation:trialvariable_enter": "innovation.add_observation",
    "innovation:trialvariable_records": "innovation.add_observation",
    "campaign-summary": "view",
    "keyissue-attack": "change",
    "keyissue-solve": "change",
    "keyissue-verify": "change",
    "problem-merge": "change",
    "problem-support": "innovation.add_problem",
    "productionline-recalculate": "innovation.change_station",
    "regulationversion-approve": "approve",
    "regulationversion-reject": "approve",
    "regulationversion-submit": "change",
    "regulationversion-comparison": "view",
    "trial-analysis": "view",
}

WORKER_MAY = {
    "innovation:problem_add": POSTED_BY_ANYONE,
    "innovation:problem_attach": POSTED_BY_ANYONE,
    "innovation:problem_comment": POSTED_BY_ANYONE,
    "innovation:problem_support": POSTED_BY_ANYONE,
    "innovation:keyissue_propose": POSTED_BY_ANYONE,
    "problem-list": POSTED_BY_ANYONE,
    "problem-support": POSTED_BY_ANYONE,
    "problemcomment-list": POSTED_BY_ANYONE,
    "proposedsolution-list": POSTED_BY_ANYONE,
}


def _example(module, key, world):
    return module.examples(world)[key]


def route_examples():
    """{route name: world → object} for every innovation route that takes an id."""
    return {
        name: partial(_example, module, key)
        for module in AREAS
        for name, key in module.ROUTES.items()
    }
