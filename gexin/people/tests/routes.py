"""Example objects for the route-walking permission test, gathered from each area."""

from functools import partial

from gexin.people.tests import (
    factories_board,
    factories_groups,
    factories_members,
    factories_mentoring,
    factories_skills,
)

AREAS = (
    factories_board,
    factories_skills,
    factories_mentoring,
    factories_groups,
    factories_members,
)


# The right each route needs when its name does not tell (see route_needs in
# core/tests/test_route_coverage.py).
ACTIONS = {
    "people:activity_attendance": "change",
    "people:apprenticeship_complete": "change",
    "people:apprenticeship_end": "change",
    "people:apprenticeshipgoal_reach": ("view", "change"),
    # Whoever may view the people of a unit sees its board.
    "people:board": "org.view_person",
    "people:unit_board_panel": "org.view_person",
    "people:dues_arrears": "view",
    "people:dues_sheet": ("view", "add"),
    "people:duesrate_set_for_unit": "add",
    "people:person_membership": "people.view_membershipevent",
    "people:person_skills": "view",
    "people:skill_matrix": "view",
    "people:studygroupmember_end": ("view", "change"),
    "apprenticeship-complete": "change",
    "apprenticeship-end": "change",
    "apprenticeship-figures": "view",
    "duespayment-sheet": "add",
    "duesrate-set-for-unit": "add",
    "studygroupmember-end": "change",
    "api_dues_arrears": "people.view_duespayment",
    "api_people_board": "org.view_person",
    "api_skill_matrix": "people.view_skilllevel",
}


def _example(module, key, world):
    return module.examples(world)[key]


def route_examples():
    """{route name: world → object} for every people route that takes an id."""
    return {
        name: partial(_example, module, key)
        for module in AREAS
        for name, key in module.ROUTES.items()
    }


def catalogue_routes():
    """Routes every signed-in user reads."""
    return {name for module in AREAS for name in getattr(module, "CATALOGUE_ROUTES", ())}
