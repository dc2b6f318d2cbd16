"""Example objects for the route-walking permission test, gathered from each area."""

from functools import partial

from gexin.national.tests import (
    factories_board,
    factories_equipment,
    factories_quality,
    factories_transfers,
)

AREAS = (factories_board, factories_equipment, factories_quality, factories_transfers)


# The right each route needs when its name does not tell (see route_needs in
# core/tests/test_route_coverage.py).
ACTIONS = {
    # The board shows the plans of the units one may see.
    "national:board": "plans.view_plan",
    "national:equipment_restarts": "view",
    "national:equipment_utilisation": "view",
    "national:equipment_status": "status",
    "national:inspection_import": "add",
    "national:quality_rates": "view",
    "national:transfer_plan_adopt": ("view", "change"),
    "national:transfer_plan_solve": ("view", "change"),
    "equipment-status": "status",
    "equipment-utilisation": "view",
    "inspection-import-file": "add",
    "transferplan-adopt": "change",
    "transferplan-solve": "change",
    "quality-rates-list": ("national.view_inspection", "national.view_inspection"),
    "api_board": "plans.view_plan",
}


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
