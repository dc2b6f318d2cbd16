"""Demo of the people's records: the Huaxin turning group (seed 000 p.10). Each area adds
its part, in this order; what the seed does not give is illustrative and marked so."""

import importlib

from django.db import transaction

from gexin.core.audit import audit_context

AREAS = ("skills", "mentoring", "groups", "help", "members")


def _area(name):
    return importlib.import_module(f"gexin.people.demo_{name}")


def is_loaded():
    """True when every area's demo is in the database."""
    return all(_area(name).is_loaded() for name in AREAS)


@transaction.atomic
def load(stdout=None):
    """Load each area's demo that is not there yet; return {kind of row: rows written}."""
    written = {}
    with audit_context(reason="demo people and group work reconstructed from seed 000"):
        for name in AREAS:
            module = _area(name)
            if not module.is_loaded():
                written.update(module.load())
    return written
