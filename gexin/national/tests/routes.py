"""Example objects for the route-walking permission test, gathered from each area."""

from functools import partial

from gexin.national.tests import (
    factories_board,
    factories_equipment,
    factories_quality,
    factories_transfers,
)

AREAS = (factories_board, factories_equipment, factories_quality, factories_transfers)


def _example(module, key, world):
    return module.examples(world)[key]


def route_examples():
    """{route name: world → object} for every national route that takes an id."""
    return {
        name: partial(_example, module, key)
        for module in AREAS
        for name, key in module.ROUTES.items()
    }


def catalogue_routes():
    """Routes of shared catalogues (product standards): everyone signed in reads them."""
    return {name for module in AREAS for name in getattr(module, "CATALOGUE_ROUTES", ())}
