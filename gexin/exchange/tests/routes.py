"""Example objects for the route-walking permission test, gathered from each area.

Some exchange objects travel between plants (experiences, their adoptions and pictures,
published express reports, open cards): plant B's people may open those, so each area
also names its shared routes.
"""

from functools import partial

from gexin.exchange.tests import (
    factories_cards,
    factories_contracts,
    factories_experiences,
    factories_express,
    factories_search,
)

AREAS = (
    factories_experiences,
    factories_search,
    factories_contracts,
    factories_express,
    factories_cards,
)


def _example(module, key, world):
    return module.examples(world)[key]


def route_examples():
    """{route name: world → object} for every exchange route that takes an id."""
    return {
        name: partial(_example, module, key)
        for module in AREAS
        for name, key in module.ROUTES.items()
    }


def shared_routes():
    """Routes whose example object plant B's people may open, though it is plant A's."""
    return {name for module in AREAS for name in getattr(module, "SHARED_ROUTES", ())}


def shared_change_routes():
    """Routes that change a shared object: plant B's people see it, so they get 403."""
    return {name for module in AREAS for name in getattr(module, "SHARED_CHANGE_ROUTES", ())}
