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
