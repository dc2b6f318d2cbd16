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


# The right each route needs when its name does not tell (see route_needs in
# core/tests/test_route_coverage.py).
ACTIONS = {
    "exchange:adoption_adopt": "change",
    "exchange:adoption_decline": "change",
    # Whoever may push the experience to the receiving unit moves the check date.
    "exchange:adoption_check_due": "exchange.push_experience",
    **{
        f"exchange:{model}_{move}": ("view", "change")
        for model in ("assistancecard", "cooperation")
        for move in ("confirm", "deliver", "match", "withdraw")
    },
    "exchange:comparison": "exchange.view_experience",
    "exchange:conference_evaluate": "exchange.add_itemevaluation",
    "exchange:experience_attach": "exchange.add_experienceattachment",
    "exchange:experience_push": "push",
    "exchange:experienceattachment_download": "view",
    "exchange:expressreport_feed": "exchange.view_expressreport",
    "exchange:expressreport_publish": ("view", "publish"),
    "exchange:search": "view",
    "exchange:similar": "view",
    "adoption-adopt": "change",
    "adoption-decline": "change",
    "adoption-check-due": "exchange.push_experience",
    **{
        f"{model}-{move}": "change"
        for model in ("assistancecard", "cooperation")
        for move in ("confirm", "deliver", "match", "withdraw")
    },
    "conference-evaluate": "exchange.add_itemevaluation",
    "experience-push": "push",
    "experience-spread": "view",
    "expressreport-publish": "publish",
    "api_comparison": "exchange.view_experience",
    "api_search": "exchange.view_experience",
}

# A card's moves are refused outright (403) to those who answer for no unit's cards;
# whoever answers for some unit's cards is told instead which side makes the move, after
# reading their input (400 with the reason, gexin.exchange.workflow.refusal).
REFUSED_WITH_REASON = {
    **{
        f"exchange:assistancecard_{move}": "the card's side is checked after the input"
        for move in ("confirm", "deliver", "match", "withdraw")
    },
    **{
        f"assistancecard-{move}": "the card's side is checked after the input"
        for move in ("confirm", "deliver", "match", "withdraw")
    },
}

# Query strings a route needs: {name: world → "?…"}.
ROUTE_QUERIES = {
    "exchange:cooperationitem_add": lambda world: (
        f"?cooperation={factories_cards.examples(world)['cooperation'].pk}"
    ),
}


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
