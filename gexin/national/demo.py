"""The demo of national planning (seed 004): each area adds its part, in this order."""

import importlib

from django.db import transaction

from gexin.core.audit import audit_context

AREAS = ("board", "equipment", "quality", "transfers")


def _area(name):
    try:
        return importlib.import_module(f"gexin.national.demo_{name}")
    except ModuleNotFoundError:
        return None


def is_loaded():
    """True when every area's demo is in the database."""
    return all(module.is_loaded() for module in map(_area, AREAS) if module is not None)


@transaction.atomic
def load(stdout=None):
    """Load each area's demo that is not there yet; return {kind of row: rows written}."""
    written = {}
    with audit_context(reason="demo national planning reconstructed from seed 004"):
        for module in map(_area, AREAS):
            if module is not None and not module.is_loaded():
                written.update(module.load())
    return written
