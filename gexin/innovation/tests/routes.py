"""Example objects for the route-walking permission test, gathered from each area."""

from functools import partial

from gexin.innovation.tests import factories, factories_lines, factories_trials

AREAS = (factories, factories_trials, factories_lines)


def _example(module, key, world):
    return module.examples(world)[key]


def route_examples():
    """{route name: world → object} for every innovation route that takes an id."""
    return {
        name: partial(_example, module, key)
        for module in AREAS
        for name, key in module.ROUTES.items()
    }
