"""Example objects for the route-walking permission test, gathered from each area."""

from functools import partial

from gexin.competitions.tests import factories, factories_evaluations, factories_help

AREAS = (factories, factories_evaluations, factories_help)


def _example(module, key, world):
    return module.examples(world)[key]


def route_examples():
    """{route name: world → object} for every competitions route that takes an id."""
    return {
        name: partial(_example, module, key)
        for module in AREAS
        for name, key in module.ROUTES.items()
    }
